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
  待遇: { 'zh-CN': '享受的待遇（对应正高级职称人员）', en: 'The treatment (as for 正高级 title holders)' },
  聘期起: { 'zh-CN': '聘期开始日期', en: 'First day of the term' },
  聘期止: { 'zh-CN': '聘期结束日期', en: 'Last day of the term' },
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
聘期自{{聘期起}}起至{{聘期止}}止。聘期届满前，经考核合格、双方协商一致，可以续聘。

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
乙方比照甲方正高级职称人员享受相应待遇：{{待遇}}

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

/** Days of notice before a term ends when the enterprise is reminded to renew or end it. */
export const TERM_REMINDER_DAYS = 60;
