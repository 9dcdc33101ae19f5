// 评聘工作设置 (issue 21): who may evaluate in a jurisdiction and year (the evaluation model and its
// filing deadline) and the committee limits that plans keep there. The ministry's row for a year is
// the national default; a provincial department's row (省级人社部门, or 新疆生产建设兵团) is its
// area's. An organisation's jurisdiction is the provincial department above it in the tree, if any;
// everything else (central enterprises, State Council departments) is under the national setting.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { organisations } from '../../db/schema.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import {
  EVALUATION_MODEL_NAMES,
  resolveSetting,
  settingIssues,
  type EffectiveSetting,
  type JurisdictionLevel,
  type JurisdictionSetting,
} from '../../domain/jurisdiction-rules.ts';
import { isBeforeDeadline } from '../../domain/pilot-rules.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';
import { findOrganisationsByIds, pathIds } from '../organisations/service.ts';
import type { JurisdictionSettingDto, JurisdictionSettingSetReq, PilotDeadlineDto } from './schemas.ts';
import { jurisdictionSettings } from './tables.ts';

type OrganisationRow = typeof organisations.$inferSelect;
type SettingRow = typeof jurisdictionSettings.$inferSelect;

/** A department that sets its own area's rules: a provincial department, or the XPCC's (province level, code 66). */
export const isProvincialDepartment = (row: Pick<OrganisationRow, 'kind' | 'departmentType'>) =>
  row.kind === 'department' && (row.departmentType === 'provincial' || row.departmentType === 'xpcc');

export interface Jurisdiction {
  /** The ministry at the root of the tree: its rows are the national setting. */
  ministry: OrganisationRow | null;
  /** The provincial department above (or at) the organisation, if any. */
  province: OrganisationRow | null;
}

/** The jurisdiction of an organisation: the ministry, and the provincial department on its path. */
export async function jurisdictionOf(db: Database, organisationPath: string): Promise<Jurisdiction> {
  const chain = await findOrganisationsByIds(db, pathIds(organisationPath));
  return { ministry: chain.find((row) => row.kind === 'ministry') ?? null, province: chain.find(isProvincialDepartment) ?? null };
}

function toSetting(row: SettingRow, name: string): JurisdictionSetting {
  return {
    level: row.level,
    organisationId: row.organisationId,
    organisationName: name,
    year: row.year,
    model: row.model ?? null,
    deadline: row.deadline ?? null,
    committee: {
      minimumSize: row.committeeMinimumSize ?? null,
      oddSizeRequired: row.committeeOddRequired ?? null,
      quorumFloor: row.committeeQuorumFloor ?? null,
      thresholdFloor: row.committeeThresholdFloor ?? null,
    },
    note: row.note ?? null,
  };
}

function toDto(setting: JurisdictionSetting, row: SettingRow): JurisdictionSettingDto {
  return { ...setting, updatedAt: row.updatedAt.toISOString() };
}

async function rowsOf(db: Database, organisationIds: string[], year: number): Promise<SettingRow[]> {
  if (!organisationIds.length) return [];
  return db
    .select()
    .from(jurisdictionSettings)
    .where(and(eq(jurisdictionSettings.year, year), inArray(jurisdictionSettings.organisationId, organisationIds)));
}

export interface EffectiveSettingOf extends EffectiveSetting {
  /** The provincial department whose area it is (null: national). */
  province: { id: string; name: string } | null;
}

/** What applies to an organisation (an enterprise, a department) in a year. */
export async function effectiveSettingFor(db: Database, organisationPath: string, year: number): Promise<EffectiveSettingOf> {
  const { ministry, province } = await jurisdictionOf(db, organisationPath);
  const rows = await rowsOf(db, [ministry?.id, province?.id].filter((id): id is string => Boolean(id)), year);
  const national = ministry && rows.find((row) => row.organisationId === ministry.id);
  const provincial = province && rows.find((row) => row.organisationId === province.id);
  const effective = resolveSetting(year, national ? toSetting(national, ministry.name) : null, provincial ? toSetting(provincial, province.name) : null);
  return { ...effective, province: province ? { id: province.id, name: province.name } : null };
}

/** A department's pilot filing window for a year: the model that applies and its deadline. */
export async function pilotDeadlineFor(db: Database, departmentPath: string, year: number, today: CalendarDate): Promise<PilotDeadlineDto> {
  const effective = await effectiveSettingFor(db, departmentPath, year);
  return {
    year,
    model: effective.model,
    deadline: effective.deadline,
    setBy: effective.modelSetBy,
    open: effective.model === 'ministry-pilot-filing' && (effective.deadline === null || isBeforeDeadline(today, effective.deadline)),
  };
}

// ---------------------------------------------------------------------------------- reading

/** The level the actor sets, or null when it sets none (a central enterprise's HR body reads only). */
function levelOf(context: RequestContext, own: OrganisationRow | undefined): JurisdictionLevel | null {
  if (!own) return null;
  if (own.kind === 'ministry') return 'national';
  if (isProvincialDepartment(own)) return 'provincial';
  return null;
}

