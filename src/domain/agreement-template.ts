// 聘任协议 (section 四(四)): the enterprise's agreement template, its placeholders and filling them.
// Pure rules: no I/O.

/** The placeholders a template may use, each with what it stands for. */
export const AGREEMENT_PLACEHOLDERS = {
  企业名称: { 'zh-CN': '聘任企业的名称', en: 'The appointing enterprise' },
  统一社会信用代码: { 'zh-CN': '企业的统一社会信用代码', en: "The enterprise's unified social credit code" },
  姓名: { 'zh-CN': '受聘人姓名', en: "The appointee's name" },
  证书编码: { 'zh-CN': '特级技师证书编码', en: 'The certificate code' },
  职业: { 'zh-CN': '职业（工种）名称', en: 'The occupation' },
  岗位: { 'zh-CN': '聘任岗位', en: 'The post' },
  岗位职责: { 'zh-CN': '岗位职责', en: 'The duties of the post' },
  待遇: { 'zh-CN': '享受的待遇（逐项列出，第五部分第（二）项）', en: 'The treatments, one by one (section 五(二))' },
  聘期类型: { 'zh-CN': '固定期限或无固定期限', en: 'Fixed term or open-ended' },
  聘期: { 'zh-CN': '聘期（“自……起至……止”，或“自……起，无固定期限”）', en: 'The term ("from … to …", or "from …, open-ended")' },
  聘期起: { 'zh-CN': '聘期开始日期', en: 'First day of the term' },
  聘期止: { 'zh-CN': '聘期结束日期（无固定期限的为“无固定期限”）', en: 'Last day of the term ("无固定期限" when open-ended)' },
} as const;

export type AgreementPlaceholder = keyof typeof AGREEMENT_PLACEHOLDERS;
export type AgreementValues = Record<AgreementPlaceholder, string>;

export const PLACEHOLDER_NAMES = Object.keys(AGREEMENT_PLACEHOLDERS) as AgreementPlaceholder[];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface TemplateIssue {
  code: 'TEMPLATE_EMPTY' | 'TEMPLATE_TOO_LONG' | 'PLACEHOLDER_UNKNOWN' | 'PLACEHOLDER_UNCLOSED';
  placeholder?: string;
  message: { 'zh-CN': string; en: string };
}

export const MAX_TEMPLATE_LENGTH = 20_000;

/** Every reason a template cannot be used (empty when it can). */
export function checkAgreementTemplate(body: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  if (!body.trim()) issues.push({ code: 'TEMPLATE_EMPTY', message: { 'zh-CN': '协议模板不能为空', en: 'The template is empty' } });
  if (body.length > MAX_TEMPLATE_LENGTH) {
    issues.push({ code: 'TEMPLATE_TOO_LONG', message: { 'zh-CN': `协议模板不能超过 ${MAX_TEMPLATE_LENGTH} 个字符`, en: `The template exceeds ${MAX_TEMPLATE_LENGTH} characters` } });
  }
  const seen = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!Object.hasOwn(AGREEMENT_PLACEHOLDERS, name) && !seen.has(name)) {
      seen.add(name);
      issues.push({
        code: 'PLACEHOLDER_UNKNOWN',
        placeholder: name,
        message: { 'zh-CN': `未知的占位符 {{${name}}}，可用：${PLACEHOLDER_NAMES.map((item) => `{{${item}}}`).join('、')}`, en: `Unknown placeholder {{${name}}}` },
      });
    }
  }
  const withoutPlaceholders = body.replace(PLACEHOLDER, '');
  if (withoutPlaceholders.includes('{{') || withoutPlaceholders.includes('}}')) {
    issues.push({ code: 'PLACEHOLDER_UNCLOSED', message: { 'zh-CN': '存在未闭合的占位符（应写作 {{名称}}）', en: 'A placeholder is not closed (write {{name}})' } });
  }
  return issues;
}

/** The template with each placeholder replaced by its value. */
export function fillAgreementTemplate(body: string, values: AgreementValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as AgreementPlaceholder] : whole));
}

