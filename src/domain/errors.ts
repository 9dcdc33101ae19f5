// The domain's own error type and the shape of a validation finding. Every message exists in
// zh-CN (first, the official wording) and en.

/** A text in both languages the system speaks. */
export interface LocalizedText {
  readonly 'zh-CN': string;
  readonly en: string;
}

/**
 * One reason an input is bad. Validators collect all of them instead of stopping at the first.
 * `position` is 1-based (the character where the faulty part starts); `field` names an input
 * field; `params` carries the values the message was built from.
 */
export interface ValidationIssue {
  readonly code: string;
  readonly message: LocalizedText;
  readonly position?: number;
  readonly width?: number;
  readonly field?: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** Parameters carried by each domain error code. */
export interface DomainErrorParameters {
  /** No State Council calendar is held for `year`: the system does not guess. */
  CALENDAR_MISSING: { year: number };
  /** A calendar year fails validation. */
  CALENDAR_INVALID: { year?: number; issues: readonly ValidationIssue[] };
  /** A public notice shorter than the minimum of working days was asked for. */
  NOTICE_TOO_SHORT: { days: number; minimum: number };
  /** A value is not a real calendar date written YYYY-MM-DD. */
  INVALID_DATE: { value: string; field?: string };
  /** A date range whose end lies before its start. */
  DATE_RANGE_REVERSED: { from: string; to: string };
  /** A plan's minimum years in post that is not a whole number of at least 1. */
  INVALID_MIN_YEARS_IN_POST: { value: number };
  /** An act that the life cycle does not allow in the current state (see transitions.ts). */
  INVALID_TRANSITION: { lifeCycle: string; from: string; act: string };
}

export type DomainErrorCode = keyof DomainErrorParameters;

const messageBuilders: {
  [Code in DomainErrorCode]: (params: DomainErrorParameters[Code]) => LocalizedText;
} = {
  INVALID_TRANSITION: ({ lifeCycle, from, act }) => ({
    'zh-CN': `当前状态（${from}）下不能执行此操作（${act}）`,
    en: `The act "${act}" is not allowed while the ${lifeCycle} is ${from}`,
  }),
  CALENDAR_MISSING: ({ year }) => ({
    'zh-CN': `系统尚未保存${year}年的节假日安排（法定节假日及调休上班日），无法计算该年的工作日。请系统管理员在「节假日日历」页面导入国务院办公厅关于${year}年部分节假日安排的通知`,
    en: `No holiday arrangement (public holidays and make-up working days) is held for ${year}, so its working days cannot be counted. A system administrator loads the State Council General Office's notice for ${year} on the 「节假日日历」 (Holiday calendars) page`,
  }),
  CALENDAR_INVALID: ({ year, issues }) => ({
    'zh-CN': `${year === undefined ? '' : `${year}年`}节假日日历无效：${issues.map((issue) => issue.message['zh-CN']).join('；')}`,
    en: `The holiday calendar${year === undefined ? '' : ` for ${year}`} is invalid: ${issues.map((issue) => issue.message.en).join('; ')}`,
  }),
  NOTICE_TOO_SHORT: ({ days, minimum }) => ({
    'zh-CN': `公示期不得少于${minimum}个工作日，所设为${days}个工作日`,
    en: `A public notice lasts at least ${minimum} working days; ${days} were asked for`,
  }),
  INVALID_DATE: ({ value, field }) => ({
    'zh-CN': `${field === undefined ? '' : `${field}：`}“${value}”不是有效日期（格式为YYYY-MM-DD）`,
    en: `${field === undefined ? '' : `${field}: `}"${value}" is not a real date written YYYY-MM-DD`,
  }),
  DATE_RANGE_REVERSED: ({ from, to }) => ({
    'zh-CN': `起始日期${from}晚于结束日期${to}`,
    en: `The start date ${from} lies after the end date ${to}`,
  }),
  INVALID_MIN_YEARS_IN_POST: ({ value }) => ({
    'zh-CN': `高级技师岗位最低工作年限应为不小于1的整数，所设为${value}`,
    en: `The minimum years in a Senior Technician post is a whole number of at least 1, not ${value}`,
  }),
};

/** Builds the bilingual message of a domain error from its code and parameters. */
export function describeDomainError<Code extends DomainErrorCode>(
  code: Code,
  params: DomainErrorParameters[Code],
): LocalizedText {
  return messageBuilders[code](params);
}

/** A rule refused: a stable machine `code`, the `params` it was refused with, both messages. */
export class DomainError<Code extends DomainErrorCode = DomainErrorCode> extends Error {
  readonly code: Code;
  readonly params: DomainErrorParameters[Code];
  readonly messages: LocalizedText;

  constructor(code: Code, params: DomainErrorParameters[Code]) {
    const messages = describeDomainError(code, params);
    super(messages.en);
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
    this.messages = messages;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
