import { and, asc, desc, eq, gte, ilike, inArray, like, lt, lte, ne, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { addDays, addYears, isCalendarDate, requireCalendarDate, type CalendarDate } from '../../domain/calendar-date.ts';
import { maskIdNumber, type IdentityType } from '../../domain/identity.ts';
import { assertTransition } from '../../domain/transitions.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { AuditContext, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { encryptPersonalData, lookupHash } from '../../platform/personal-data.ts';
import { assertInScope, assertPermission, hasPermission, isInScope } from '../../platform/policy.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import type { BanCorrectionReq, BanDto, BanListQuery } from './schemas.ts';
import { banChanges, bans, type BanSubjectType } from './tables.ts';

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

/** A ban in force on a day: not lifted, and the day within its period (both ends included). */
function runningOn(onDate: CalendarDate): SQL {
  return and(eq(bans.status, 'effective'), lte(bans.fromDate, onDate), gte(bans.untilDate, onDate))!;
}

/** The ban in force on a day for a look-up hash (a person's lookupHash(idType, number)); null when there is none. */
export async function findBanByHash(db: Database, hash: string, onDate: CalendarDate): Promise<ActiveBan | null> {
  requireCalendarDate(onDate, 'onDate');
  const [row] = await db
    .select()
    .from(bans)
    .where(and(eq(bans.subjectLookupHash, hash), runningOn(onDate)))
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
  if (query.active === 'true') conditions.push(runningOn(today));
  if (query.active === 'false') conditions.push(or(ne(bans.status, 'effective'), lt(bans.untilDate, today), gte(bans.fromDate, addDays(today, 1)))!);
  if (query.q?.trim()) conditions.push(ilike(bans.subjectName, `%${query.q.trim().replace(/[\\%_]/g, (match) => `\\${match}`)}%`));
  const rows = await db.select().from(bans).where(and(...conditions)).orderBy(desc(bans.createdAt)).limit(1000);
  return shapeBans(db, context, rows);
}

async function shapeBans(db: Database, context: RequestContext, rows: BanRow[]): Promise<BanDto[]> {
  const today = context.clock.today();
  const names = new Map((await findOrganisationsByIds(db, [...new Set(rows.map((row) => row.organisationId))])).map((row) => [row.id, row.name]));
  const changes = rows.length ? await db.select().from(banChanges).where(inArray(banChanges.banId, rows.map((row) => row.id))).orderBy(asc(banChanges.at), asc(banChanges.id)) : [];
  const manages = hasPermission(context.actor, 'fraud:sanction');
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
    active: row.status === 'effective' && row.fromDate <= today && row.untilDate >= today,
    status: row.status,
    liftedOn: row.liftedOn,
    liftReason: row.liftReason,
    changes: changes
      .filter((change) => change.banId === row.id)
      .map((change) => ({ act: change.act, reason: change.reason, before: change.before, after: change.after, actorName: change.actorName, organisationName: change.organisationName, at: change.at.toISOString() })),
    allowedActs: manages && isInScope(context.actor, row.organisationPath) ? (row.status === 'effective' ? ['correct', 'lift'] : []) : [],
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
  const rows = await db.select().from(bans).where(runningOn(onDate));
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
      .where(and(inArray(bans.subjectLookupHash, chunk), runningOn(onDate)));
    for (const row of rows) {
      const current = found.get(row.subjectLookupHash);
      if (!current || current.untilDate < row.untilDate) found.set(row.subjectLookupHash, toActiveBan(row));
    }
  }
  return found;
}

/**
 * The refusal for a person under a ban (APPLICANT_BANNED, 422), naming the ban's basis and end:
 * what every step says when it meets one (invitation, draft, submission, screening, review,
 * notice, confirmation, issuance, appointment).
 */
export function banRefusal(ban: ActiveBan, name: string, errors?: FieldError[]): AppError {
  return new AppError('APPLICANT_BANNED', { name, from: ban.fromDate, until: ban.untilDate, basis: ban.basis }, errors ? { errors } : {});
}

/** One field error per banned person, for acts on many people at once; the first is thrown as the refusal. */
export function bannedPeopleRefusal(found: { path: string; name: string; ban: ActiveBan }[]): AppError | null {
  if (!found.length) return null;
  const errors = found.map((entry) =>
    fieldError(
      entry.path,
      'APPLICANT_BANNED',
      `${entry.name}处于禁入期（${entry.ban.fromDate} 至 ${entry.ban.untilDate}；依据：${entry.ban.basis}）`,
      `${entry.name} is barred from ${entry.ban.fromDate} until ${entry.ban.untilDate} (basis: ${entry.ban.basis})`,
    ),
  );
  return banRefusal(found[0].ban, found[0].name, errors);
}

