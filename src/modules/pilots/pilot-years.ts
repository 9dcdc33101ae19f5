// 试点年度: each year's deadline for applications (30 September unless the ministry sets another).
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { deadlineIssues, defaultPilotDeadline, isBeforeDeadline } from '../../domain/pilot-rules.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { assertPermission, hasPermission } from '../../platform/policy.ts';
import type { PilotYearDto, PilotYearSetReq } from './schemas.ts';
import { pilotYears } from './tables.ts';

// ------------------------------------------------------------------------------- pilot years

/** A year's deadline and whether submitting is still open on `today` (China's calendar date). */
export async function loadPilotYear(db: Database, year: number, today: CalendarDate): Promise<PilotYearDto> {
  const [row] = await db.select().from(pilotYears).where(eq(pilotYears.year, year));
  const deadline = row?.deadline ?? defaultPilotDeadline(year);
  return { year, deadline, isDefault: !row, note: row?.note ?? null, open: isBeforeDeadline(today, deadline) };
}

/** The years with a deadline the ministry set, and the current and next year (30 September unless set). */
export async function listPilotYears(db: Database, context: RequestContext) {
  if (!hasPermission(context.actor, 'pilot:read') && !hasPermission(context.actor, 'pilot:decide')) assertPermission(context.actor, 'pilot:read');
  const rows = await db.select().from(pilotYears).orderBy(desc(pilotYears.year));
  const now = context.clock.today();
  const current = Number(now.slice(0, 4));
  const years = new Set([...rows.map((row) => row.year), current, current + 1]);
  const items = [...years]
    .sort((a, b) => b - a)
    .map((year) => {
      const row = rows.find((candidate) => candidate.year === year);
      const deadline = row?.deadline ?? defaultPilotDeadline(year);
      return { year, deadline, isDefault: !row, note: row?.note ?? null, open: isBeforeDeadline(now, deadline) };
    });
  return { items, today: now };
}

/** The ministry sets (or moves) the deadline of a pilot year. */
export async function setPilotYear(db: Database, context: RequestContext, input: PilotYearSetReq): Promise<PilotYearDto> {
  assertPermission(context.actor, 'pilot:decide');
  const issues = deadlineIssues(input.year, input.deadline);
  if (issues.length) {
    throw new AppError('VALIDATION', {}, { errors: issues.map((message) => fieldError('deadline', 'DEADLINE_INVALID', message['zh-CN'], message.en)) });
  }
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(pilotYears).where(eq(pilotYears.year, input.year));
    const values = { year: input.year, deadline: input.deadline, note: input.note ?? null, updatedAt: context.clock.now(), updatedBy: context.actor.userId };
    await tx.insert(pilotYears).values(values).onConflictDoUpdate({ target: pilotYears.year, set: values });
    await writeAudit(tx, context, {
      action: 'pilot-year.deadline-set',
      targetType: 'pilot-year',
      targetId: String(input.year),
      organisationId: context.actor.organisationId,
      organisationPath: context.actor.organisationPath,
      before: before ? { deadline: before.deadline, note: before.note } : { deadline: defaultPilotDeadline(input.year), note: null },
      after: { deadline: values.deadline, note: values.note },
    });
  });
  return loadPilotYear(db, input.year, context.clock.today());
}

