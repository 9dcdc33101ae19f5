import { and, desc, eq, gte, ilike, inArray, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { addDays, addYears, requireCalendarDate, type CalendarDate } from '../../domain/calendar-date.ts';
import { maskIdNumber, type IdentityType } from '../../domain/identity.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { encryptPersonalData, lookupHash } from '../../platform/personal-data.ts';
import { assertPermission } from '../../platform/policy.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import type { BanDto, BanListQuery } from './schemas.ts';
import { bans, type BanSubjectType } from './tables.ts';

/** The length of a ban for fraud (section 六(四)). */
export const BAN_YEARS = 5;
/** The identifier type under which units (by unified social credit code) are hashed. */
export const UNIT_ID_TYPE = 'credit-code';

type BanRow = typeof bans.$inferSelect;

/** A ban as the checks see it. */
export interface ActiveBan {
  id: string;
  subjectType: BanSubjectType;
  subjectName: string;
  basis: string;
  fromDate: CalendarDate;
  /** The last day of the ban (inclusive). */
  untilDate: CalendarDate;
  yearDisqualified: number;
}

/** The last day of a ban that starts on `fromDate`: five years on, less a day. */
export function banUntil(fromDate: CalendarDate): CalendarDate {
  return addDays(addYears(fromDate, BAN_YEARS), -1);
}

function toActiveBan(row: BanRow): ActiveBan {
  return {
    id: row.id,
    subjectType: row.subjectType,
    subjectName: row.subjectName,
    basis: row.basis,
    fromDate: row.fromDate,
    untilDate: row.untilDate,
    yearDisqualified: row.yearDisqualified,
  };
}

async function findBanByHash(db: Database, hash: string, onDate: CalendarDate): Promise<ActiveBan | null> {
  requireCalendarDate(onDate, 'onDate');
  const [row] = await db
    .select()
    .from(bans)
    .where(and(eq(bans.subjectLookupHash, hash), lte(bans.fromDate, onDate), gte(bans.untilDate, onDate)))
    .orderBy(desc(bans.untilDate))
    .limit(1);
  return row ? toActiveBan(row) : null;
}

/**
 * The ban on a person running on a day, found by the identity number across the whole
 * jurisdiction (every enterprise, every province); null when there is none.
 */
export function findActiveBan(db: Database, idType: IdentityType | string, idNumber: string, onDate: CalendarDate): Promise<ActiveBan | null> {
  return findBanByHash(db, lookupHash(idType, idNumber), onDate);
}

/** The ban on a unit (by its unified social credit code) running on a day; null when there is none. */
export function findActiveUnitBan(db: Database, creditCode: string, onDate: CalendarDate): Promise<ActiveBan | null> {
  return findBanByHash(db, lookupHash(UNIT_ID_TYPE, creditCode), onDate);
}

export interface CreateBanInput {
  subjectType: BanSubjectType;
  /** For a person: the identity document type; ignored for a unit. */
  idType?: IdentityType;
  /** The identity number (person) or the unified social credit code (unit). */
  number: string;
  subjectName: string;
  /** The finding the ban rests on. */
  basis: string;
  /** First day of the ban ('YYYY-MM-DD'); today in China when absent. */
  fromDate?: CalendarDate;
  /** The year whose evaluation the subject lost; the year of fromDate when absent. */
  yearDisqualified?: number;
  sourceType?: string;
  sourceId?: string;
  /** The organisation recording the ban (decides who lists it). */
  organisationId: string;
  organisationPath: string;
}

/**
 * Records a ban of five years (section 六(四)). Call it inside the transaction of the act that
 * finds the fraud (the caller checks its own permission); writes the audit entry.
 */
export async function createBan(tx: Database, context: AuditContext, input: CreateBanInput): Promise<ActiveBan> {
  const fromDate = input.fromDate ?? context.clock.today();
  requireCalendarDate(fromDate, 'fromDate');
  const idType = input.subjectType === 'unit' ? UNIT_ID_TYPE : (input.idType ?? 'resident-id');
  const number = input.number.trim().toUpperCase();
  const [row] = await tx
    .insert(bans)
    .values({
      subjectType: input.subjectType,
      idType,
      subjectLookupHash: lookupHash(idType, number),
      subjectNumberEncrypted: encryptPersonalData(number, 'bans.subject_number'),
      subjectNumberMasked: maskIdNumber(number),
      subjectName: input.subjectName.trim(),
      basis: input.basis.trim(),
      fromDate,
      untilDate: banUntil(fromDate),
      yearDisqualified: input.yearDisqualified ?? Number(fromDate.slice(0, 4)),
      sourceType: input.sourceType ?? null,
      sourceId: input.sourceId ?? null,
      organisationId: input.organisationId,
      organisationPath: input.organisationPath,
      createdBy: context.actor?.userId ?? null,
    })
    .returning();
  await writeAudit(tx, context, {
    action: 'ban.created',
    targetType: 'ban',
    targetId: row.id,
    organisationId: input.organisationId,
    organisationPath: input.organisationPath,
    after: {
      subjectType: row.subjectType,
      idType,
      subjectName: row.subjectName,
      subjectNumberMasked: row.subjectNumberMasked,
      basis: row.basis,
      fromDate: row.fromDate,
      untilDate: row.untilDate,
      yearDisqualified: row.yearDisqualified,
      sourceType: row.sourceType,
      sourceId: row.sourceId,
    },
  });
  return toActiveBan(row);
}

/** 禁入名单: the bans recorded in the actor's organisation and below (a department sees its enterprises', the ministry all). */
export async function listBans(db: Database, context: RequestContext, query: BanListQuery): Promise<BanDto[]> {
  assertPermission(context.actor, 'ban:read');
  const today = context.clock.today();
  const conditions: SQL[] = [like(bans.organisationPath, `${context.actor.organisationPath}%`)];
  if (query.active === 'true') conditions.push(lte(bans.fromDate, today), gte(bans.untilDate, today));
  if (query.active === 'false') conditions.push(or(lt(bans.untilDate, today), gte(bans.fromDate, addDays(today, 1)))!);
  if (query.q?.trim()) conditions.push(ilike(bans.subjectName, `%${query.q.trim().replace(/[\\%_]/g, (match) => `\\${match}`)}%`));
  const rows = await db.select().from(bans).where(and(...conditions)).orderBy(desc(bans.createdAt)).limit(1000);
  const names = new Map((await findOrganisationsByIds(db, [...new Set(rows.map((row) => row.organisationId))])).map((row) => [row.id, row.name]));
  return rows.map((row) => ({
    id: row.id,
    subjectType: row.subjectType,
    idType: row.idType,
    subjectName: row.subjectName,
    subjectNumberMasked: row.subjectNumberMasked,
    basis: row.basis,
    fromDate: row.fromDate,
    untilDate: row.untilDate,
    yearDisqualified: row.yearDisqualified,
    active: row.fromDate <= today && row.untilDate >= today,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    organisationId: row.organisationId,
    organisationName: names.get(row.organisationId) ?? '',
    createdAt: row.createdAt.toISOString(),
  }));
}

/**
 * Every ban running on a day, by lookup hash: for screening a whole register in one query instead
 * of one per thousand employees (the bans in force are few next to a register's employees).
 */
export async function bansRunningOn(db: Database, onDate: CalendarDate): Promise<Map<string, ActiveBan>> {
  const found = new Map<string, ActiveBan>();
  const rows = await db.select().from(bans).where(and(lte(bans.fromDate, onDate), gte(bans.untilDate, onDate)));
  for (const row of rows) {
    const current = found.get(row.subjectLookupHash);
    if (!current || current.untilDate < row.untilDate) found.set(row.subjectLookupHash, toActiveBan(row));
  }
  return found;
}

/** The bans running on a day for many people at once (by lookup hash): screening a whole register. */
export async function activeBansByHash(db: Database, hashes: readonly string[], onDate: CalendarDate): Promise<Map<string, ActiveBan>> {
  const found = new Map<string, ActiveBan>();
  for (let start = 0; start < hashes.length; start += 1000) {
    const chunk = hashes.slice(start, start + 1000);
    if (!chunk.length) continue;
    const rows = await db
      .select()
      .from(bans)
      .where(and(inArray(bans.subjectLookupHash, chunk), lte(bans.fromDate, onDate), gte(bans.untilDate, onDate)));
    for (const row of rows) {
      const current = found.get(row.subjectLookupHash);
      if (!current || current.untilDate < row.untilDate) found.set(row.subjectLookupHash, toActiveBan(row));
    }
  }
  return found;
}
