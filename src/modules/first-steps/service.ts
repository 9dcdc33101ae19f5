// 入门清单: the first steps of a new system administrator and of a new enterprise HR, each ticked
// by the data itself (no "mark as done"): the organisations and accounts exist, the year's holiday
// calendar is held, the occupation catalogue is loaded, the enterprise has its code settings,
// register and plan. Read-only counts inside the caller's own subtree.
import { and, eq, like, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations, users } from '../../db/schema.ts';
import { heldCalendarYears } from '../../platform/calendar-store.ts';
import type { RequestContext } from '../../platform/context.ts';
import { hasPermission } from '../../platform/policy.ts';
import { occupationCatalogue } from '../occupations/tables.ts';
import { plans } from '../plans/tables.ts';
import { employees } from '../register/tables.ts';

export type FirstStepId = 'organisations' | 'users' | 'calendar' | 'catalogue' | 'certificate-code' | 'register' | 'plan';

export interface FirstStep {
  id: FirstStepId;
  done: boolean;
  /** The page where the step is done, when the caller may do it there; null when someone else does it (the calendar for HR). */
  link: string | null;
}

export interface FirstSteps {
  /** Whose list: the administrator's (the whole system) or the enterprise HR's (its own enterprise); none for other roles. */
  audience: 'administrator' | 'enterprise' | null;
  year: number;
  steps: FirstStep[];
}

async function count(query: Promise<{ n: number }[]>): Promise<number> {
  const [row] = await query;
  return row?.n ?? 0;
}

export async function firstSteps(db: Database, context: RequestContext): Promise<FirstSteps> {
  const actor = context.actor;
  const year = Number(context.clock.today().slice(0, 4));
  const n = sql<number>`count(*)::int`;
  const calendarHeld = (await heldCalendarYears(db)).includes(year);
  const catalogueLoaded = (await count(db.select({ n }).from(occupationCatalogue).limit(1))) > 0;
  const otherUsers = () => count(db.select({ n }).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId)).where(and(like(organisations.path, `${actor.organisationPath}%`), ne(users.id, actor.userId))));

  if (actor.roles.includes('system-admin')) {
    const below = await count(db.select({ n }).from(organisations).where(and(like(organisations.path, `${actor.organisationPath}%`), ne(organisations.id, actor.organisationId))));
    return {
      audience: 'administrator',
      year,
      steps: [
        { id: 'organisations', done: below > 0, link: '/organisations' },
        { id: 'users', done: (await otherUsers()) > 0, link: '/users' },
        { id: 'calendar', done: calendarHeld, link: '/calendars' },
        { id: 'catalogue', done: catalogueLoaded, link: '/occupations' },
      ],
    };
  }
  if (actor.roles.includes('enterprise-admin')) {
    const [own] = await db.select({ institution: organisations.institution }).from(organisations).where(eq(organisations.id, actor.organisationId));
    const registered = await count(db.select({ n }).from(employees).where(like(employees.organisationPath, `${actor.organisationPath}%`)));
    const planned = await count(db.select({ n }).from(plans).where(and(like(plans.enterprisePath, `${actor.organisationPath}%`), eq(plans.year, year))));
    return {
      audience: 'enterprise',
      year,
      steps: [
        { id: 'certificate-code', done: Boolean(own?.institution), link: '/organisations' },
        { id: 'users', done: (await otherUsers()) > 0, link: '/users' },
        { id: 'register', done: registered > 0, link: '/register' },
        { id: 'calendar', done: calendarHeld, link: hasPermission(actor, 'calendar:write') ? '/calendars' : null },
        { id: 'catalogue', done: catalogueLoaded, link: hasPermission(actor, 'catalogue:write') ? '/occupations' : null },
        { id: 'plan', done: planned > 0, link: '/plans' },
      ],
    };
  }
  return { audience: null, year, steps: [] };
}