/**
 * The settings the actor administers and reads: the national rows and, for the ministry, every
 * province's rows; for a provincial department, its own rows beside the national ones. Each year
 * shows what applies in the actor's own area. Years: those set, this year and the next.
 */
export async function listJurisdictionSettings(db: Database, context: RequestContext) {
  assertPermission(context.actor, 'jurisdiction:configure');
  const [own] = await findOrganisationsByIds(db, [context.actor.organisationId]);
  const level = levelOf(context, own);
  const { ministry, province } = await jurisdictionOf(db, context.actor.organisationPath);
  const visibleIds = [ministry?.id, province?.id].filter((id): id is string => Boolean(id));
  const rows = await db
    .select()
    .from(jurisdictionSettings)
    .where(level === 'national' ? undefined : inArray(jurisdictionSettings.organisationId, visibleIds.length ? visibleIds : ['00000000-0000-0000-0000-000000000000']))
    .orderBy(desc(jurisdictionSettings.year));
  const names = new Map((await findOrganisationsByIds(db, [...new Set(rows.map((row) => row.organisationId))])).map((row) => [row.id, row.name]));
  const today = context.clock.today();
  const current = Number(today.slice(0, 4));
  const years = [...new Set([...rows.map((row) => row.year), current, current + 1])].sort((a, b) => b - a);
  const items = [];
  for (const year of years) {
    const ofYear = rows.filter((row) => row.year === year);
    const nationalRow = ministry ? ofYear.find((row) => row.organisationId === ministry.id) : undefined;
    const ownRow = province ? ofYear.find((row) => row.organisationId === province.id) : undefined;
    const effective = await effectiveSettingFor(db, context.actor.organisationPath, year);
    items.push({
      year,
      national: nationalRow ? toDto(toSetting(nationalRow, names.get(nationalRow.organisationId) ?? ''), nationalRow) : null,
      provincial: ownRow ? toDto(toSetting(ownRow, names.get(ownRow.organisationId) ?? ''), ownRow) : null,
      effective: { ...effective, modelName: EVALUATION_MODEL_NAMES[effective.model] },
      deadlineOpen: effective.deadline === null ? null : isBeforeDeadline(today, effective.deadline),
      // The ministry sees every province's own rows of the year.
      provinces:
        level === 'national'
          ? ofYear.filter((row) => row.level === 'provincial').map((row) => toDto(toSetting(row, names.get(row.organisationId) ?? ''), row))
          : [],
    });
  }
  return {
    today,
    level,
    organisation: own ? { id: own.id, name: own.name } : null,
    items,
  };
}

// ---------------------------------------------------------------------------------- setting

/** The ministry sets the national default of a year; a provincial department its own area's. Audited. */
export async function setJurisdictionSetting(db: Database, context: RequestContext, input: JurisdictionSettingSetReq): Promise<JurisdictionSettingDto> {
  assertPermission(context.actor, 'jurisdiction:configure');
  const [own] = await findOrganisationsByIds(db, [context.actor.organisationId]);
  const level = levelOf(context, own);
  if (!level) throw new AppError('JURISDICTION_NOT_SETTABLE');
  const setting = {
    model: input.model ?? null,
    deadline: input.deadline ?? null,
    committee: {
      minimumSize: input.committee?.minimumSize ?? null,
      oddSizeRequired: input.committee?.oddSizeRequired ?? null,
      quorumFloor: input.committee?.quorumFloor ?? null,
      thresholdFloor: input.committee?.thresholdFloor ?? null,
    },
  };
  const issues = settingIssues(setting);
  if (issues.length) throw new AppError('VALIDATION', {}, { errors: issues.map((item) => fieldError(item.path, item.code, item.message['zh-CN'], item.message.en)) });
  const row = await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(jurisdictionSettings)
      .where(and(eq(jurisdictionSettings.organisationId, own.id), eq(jurisdictionSettings.year, input.year)));
    const values = {
      organisationId: own.id,
      organisationPath: own.path,
      level,
      year: input.year,
      model: setting.model,
      deadline: setting.deadline,
      committeeMinimumSize: setting.committee.minimumSize,
      committeeOddRequired: setting.committee.oddSizeRequired,
      committeeQuorumFloor: setting.committee.quorumFloor,
      committeeThresholdFloor: setting.committee.thresholdFloor,
      note: input.note?.trim() || null,
      updatedAt: context.clock.now(),
      updatedBy: context.actor.userId,
    };
    const [saved] = await tx
      .insert(jurisdictionSettings)
      .values(values)
      .onConflictDoUpdate({ target: [jurisdictionSettings.organisationId, jurisdictionSettings.year], set: values })
      .returning();
    await writeAudit(tx, context, {
      action: 'jurisdiction.setting-set',
      targetType: 'jurisdiction-setting',
      targetId: saved.id,
      organisationId: own.id,
      organisationPath: own.path,
      before: before ? toSetting(before, own.name) : null,
      after: toSetting(saved, own.name),
    });
    return saved;
  });
  return toDto(toSetting(row, own.name), row);
}
