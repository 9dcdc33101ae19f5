import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isDomainError, type DomainError } from '../domain/errors.ts';

export interface LocalisedText {
  'zh-CN': string;
  en: string;
}

/**
 * The catalogue of error codes: status and the message in both locales. `{name}` placeholders are
 * filled from the error's params. A code, once published, keeps its meaning.
 */
export const errorCatalogue = {
  VALIDATION: { status: 400, 'zh-CN': '提交的内容有误，请检查标出的字段。', en: 'The request is invalid; check the marked fields.' },
  MALFORMED_JSON: { status: 400, 'zh-CN': '请求体不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  PAYLOAD_TOO_LARGE: { status: 413, 'zh-CN': '请求内容过大。', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, 'zh-CN': '不支持的内容类型。', en: 'Unsupported content type.' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录。', en: 'Please log in.' },
  INVALID_CREDENTIALS: { status: 401, 'zh-CN': '用户名或密码错误。', en: 'Wrong user name or password.' },
  CURRENT_PASSWORD_WRONG: { status: 400, 'zh-CN': '当前密码不正确。', en: 'The current password is wrong.' },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': '登录失败次数过多，账号已锁定至 {until}。',
    en: 'Too many failed log-ins; the account is locked until {until}.',
  },
  ACCOUNT_DISABLED: { status: 403, 'zh-CN': '账号已停用，请联系管理员。', en: 'The account is disabled; contact your administrator.' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    'zh-CN': '请先修改初始密码。',
    en: 'Change your one-time password first.',
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    'zh-CN': '密码至少 10 位，且须同时包含字母和数字。',
    en: 'The password needs at least 10 characters with both letters and digits.',
  },
  PASSWORD_UNCHANGED: { status: 400, 'zh-CN': '新密码不能与当前密码相同。', en: 'The new password must differ from the current one.' },
  CSRF_INVALID: {
    status: 403,
    'zh-CN': '请求缺少有效的安全令牌，请刷新页面后重试。',
    en: 'The request lacks a valid security token; reload the page and try again.',
  },
  FORBIDDEN: { status: 403, 'zh-CN': '您没有执行此操作的权限。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, 'zh-CN': '未找到请求的内容。', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, 'zh-CN': '接口不存在。', en: 'No such endpoint.' },
  CONFLICT: { status: 409, 'zh-CN': '数据已被修改或存在冲突。', en: 'The data conflicts with the current state.' },
  USERNAME_TAKEN: { status: 409, 'zh-CN': '用户名“{username}”已被使用。', en: 'The user name "{username}" is taken.' },
  CREDIT_CODE_TAKEN: {
    status: 409,
    'zh-CN': '统一社会信用代码 {creditCode} 已被其他组织使用。',
    en: 'The unified social credit code {creditCode} belongs to another organisation.',
  },
  CHILD_KIND_NOT_ALLOWED: {
    status: 400,
    'zh-CN': '“{parentKind}”下不能创建“{kind}”。',
    en: 'A "{kind}" cannot be created under a "{parentKind}".',
  },
  ROLE_NOT_ALLOWED: {
    status: 400,
    'zh-CN': '角色“{role}”不适用于此类组织。',
    en: 'The role "{role}" does not fit this kind of organisation.',
  },
  CANNOT_CHANGE_SELF: {
    status: 400,
    'zh-CN': '不能停用自己或修改自己的角色。',
    en: 'You cannot disable yourself or change your own roles.',
  },
  RATE_LIMITED: { status: 429, 'zh-CN': '请求过于频繁，请稍后再试。', en: 'Too many requests; try again later.' },
  CALENDAR_MISSING: {
    status: 422,
    'zh-CN': '系统中没有 {year} 年的节假日安排，无法计算工作日。',
    en: 'No holiday calendar is held for {year}; working days cannot be counted.',
  },
  INTERNAL: { status: 500, 'zh-CN': '服务器内部错误，请稍后再试。', en: 'Internal server error; try again later.' },
  UNAVAILABLE: { status: 503, 'zh-CN': '服务暂时不可用。', en: 'The service is temporarily unavailable.' },
} as const satisfies Record<string, { status: number } & LocalisedText>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldError {
  path: string;
  code: string;
  messages: LocalisedText;
}

function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The one error type of the application: a stable code, its status and bilingual messages. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: LocalisedText;
  readonly params: Record<string, unknown>;
  readonly errors?: FieldError[];

  constructor(
    code: ErrorCode,
    params: Record<string, unknown> = {},
    options: { errors?: FieldError[]; messages?: LocalisedText; status?: number } = {},
  ) {
    const entry = errorCatalogue[code];
    const messages = options.messages ?? { 'zh-CN': fill(entry['zh-CN'], params), en: fill(entry.en, params) };
    super(messages.en);
    this.code = code;
    this.status = options.status ?? entry.status;
    this.messages = messages;
    this.params = params;
    this.errors = options.errors;
  }

  /** For rule errors raised elsewhere (the domain layer) with their own code and messages. */
  static withMessages(code: string, status: number, messages: LocalisedText, params: Record<string, unknown> = {}, errors?: FieldError[]) {
    const error = new AppError('VALIDATION', params, { messages, status, errors });
    (error as { code: string }).code = code;
    return error;
  }
}

