import {
  atLeastShare,
  DEFAULT_MIN_YEARS_IN_POST,
  quotaCap,
  type Fraction,
  type PlanContent,
  type PlanKind,
  type PlanNames,
} from '../../domain/plan-rules.ts';

/**
 * A published plan as text, in Chinese, section by section: what the employees read on the page
 * and in the PDF. The wording of the basic and priority conditions follows section 三 of
 * 人社厅发〔2021〕66号.
 */
export interface PlanSection {
  heading: string;
  paragraphs: string[];
}

export interface PlanTextInput {
  enterpriseName: string;
  year: number;
  kind: PlanKind;
  content: PlanContent;
  names: PlanNames;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 in Chinese numerals (三, 十二, 二十). */
export function chineseNumber(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 99) return String(value);
  if (value < 10) return DIGITS[value];
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** 2/3 → 三分之二. */
export function chineseFraction(fraction: Fraction): string {
  if (fraction.numerator === fraction.denominator) return '全体';
  return `${chineseNumber(fraction.denominator)}分之${chineseNumber(fraction.numerator)}`;
}

const HEADING_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

function formatDate(date: string | null): string {
  if (!date) return '（未定）';
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

const occupationLabel = (code: string, names: PlanNames) => (names.occupations[code] ? `${names.occupations[code]}（${code}）` : code);

export function planTitle(input: Pick<PlanTextInput, 'enterpriseName' | 'year' | 'kind' | 'content'>): string {
  if (input.content.title?.trim()) return input.content.title.trim();
  return input.kind === 're-review'
    ? `${input.enterpriseName}${input.year}年特级技师复核确认工作方案`
    : `${input.enterpriseName}${input.year}年特级技师评聘工作方案`;
}

export function planSections(input: PlanTextInput): PlanSection[] {
  const { content, names, kind } = input;
  const sections: PlanSection[] = [];

  const preamble = content.preamble?.trim()
    ? content.preamble.trim().split(/\n+/)
    : [
        kind === 're-review'
          ? `根据《人力资源社会保障部办公厅关于开展特级技师评聘试点工作的通知》（人社厅发〔2021〕66号）第六部分第（三）项要求，对本企业在通知印发前已评聘的特级技师进行复核确认，制定本方案。`
          : `根据《人力资源社会保障部办公厅关于开展特级技师评聘试点工作的通知》（人社厅发〔2021〕66号）要求，结合本企业实际，制定本方案。`,
      ];
  sections.push({ heading: '总体要求', paragraphs: preamble });

  sections.push({
    heading: '实施范围',
    paragraphs: [
      `本方案适用于${input.enterpriseName}（含所属企业）在以下职业（工种）一线岗位工作的高级技师，优先考虑工程技术领域职业（工种）：`,
      ...content.occupations.map((code, index) => `${index + 1}. ${occupationLabel(code, names)}`),
    ],
  });

  const years = content.eligibility.minYearsInPost ?? DEFAULT_MIN_YEARS_IN_POST;
  const basis =
    years !== DEFAULT_MIN_YEARS_IN_POST && content.eligibility.minYearsPolicyDocument
      ? `（依据${content.eligibility.minYearsPolicyDocument}${content.eligibility.minYearsPolicyNumber ? `（${content.eligibility.minYearsPolicyNumber}）` : ''}）`
      : '';
  const conditions = [
    '（一）基本条件（须同时具备）',
    '1. 取得高级技师职业资格证书或职业技能等级证书；',
    `2. 截至${formatDate(content.eligibility.cutoffDate)}，在高级技师岗位上工作满${years}年${basis}；`,
    '3. 仍在本职业（工种）岗位工作，且所从事的职业（工种）在本方案实施范围内；',
    '4. 遵守国家法律法规和企业规章制度，具有良好的职业道德和敬业精神；',
    '5. 具有下列条件之一：掌握高超技能、具有独特的先进操作法；在技术成果转化为现实生产力方面贡献突出；在技术创新、技术攻关中取得显著经济效益；在培养技能人才、传授技艺方面成绩突出；',
    '6. 身体健康，能够胜任岗位工作；',
    '7. 不在因弄虚作假被取消评聘资格的禁止期内。',
    '（二）优先条件（在具备全部基本条件的基础上，具备下列条件之一的，优先推荐）',
    '获得中华技能大奖；享受国务院政府特殊津贴；获得全国技术能手称号；担任国家级技能大师工作室领办人；获得省部级、中央企业及以上技能大师类称号。',
  ];
  if (content.eligibility.additionalConditions?.trim()) {
    conditions.push('（三）企业补充条件', ...content.eligibility.additionalConditions.trim().split(/\n+/));
  }
  sections.push({ heading: '申报条件', paragraphs: conditions });

  // Weights adding up to 100 read as per cent; any others as weights, each counting as its share of the total.
  const weightTotal = content.evaluation.dimensions.reduce((sum, dimension) => sum + dimension.weight, 0);
  const asPercent = Math.abs(weightTotal - 100) < 1e-9;
  const dimensions = content.evaluation.dimensions.map((dimension) => (asPercent ? `${dimension.name}${dimension.weight}%` : `${dimension.name}（权重${dimension.weight}）`)).join('、');
  sections.push({
    heading: '评价方式',
    paragraphs: [
      `采取${content.evaluation.method ?? '（未定）'}的方式进行评价。`,
      `评分维度及权重：${dimensions || '（未定）'}。${asPercent || !dimensions ? '' : '各维度按其权重占权重合计的比例计入综合得分。'}`,
      content.evaluation.aggregation === 'trimmed-mean'
        ? '各维度得分为去掉一个最高分和一个最低分后其余评委评分的平均值，按权重计算综合得分。'
        : '各维度得分为全体出席评委评分的算术平均值，按权重计算综合得分。',
    ],
  });

  const body = names.evaluationBody ?? '（未定）';
  sections.push({
    heading: '组织形式',
    paragraphs: [
      content.organisation.form === 'commissioned-industry'
        ? `委托行业组织“${body}”组织实施评审，企业负责申报组织、结果确认和聘任。`
        : `由本企业考评机构“${body}”组织实施评审，企业负责申报组织、结果确认和聘任。`,
    ],
  });

  const size = content.committee.size;
  const present = size ? atLeastShare(size, content.committee.quorum) : null;
  sections.push({
    heading: '评审委员会',
    paragraphs: [
      `评审委员会由${size ?? '（未定）'}名专家组成（${content.committee.oddSize === false ? '' : '单数，'}不少于${content.committee.minimumSize ?? 5}名）。`,
      `评审会议须有${chineseFraction(content.committee.quorum)}以上委员出席方为有效${present ? `（即不少于${present}人）` : ''}。`,
      `评审采取${content.committee.secretBallot ? '无记名投票' : '投票'}方式表决，获得出席委员${chineseFraction(content.committee.voteThreshold)}以上同意票的，列为建议人选。`,
      '与申报人有近亲属、师徒、同一班组（部门）等利害关系的委员应当回避，回避委员不计入出席人数。',
    ],
  });

  if (content.quotas.length || kind === 'evaluation') {
    sections.push({
      heading: '结构比例',
      paragraphs: content.quotas.length
        ? content.quotas.map((quota) => {
            const parts: string[] = [];
            if (quota.maxCount !== null) parts.push(`不超过${quota.maxCount}人`);
            if (quota.ratioPercent !== null) {
              parts.push(`不超过本职业（工种）高级技师人数（${quota.seniorTechnicianCount ?? '—'}人）的${quota.ratioPercent}%`);
            }
            const cap = quotaCap(quota);
            return `${occupationLabel(quota.occupationCode, names)}：${parts.join('，且')}${cap !== null ? `，本年度推荐人数上限为${cap}人` : ''}。`;
          })
        : ['（未定）'],
    });
  }

  const timetable = content.timetable;
  sections.push({
    heading: '工作安排',
    paragraphs: [
      `1. 个人申报：${formatDate(timetable.applicationFrom)}至${formatDate(timetable.applicationTo)}；`,
      `2. 评审：${formatDate(timetable.reviewFrom)}至${formatDate(timetable.reviewTo)}；`,
      `3. 公示：${formatDate(timetable.publicityFrom)}至${formatDate(timetable.publicityTo)}；`,
      `4. 确认并颁发证书：${formatDate(timetable.issuanceDate)}。`,
      `各项工作均于${input.year}年12月31日前完成。`,
    ],
  });

  sections.push({
    heading: '公示',
    paragraphs: [
      `评审结果在${content.publicity.scope?.trim() || '本企业内部'}进行公示，公示期不少于${content.publicity.workingDays ?? 5}个工作日。公示期间对建议人选有异议的，可向企业人力资源部门实名反映；公示无异议的，由企业确认并颁发特级技师证书。`,
    ],
  });

  const other = content.otherProvisions?.trim() ? content.otherProvisions.trim().split(/\n+/) : [];
  const contact = [content.contact.name, content.contact.phone].filter(Boolean).join('，');
  sections.push({
    heading: '其他事项',
    paragraphs: [
      ...other,
      '申报人弄虚作假的，取消当年参评资格，五年内不得申报特级技师评聘。',
      ...(contact ? [`联系人及电话：${contact}。`] : []),
    ],
  });

  return sections.map((section, index) => ({ heading: `${HEADING_NUMBERS[index]}、${section.heading}`, paragraphs: section.paragraphs }));
}