// ------------------------------------------------------------------------ lifting, correcting

async function banInScope(db: Database, context: RequestContext, id: string) {
  assertPermission(context.actor, 'fraud:sanction');
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(bans).where(eq(bans.id, id)) : [];
  assertInScope(context.actor, row?.organisationPath);
  return row;
}

function banView(row: BanRow) {
  return { status: row.status, basis: row.basis, fromDate: row.fromDate, untilDate: row.untilDate, liftedOn: row.liftedOn, liftReason: row.liftReason };
}

async function recordChange(tx: Database, context: RequestContext, row: BanRow, updated: BanRow, act: 'corrected' | 'lifted', reason: string) {
  const [organisation] = await findOrganisationsByIds(tx, [context.actor.organisationId]);
  await tx.insert(banChanges).values({
    banId: row.id,
    act,
    reason,
    before: banView(row),
    after: banView(updated),
    actorId: context.actor.userId,
    actorName: context.actor.displayName,
    organisationName: organisation?.name ?? null,
    at: context.clock.now(),
  });
  await writeAudit(tx, context, {
    action: act === 'lifted' ? 'ban.lifted' : 'ban.corrected',
    targetType: 'ban',
    targetId: row.id,
    organisationId: row.organisationId,
    organisationPath: row.organisationPath,
    before: banView(row),
    after: { ...banView(updated), reason },
  });
}

/** 撤销禁入: the supervising department lifts a ban with its reason (effective → lifted); it stops at once and stays listed. */
export async function liftBan(db: Database, context: RequestContext, id: string, input: { reason: string }) {
  const row = await banInScope(db, context, id);
  const to = assertTransition('ban', row.status, 'lift');
  const reason = input.reason.trim();
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(bans)
      .set({ status: to, liftedOn: context.clock.today(), liftReason: reason })
      .where(and(eq(bans.id, row.id), eq(bans.status, row.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await recordChange(tx, context, row, updated, 'lifted', reason);
  });
  return banDto(db, context, row.id);
}

/** 更正禁入: the supervising department corrects a ban's basis or dates with its reason; every fault of the new values is listed. */
export async function correctBan(db: Database, context: RequestContext, id: string, input: BanCorrectionReq) {
  const row = await banInScope(db, context, id);
  const to = assertTransition('ban', row.status, 'correct');
  const next = { basis: input.basis?.trim() || row.basis, fromDate: input.fromDate ?? row.fromDate, untilDate: input.untilDate ?? row.untilDate };
  const errors: FieldError[] = [];
  if (!isCalendarDate(next.fromDate)) errors.push(fieldError('fromDate', 'DATE_INVALID', '开始日期无效', 'The first day is not a valid date'));
  if (!isCalendarDate(next.untilDate)) errors.push(fieldError('untilDate', 'DATE_INVALID', '截止日期无效', 'The last day is not a valid date'));
  if (!errors.length && next.untilDate < next.fromDate) errors.push(fieldError('untilDate', 'DATE_RANGE_REVERSED', '截止日期不能早于开始日期', 'The last day cannot lie before the first'));
  if (!errors.length && next.untilDate > banUntil(next.fromDate)) {
    errors.push(fieldError('untilDate', 'BAN_TOO_LONG', `禁入期不超过五年（至 ${banUntil(next.fromDate)}）`, `A ban lasts at most five years (until ${banUntil(next.fromDate)})`));
  }
  if (next.basis === row.basis && next.fromDate === row.fromDate && next.untilDate === row.untilDate) errors.push(fieldError('basis', 'UNCHANGED', '没有需要更正的内容', 'Nothing to correct'));
  if (errors.length) throw validationError(errors);
  const reason = input.reason.trim();
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(bans)
      .set({ status: to, ...next })
      .where(and(eq(bans.id, row.id), eq(bans.status, row.status)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await recordChange(tx, context, row, updated, 'corrected', reason);
  });
  return banDto(db, context, row.id);
}

async function banDto(db: Database, context: RequestContext, id: string): Promise<BanDto> {
  const rows = await db.select().from(bans).where(eq(bans.id, id));
  const [dto] = await shapeBans(db, context, rows);
  return dto;
}

/** The last day of each ban (lifted ones: the day they were lifted), by id: for records that cite a ban. */
export async function banEndDates(db: Database, ids: readonly string[]): Promise<Map<string, CalendarDate>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: bans.id, untilDate: bans.untilDate, status: bans.status, liftedOn: bans.liftedOn }).from(bans).where(inArray(bans.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.status === 'lifted' && row.liftedOn ? row.liftedOn : row.untilDate]));
}
