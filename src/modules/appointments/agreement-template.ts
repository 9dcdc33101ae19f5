// 聘任协议模板: the enterprise edits the text; unknown placeholders are refused with every reason.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  AGREEMENT_PLACEHOLDERS,
  checkAgreementTemplate,
  chineseCalendarDate,
  DEFAULT_AGREEMENT_TEMPLATE,
  fillAgreementTemplate,
  PLACEHOLDER_NAMES,
  TERM_KIND_NAMES,
  termText,
  treatmentsText,
  type AgreementValues,
} from '../../domain/agreement-template.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import { fieldError, validationError } from '../../platform/errors.ts';
import { assertPermission } from '../../platform/policy.ts';
import { enterpriseInScope } from './appointment-records.ts';
import { appointmentTemplates } from './tables.ts';

const placeholderHelp = PLACEHOLDER_NAMES.map((name) => ({ name, description: { ...AGREEMENT_PLACEHOLDERS[name] } }));

/** The template body an enterprise uses: its own, or the default. */
export async function templateBodyOf(db: Database, enterpriseId: string): Promise<{ body: string; isDefault: boolean; updatedAt: Date | null }> {
  const [row] = await db.select().from(appointmentTemplates).where(eq(appointmentTemplates.enterpriseId, enterpriseId));
  return row ? { body: row.body, isDefault: false, updatedAt: row.updatedAt } : { body: DEFAULT_AGREEMENT_TEMPLATE, isDefault: true, updatedAt: null };
}

export async function getAgreementTemplate(db: Database, context: RequestContext, enterpriseId: string | undefined) {
  assertPermission(context.actor, 'appointment:read');
  const enterprise = await enterpriseInScope(db, context, enterpriseId);
  const current = await templateBodyOf(db, enterprise.id);
  return { enterpriseId: enterprise.id, body: current.body, isDefault: current.isDefault, placeholders: placeholderHelp, updatedAt: current.updatedAt?.toISOString() ?? null };
}

function assertTemplate(body: string) {
  const issues = checkAgreementTemplate(body);
  if (issues.length) throw validationError(issues.map((issue) => fieldError('body', issue.code, issue.message['zh-CN'], issue.message.en)));
}

export async function updateAgreementTemplate(db: Database, context: RequestContext, input: { enterpriseId?: string; body: string }) {
  assertPermission(context.actor, 'appointment:write');
  const enterprise = await enterpriseInScope(db, context, input.enterpriseId);
  assertTemplate(input.body);
  const before = await templateBodyOf(db, enterprise.id);
  await db.transaction(async (tx) => {
    await tx
      .insert(appointmentTemplates)
      .values({ enterpriseId: enterprise.id, enterprisePath: enterprise.path, body: input.body, updatedBy: context.actor.userId })
      .onConflictDoUpdate({ target: appointmentTemplates.enterpriseId, set: { body: input.body, updatedBy: context.actor.userId, updatedAt: context.clock.now() } });
    await writeAudit(tx, context, {
      action: 'appointment.template-updated',
      targetType: 'appointment-template',
      targetId: enterprise.id,
      organisationId: enterprise.id,
      organisationPath: enterprise.path,
      before: { isDefault: before.isDefault, length: before.body.length },
      after: { length: input.body.length },
    });
  });
  return getAgreementTemplate(db, context, enterprise.id);
}

/** Sample values for the preview: the enterprise's own name, an example holder. */
export function sampleValues(enterprise: { name: string; creditCode: string | null }): AgreementValues {
  return {
    企业名称: enterprise.name,
    统一社会信用代码: enterprise.creditCode ?? '',
    姓名: '张建国（示例）',
    证书编码: 'Y00002300000124T000001',
    职业: '电工',
    岗位: '首席电气技能专家',
    岗位职责: '负责关键设备检修的技术攻关，带徒传技。',
    待遇: treatmentsText(
      [
        { kind: 'pay', detail: '比照正高级工程师享受岗位工资与津贴' },
        { kind: 'health-leave', detail: '每年安排一次疗休养' },
      ],
      null,
    ),
    聘期类型: TERM_KIND_NAMES.fixed['zh-CN'],
    聘期: termText('fixed', '2025-01-01', '2027-12-31'),
    聘期起: chineseCalendarDate('2025-01-01'),
    聘期止: chineseCalendarDate('2027-12-31'),
  };
}

/** The template (saved or not) filled with sample values; nothing stored. */
export async function previewAgreementTemplate(db: Database, context: RequestContext, input: { enterpriseId?: string; body: string }) {
  assertPermission(context.actor, 'appointment:read');
  const enterprise = await enterpriseInScope(db, context, input.enterpriseId);
  assertTemplate(input.body);
  return { text: fillAgreementTemplate(input.body, sampleValues(enterprise)) };
}