export function validationError(errors: FieldError[]): AppError {
  return new AppError('VALIDATION', {}, { errors });
}

/** A field error with bilingual messages. */
export function fieldError(path: string, code: string, zh: string, en: string): FieldError {
  return { path, code, messages: { 'zh-CN': zh, en } };
}

const zodMessages: Record<string, LocalisedText> = {
  invalid_type: { 'zh-CN': '类型不正确或缺少此项', en: 'Wrong type or missing' },
  too_small: { 'zh-CN': '内容过短或数值过小', en: 'Too short or too small' },
  too_big: { 'zh-CN': '内容过长或数值过大', en: 'Too long or too large' },
  invalid_format: { 'zh-CN': '格式不正确', en: 'Wrong format' },
  invalid_value: { 'zh-CN': '取值不在允许范围内', en: 'Value not allowed' },
  unrecognized_keys: { 'zh-CN': '包含不允许的字段', en: 'Unknown fields' },
  custom: { 'zh-CN': '内容不正确', en: 'Invalid value' },
};

export function fromZodError(error: ZodError, prefix?: string): AppError {
  const errors = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const base = zodMessages[issue.code] ?? zodMessages.custom;
    const custom = (issue as { params?: { messages?: LocalisedText } }).params?.messages;
    const messages = custom ?? { 'zh-CN': base['zh-CN'], en: `${base.en}: ${issue.message}` };
    return { path, code: issue.code, messages };
  });
  return validationError(errors);
}

/** HTTP status of the domain's rule errors: a refused rule is 422, a bad value 400, a wrong state 409. */
const domainErrorStatus: Record<string, number> = {
  CALENDAR_MISSING: 422,
  NOTICE_TOO_SHORT: 422,
  INVALID_TRANSITION: 409,
};

export function fromDomainError(error: DomainError): AppError {
  const params = Object.fromEntries(
    Object.entries(error.params as Record<string, unknown>).filter(([, value]) => typeof value !== 'object'),
  );
  return AppError.withMessages(error.code, domainErrorStatus[error.code] ?? 400, error.messages, params);
}

export function preferredLocale(request: FastifyRequest): 'zh-CN' | 'en' {
  const header = String(request.headers['accept-language'] ?? '');
  return /^en\b/i.test(header.trim()) ? 'en' : 'zh-CN';
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const locale = preferredLocale(request);
  const body: Record<string, unknown> = {
    type: `urn:ptech:error:${error.code}`,
    title: error.messages.en,
    status: error.status,
    code: error.code,
    detail: error.messages[locale],
    messages: error.messages,
  };
  if (error.errors?.length) body.errors = error.errors;
  for (const [key, value] of Object.entries(error.params)) {
    if (!(key in body) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      body[key] = value;
    }
  }
  return reply.status(error.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Maps every error to problem+json; 5xx never leak internals. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((raw: FastifyError | AppError | Error, request, reply) => {
    let error: AppError;
    if (raw instanceof AppError) {
      error = raw;
    } else if (isDomainError(raw)) {
      error = fromDomainError(raw);
    } else if (raw instanceof ZodError) {
      error = fromZodError(raw);
    } else if ((raw as FastifyError).validation) {
      const cause = (raw as FastifyError & { cause?: unknown }).cause;
      const context = (raw as FastifyError).validationContext;
      if (cause instanceof ZodError) {
        error = fromZodError(cause, context === 'body' ? undefined : context);
      } else {
        const issues = ((raw as FastifyError).validation ?? []).map((issue) => {
          const instancePath = String((issue as { instancePath?: string }).instancePath ?? '')
            .replace(/^\//, '')
            .replace(/\//g, '.');
          const path = [context && context !== 'body' ? context : '', instancePath].filter(Boolean).join('.');
          const keyword = (issue as { keyword?: string }).keyword ?? 'custom';
          const base = zodMessages[keyword] ?? zodMessages.custom;
          const custom = (issue.params as { params?: { messages?: LocalisedText } } | undefined)?.params?.messages;
          return { path, code: keyword, messages: custom ?? { 'zh-CN': base['zh-CN'], en: `${base.en}: ${issue.message}` } };
        });
        error = validationError(issues);
      }
    } else {
      const code = (raw as FastifyError).code;
      const statusCode = (raw as FastifyError).statusCode ?? 500;
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (raw instanceof SyntaxError && statusCode === 400)) {
        error = new AppError('MALFORMED_JSON');
      } else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) {
        error = new AppError('PAYLOAD_TOO_LARGE');
      } else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || statusCode === 415) {
        error = new AppError('UNSUPPORTED_MEDIA_TYPE');
      } else if (statusCode === 429) {
        error = new AppError('RATE_LIMITED');
      } else if (statusCode >= 400 && statusCode < 500) {
        error = new AppError('VALIDATION', {}, { status: statusCode, messages: { 'zh-CN': '请求无效。', en: raw.message } });
      } else {
        request.log.error({ err: raw }, 'unhandled error');
        error = new AppError('INTERNAL');
      }
    }
    return sendProblem(request, reply, error);
  });
}
