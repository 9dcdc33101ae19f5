import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, like, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organisations, type OrganisationKind } from '../../db/schema.ts';
import { isValidCreditCode } from '../../domain/credit-code.ts';
import { CERTIFICATE_PROVINCES } from '../../domain/provinces.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, validationError, type FieldError } from '../../platform/errors.ts';
import { assertInScope, assertPermission, childKinds } from '../../platform/policy.ts';
import type { OrganisationCreateReq, OrganisationDto, OrganisationUpdateReq } from './schemas.ts';

type OrganisationRow = typeof organisations.$inferSelect;

const isCertificateProvinceCode = (code: string) => Object.hasOwn(CERTIFICATE_PROVINCES, code);

export function toOrganisationDto(row: OrganisationRow): OrganisationDto {
  return {
    id: row.id,
    parentId: row.parentId,
    kind: row.kind,
    name: row.name,
    departmentType: row.departmentType ?? null,
    provinceCode: row.provinceCode ?? null,
    creditCode: row.creditCode ?? null,
    bodyType: row.bodyType ?? null,
    filing: row.filing ?? null,
    institution: row.institution ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

type OrganisationFields = Omit<OrganisationCreateReq, 'parentId' | 'kind' | 'name'>;

/** Every reason the fields do not fit an organisation of this kind (empty when they do). */
export function organisationFieldErrors(kind: OrganisationKind, fields: OrganisationFields): FieldError[] {
  const errors: FieldError[] = [];
  if (fields.provinceCode && !isCertificateProvinceCode(fields.provinceCode)) {
    errors.push(fieldError('provinceCode', 'PROVINCE_UNKNOWN', `${fields.provinceCode} 不是有效的省级行政区划代码`, `${fields.provinceCode} is not a provincial code`));
  }
  if (kind === 'department') {
    if (!fields.departmentType) {
      errors.push(fieldError('departmentType', 'REQUIRED', '请选择主管部门类型', 'Choose the kind of supervising department'));
    } else if ((fields.departmentType === 'provincial' || fields.departmentType === 'xpcc') && !fields.provinceCode) {
      errors.push(fieldError('provinceCode', 'REQUIRED', '省级人社部门须选择所在省份', 'A provincial department needs its province'));
    }
  } else if (fields.departmentType) {
    errors.push(fieldError('departmentType', 'NOT_APPLICABLE', '只有主管部门有部门类型', 'Only supervising departments have a department type'));
  }
  if (kind === 'evaluation-body') {
    if (!fields.bodyType) errors.push(fieldError('bodyType', 'REQUIRED', '请选择考评机构类型', 'Choose the kind of evaluation body'));
  } else if (fields.bodyType) {
    errors.push(fieldError('bodyType', 'NOT_APPLICABLE', '只有考评机构有机构类型', 'Only evaluation bodies have a body type'));
  }
  if (fields.creditCode && !isValidCreditCode(fields.creditCode)) {
    errors.push(fieldError('creditCode', 'CREDIT_CODE_INVALID', '统一社会信用代码格式或校验位不正确', 'The unified social credit code is malformed or its check character is wrong'));
  }
  if (kind !== 'enterprise' && fields.filing) {
    errors.push(fieldError('filing', 'NOT_APPLICABLE', '只有企业需填写职业技能等级认定备案信息', 'Only enterprises have a skill level recognition filing'));
  }
  if (kind !== 'enterprise' && kind !== 'evaluation-body' && fields.institution) {
    errors.push(fieldError('institution', 'NOT_APPLICABLE', '只有企业或考评机构有证书编码设置', 'Only enterprises and evaluation bodies have certificate institution settings'));
  }
  const filing = fields.filing;
  if (filing) {
    if (filing.filed && !filing.level) {
      errors.push(fieldError('filing.level', 'REQUIRED', '已备案的须选择备案层级（国家级或省级）', 'A filed enterprise needs the filing level (national or provincial)'));
    }
    if (filing.filed && !filing.authority) {
      errors.push(fieldError('filing.authority', 'REQUIRED', '已备案的须填写备案机关', 'A filed enterprise needs the filing authority'));
    }
    if (!filing.filed && (filing.level || filing.number)) {
      errors.push(fieldError('filing.filed', 'INCONSISTENT', '未备案的不应填写备案层级或备案编号', 'An enterprise that is not filed has no filing level or number'));
    }
  }
  const institution = fields.institution;
  if (institution) {
    if (!isCertificateProvinceCode(institution.provinceCode)) {
      errors.push(fieldError('institution.provinceCode', 'PROVINCE_UNKNOWN', `${institution.provinceCode} 不是证书编码规则中的省份代码`, `${institution.provinceCode} is not a province code of the certificate coding rule`));
    }
    if (institution.siteCode === '000000') {
      errors.push(fieldError('institution.siteCode', 'SITE_CODE_INVALID', '机构（站点）序列码不能为 000000', 'The site code cannot be 000000'));
    }
    if (filing?.filed && filing.level === 'provincial' && institution.institutionCode !== '0000') {
      errors.push(fieldError('institution.institutionCode', 'INSTITUTION_CODE_MISMATCH', '在省级部门备案的机构，机构代码应为 0000', 'An institution filed with a province has the institution code 0000'));
    }
    if (filing?.filed && filing.level === 'national' && institution.institutionCode === '0000') {
      errors.push(fieldError('institution.institutionCode', 'INSTITUTION_CODE_MISMATCH', '在人社部备案的机构，机构代码应为人社部赋予的 0001–9999', 'An institution filed with the ministry has the code 0001–9999 it gave'));
    }
  }
  return errors;
}

async function loadOrganisation(db: Database, id: string): Promise<OrganisationRow> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** The organisation if it is the actor's own or below it; NOT_FOUND otherwise. */
export async function findOrganisationInScope(db: Database, context: RequestContext, id: string): Promise<OrganisationRow> {
  const row = await db.select().from(organisations).where(eq(organisations.id, id)).then((rows) => rows[0]);
  assertInScope(context.actor, row?.path);
  return row;
}

export async function listOrganisations(db: Database, context: RequestContext): Promise<OrganisationDto[]> {
  assertPermission(context.actor, 'organisation:read');
  const rows = await db
    .select()
    .from(organisations)
    .where(like(organisations.path, `${context.actor.organisationPath}%`))
    .orderBy(asc(organisations.path), asc(organisations.name));
  return rows.map(toOrganisationDto);
}

export async function getOrganisation(db: Database, context: RequestContext, id: string): Promise<OrganisationDto> {
  // Everyone may read their own organisation; the ones below it need organisation:read.
  if (id !== context.actor.organisationId) assertPermission(context.actor, 'organisation:read');
  return toOrganisationDto(await findOrganisationInScope(db, context, id));
}

async function assertCreditCodeFree(db: Database, creditCode: string | null | undefined, exceptId?: string) {
  if (!creditCode) return;
  const conditions = exceptId
    ? and(eq(organisations.creditCode, creditCode), ne(organisations.id, exceptId))
    : eq(organisations.creditCode, creditCode);
  const [clash] = await db.select({ id: organisations.id }).from(organisations).where(conditions);
  if (clash) throw new AppError('CREDIT_CODE_TAKEN', { creditCode });
}

export async function createOrganisation(db: Database, context: RequestContext, input: OrganisationCreateReq): Promise<OrganisationDto> {
  assertPermission(context.actor, 'organisation:write');
  const parent = await findOrganisationInScope(db, context, input.parentId);
  if (!childKinds[parent.kind].includes(input.kind)) {
    throw new AppError('CHILD_KIND_NOT_ALLOWED', { kind: input.kind, parentKind: parent.kind });
  }
  const errors = organisationFieldErrors(input.kind, input);
  if (errors.length) throw validationError(errors);
  await assertCreditCodeFree(db, input.creditCode);
  const id = randomUUID();
  const values = {
    id,
    parentId: parent.id,
    path: `${parent.path}${id}/`,
    kind: input.kind,
    name: input.name,
    departmentType: input.departmentType ?? null,
    provinceCode: input.provinceCode ?? (input.kind === 'enterprise' ? parent.provinceCode : null) ?? null,
    creditCode: input.creditCode ?? null,
    bodyType: input.bodyType ?? null,
    filing: input.filing ?? null,
    institution: input.institution ?? null,
  };
  const row = await db.transaction(async (tx) => {
    const [created] = await tx.insert(organisations).values(values).returning();
    await writeAudit(tx, context, {
      action: 'organisation.created',
      targetType: 'organisation',
      targetId: id,
      organisationId: id,
      organisationPath: created.path,
      after: toOrganisationDto(created),
    });
    return created;
  });
  return toOrganisationDto(row);
}

export async function updateOrganisation(
  db: Database,
  context: RequestContext,
  id: string,
  input: OrganisationUpdateReq,
): Promise<OrganisationDto> {
  assertPermission(context.actor, 'organisation:write');
  const current = await findOrganisationInScope(db, context, id);
  const merged = {
    departmentType: input.departmentType === undefined ? current.departmentType : input.departmentType,
    provinceCode: input.provinceCode === undefined ? current.provinceCode : input.provinceCode,
    creditCode: input.creditCode === undefined ? current.creditCode : input.creditCode,
    bodyType: input.bodyType === undefined ? current.bodyType : input.bodyType,
    filing: input.filing === undefined ? current.filing : input.filing,
    institution: input.institution === undefined ? current.institution : input.institution,
  };
  const errors = organisationFieldErrors(current.kind, merged);
  if (errors.length) throw validationError(errors);
  await assertCreditCodeFree(db, merged.creditCode, id);
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(organisations)
      .set({ ...merged, name: input.name ?? current.name, updatedAt: context.clock.now() })
      .where(eq(organisations.id, id))
      .returning();
    await writeAudit(tx, context, {
      action: 'organisation.updated',
      targetType: 'organisation',
      targetId: id,
      organisationId: id,
      organisationPath: updated.path,
      before: toOrganisationDto(current),
      after: toOrganisationDto(updated),
    });
    return updated;
  });
  return toOrganisationDto(row);
}

export { loadOrganisation };

/** Organisations by id, without a scope check: for other modules that check scope themselves. */
export async function findOrganisationsByIds(db: Database, ids: readonly string[]): Promise<OrganisationRow[]> {
  if (!ids.length) return [];
  return db.select().from(organisations).where(inArray(organisations.id, [...ids]));
}

/** The organisations at or below a path, of one kind when given, without a scope check. */
export async function listOrganisationsBelow(db: Database, path: string, kind?: OrganisationKind): Promise<OrganisationRow[]> {
  const below = like(organisations.path, `${path}%`);
  return db
    .select()
    .from(organisations)
    .where(kind ? and(below, eq(organisations.kind, kind)) : below)
    .orderBy(asc(organisations.path), asc(organisations.name));
}

/** The ids on an organisation's path, from the root down to the organisation itself. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}