/** The default text, citing the notice; the enterprise edits it. */
export const DEFAULT_AGREEMENT_TEMPLATE = `特级技师聘任协议

甲方（聘任单位）：{{企业名称}}
统一社会信用代码：{{统一社会信用代码}}
乙方（受聘人）：{{姓名}}
特级技师证书编码：{{证书编码}}
职业（工种）：{{职业}}

根据《人力资源社会保障部办公厅关于开展特级技师评聘试点工作的通知》（人社厅发〔2021〕66号），乙方经评价取得特级技师职业技能等级证书，甲方聘任乙方为特级技师。双方本着平等自愿、协商一致的原则，订立本协议。

第一条 聘任岗位
甲方聘任乙方在{{岗位}}岗位工作。

第二条 聘任期限
本协议为{{聘期类型}}协议，聘期{{聘期}}。固定期限的，聘期届满前，经考核合格、双方协商一致，可以续聘。

第三条 岗位职责
{{岗位职责}}
乙方应发挥技能领军作用，领办或参与技能大师工作室，带徒传技，参与技术攻关、工艺改进和技术创新，参与科研项目研究和评标工作。

第四条 甲方权利与义务
（一）甲方按照岗位职责对乙方进行年度考核和聘期考核；
（二）甲方为乙方开展技能传承、技术攻关提供场所、设备和经费支持；
（三）甲方按照本协议兑现乙方待遇，并落实所在地关于落户、住房、医疗、子女教育等方面的政策。

第五条 乙方权利与义务
（一）乙方享有本协议约定的待遇，享有参加培训、研修、交流的机会；
（二）乙方应遵守甲方规章制度，认真履行岗位职责，接受甲方考核。

第六条 待遇
乙方享受以下待遇：
{{待遇}}

第七条 协议的变更与解除
有下列情形之一的，甲方可以解除聘任：聘期届满未续聘；考核不合格；乙方离职、退休；乙方严重违反规章制度；乙方在申报评价中弄虚作假的，撤销其特级技师证书，当年取消评聘资格，五年内不得申报参加特级技师评聘。

第八条 其他
本协议一式两份，甲乙双方各执一份，自双方签字（盖章）之日起生效。

甲方（盖章）：                    乙方（签字）：

签订日期：    年  月  日            签订日期：    年  月  日
`;

/** 2025-12-18 → 2025年12月18日 (dates in agreements are written out in Chinese). */
export function chineseCalendarDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

// ------------------------------------------------------------------------------- the term

/** 聘期: a fixed term with an end, or open-ended (无固定期限) with none. */
export const TERM_KINDS = ['fixed', 'open-ended'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

export const TERM_KIND_NAMES: Readonly<Record<TermKind, { 'zh-CN': string; en: string }>> = {
  fixed: { 'zh-CN': '固定期限', en: 'Fixed term' },
  'open-ended': { 'zh-CN': '无固定期限', en: 'Open-ended' },
};

/** The term as the agreement writes it. */
export function termText(kind: TermKind, start: string, end: string | null): string {
  return kind === 'open-ended' || !end ? `自${chineseCalendarDate(start)}起，无固定期限` : `自${chineseCalendarDate(start)}起至${chineseCalendarDate(end)}止`;
}

// -------------------------------------------------------------------------- the treatments

/**
 * 五(二): treatment comparable to the enterprise's 正高级 title holders, and where local rules
 * allow 疗休养（休假）, 落户, 购（租）住房, 医疗保障, 子女教育; `other` is a treatment the enterprise
 * names itself.
 */
export const TREATMENT_KINDS = ['pay', 'health-leave', 'residence', 'housing', 'medical', 'education', 'other'] as const;
export type TreatmentKind = (typeof TREATMENT_KINDS)[number];

export const TREATMENT_KIND_NAMES: Readonly<Record<TreatmentKind, { 'zh-CN': string; en: string }>> = {
  pay: { 'zh-CN': '正高级同等待遇', en: 'Pay and benefits comparable to 正高级 title holders' },
  'health-leave': { 'zh-CN': '疗休养（休假）', en: 'Convalescence and leave' },
  residence: { 'zh-CN': '落户', en: 'Household registration' },
  housing: { 'zh-CN': '购（租）住房', en: 'Buying or renting housing' },
  medical: { 'zh-CN': '医疗保障', en: 'Medical care' },
  education: { 'zh-CN': '子女教育', en: "Children's education" },
  other: { 'zh-CN': '其他待遇', en: 'Other treatment' },
};

export interface AgreementTreatmentItem {
  kind: TreatmentKind;
  /** The name of an `other` treatment; the terms of the others. */
  detail: string | null;
}

/**
 * The treatments as the agreement lists them: （一）正高级同等待遇：…；… then the enterprise's own
 * words. "按甲方有关规定执行" when it lists none.
 */
export function treatmentsText(items: readonly AgreementTreatmentItem[], freeText: string | null | undefined): string {
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];
  const lines = items.map((item, index) => {
    const name = item.kind === 'other' ? (item.detail?.trim() || TREATMENT_KIND_NAMES.other['zh-CN']) : TREATMENT_KIND_NAMES[item.kind]['zh-CN'];
    const detail = item.kind === 'other' ? '' : item.detail?.trim() ? `：${item.detail.trim()}` : '';
    return `（${numerals[index] ?? index + 1}）${item.kind === 'pay' ? '比照甲方正高级职称人员享受同等待遇' : name}${detail}。`;
  });
  if (freeText?.trim()) lines.push(items.length ? `（${numerals[items.length] ?? items.length + 1}）${freeText.trim()}` : freeText.trim());
  return lines.length ? lines.join('\n') : '按甲方有关规定执行。';
}

/** Days of notice before a term ends when the enterprise is reminded to renew or end it. */
export const TERM_REMINDER_DAYS = 60;
