// 专家库: an evaluation body's expert pool, kept by its administrator.
import { and, asc, eq, inArray, like, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { maskIdNumber, validateIdentity, type IdentityType } from '../../domain/identity.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { encryptPersonalData, lookupHash } from '../../platform/personal-data.ts';
import { assertInScope, assertPermission } from '../../platform/policy.ts';
import { findOrganisationsByIds } from '../organisations/service.ts';
import type { ExpertRow } from './access.ts';
import type { ExpertCreateReq, ExpertUpdateReq } from './schemas.ts';
import { reviewExperts } from './tables.ts';

export const EXPERT_ID_AAD = 'review_experts.id_number';

async function toDtos(db: Database, rows: ExpertRow[]) {
  const userIds = rows.map((row) => row.userId).filter((id): id is string => Boolean(id));
  const accounts = userIds.length ? await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, userIds)) : [];
  const names = new Map(accounts.map((account) => [account.id, account.username]));
  return rows.map((row) => ({
    id: row.id,
    bodyId: row.bodyId,
    name: row.name,
    occupationCode: row.occupationCode,
    title: row.title,
    organisationName: row.organisationName,
    userId: row.userId,
    username: row.userId ? (names.get(row.userId) ?? null) : null,
    idType: row.idType,
    idNumberMasked: row.idNumberMasked,
    active: row.active,
  }));
}

function auditView(row: ExpertRow) {
  return { name: row.name, occupationCode: row.occupationCode, title: row.title, organisationName: row.organisationName, userId: row.userId, idNumberMasked: row.idNumberMasked, active: row.active };
}

export async function listExperts(db: Database, context: RequestContext) {
  assertPermission(context.actor, 'review:manage');
  const rows = await db
    .select()
    .from(reviewExperts)
    .where(like(reviewExperts.bodyPath, `${context.actor.organisationPath}%`))
    .orderBy(asc(reviewExperts.name));
  return toDtos(db, rows);
}

/** The user account an expert is linked to: an `expert` user of the body (or below it), not linked to another expert. */
async function checkUserLink(db: Database, bodyPath: string, userId: string, exceptExpertId: string | null, errors: FieldError[]) {
  const [row] = await db.select({ user: users }).from(users).where(eq(users.id, userId));
  const organisations = row ? await findOrganisationsByIds(db, [row.user.organisationId]) : [];
  if (!row || !organisations[0]?.path.startsWith(bodyPath) || !row.user.roles.includes('expert')) {
    errors.push(fieldError('userId', 'EXPERT_USER_INVALID', '关联账号须为本考评机构的“评审专家”账号', 'The linked account must be an expert account of this evaluation body'));
    return;
  }
  const clash = await db
    .select({ id: reviewExperts.id })
    .from(reviewExperts)
    .where(exceptExpertId ? and(eq(reviewExperts.userId, userId), ne(reviewExperts.id, exceptExpertId)) : eq(reviewExperts.userId, userId));
  if (clash.length) errors.push(fieldError('userId', 'EXPERT_USER_TAKEN', '该账号已关联其他专家', 'The account is linked to another expert'));
}

function identityFields(idType: string | undefined, idNumber: string | undefined, errors: FieldError[], today: CalendarDate) {
  if (!idNumber) return {};
  const type = (idType ?? 'resident-id') as IdentityType;
  const result = validateIdentity(type, idNumber, { today });
  if (!result.valid) {
    for (const error of result.errors) errors.push(fieldError('idNumber', error.code, `证件号码有误：${error.message['zh-CN']}`, `ID number: ${error.message.en}`));
    return {};
  }
  return { idType: type, idNumberEncrypted: encryptPersonalData(result.number, EXPERT_ID_AAD), idLookupHash: lookupHash(type, result.number), idNumberMasked: maskIdNumber(result.number) };
}

export async function createExpert(db: Database, context: RequestContext, input: ExpertCreateReq) {
  const actor = context.actor;
  assertPermission(actor, 'review:manage');
  const [body] = await findOrganisationsByIds(db, [input.bodyId ?? actor.organisationId]);
  assertInScope(actor, body?.path);
  if (body.kind !== 'evaluation-body') throw validationError([fieldError('bodyId', 'NOT_EVALUATION_BODY', '专家须属于考评机构', 'An expert belongs to an evaluation body')]);
  const errors: FieldError[] = [];
  if (input.userId) await checkUserLink(db, body.path, input.userId, null, errors);
  const identity = identityFields(input.idType, input.idNumber, errors, context.clock.today());
  if (errors.length) throw validationError(errors);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reviewExperts)
      .values({
        bodyId: body.id,
        bodyPath: body.path,
        name: input.name,
        occupationCode: input.occupationCode || null,
        title: input.title || null,
        organisationName: input.organisationName || null,
        userId: input.userId ?? null,
        ...identity,
      })
      .returning();
    await writeAudit(tx, context, { action: 'review.expert-created', targetType: 'review-expert', targetId: row.id, organisationId: body.id, organisationPath: body.path, after: auditView(row) });
    const [dto] = await toDtos(tx, [row]);
    return dto;
  });
}

export async function updateExpert(db: Database, context: RequestContext, id: string, input: ExpertUpdateReq) {
  const actor = context.actor;
  assertPermission(actor, 'review:manage');
  const [current] = await db.select().from(reviewExperts).where(eq(reviewExperts.id, id));
  assertInScope(actor, current?.bodyPath);
  const errors: FieldError[] = [];
  if (input.userId) await checkUserLink(db, current.bodyPath, input.userId, current.id, errors);
  const identity = identityFields(input.idType ?? current.idType ?? undefined, input.idNumber, errors, context.clock.today());
  if (errors.length) throw validationError(errors);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(reviewExperts)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.occupationCode !== undefined ? { occupationCode: input.occupationCode || null } : {}),
        ...(input.title !== undefined ? { title: input.title || null } : {}),
        ...(input.organisationName !== undefined ? { organisationName: input.organisationName || null } : {}),
        ...(input.userId !== undefined ? { userId: input.userId } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...identity,
      })
      .where(eq(reviewExperts.id, id))
      .returning();
    if (!row) throw new AppError('NOT_FOUND');
    await writeAudit(tx, context, { action: 'review.expert-updated', targetType: 'review-expert', targetId: id, organisationId: row.bodyId, organisationPath: row.bodyPath, before: auditView(current), after: auditView(row) });
    const [dto] = await toDtos(tx, [row]);
    return dto;
  });
}
