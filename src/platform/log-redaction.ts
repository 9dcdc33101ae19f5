// What the logs may say about an error and a request: never the values a query was run with.
//
// A failed query's error (drizzle's DrizzleQueryError) carries its parameters in `params` and in its
// message and stack ("Failed query: …\nparams: …"): a failed update of a user printed the argon2
// hash, and an insert would print identity numbers and names. PostgreSQL's own error adds `detail`
// ("Key (…)=(value) already exists"). The logger's error serializer below keeps the query text, the
// SQL state, the table and constraint and the stack's frames, and drops every value. Request lines
// are logged without their query string, and cookies, the CSRF token and password fields are
// redacted wherever they appear.
import type { FastifyRequest } from 'fastify';

/** pino's redaction paths (fast-redact syntax), for the logger options. */
export const REDACTED_LOG_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  'params',
  '*.params',
];

/** Fields of a PostgreSQL error that name where it happened, not what values were involved. */
const SAFE_DATABASE_FIELDS = ['code', 'severity', 'schema', 'table', 'column', 'constraint', 'routine', 'dataType'] as const;

const PARAMETERS_LINE = /\nparams: [\s\S]*?(?=\n\s+at |$)/;

/** A message or stack without the "params: …" part drizzle writes into it. */
export function withoutParameters(text: string): string {
  return text.replace(PARAMETERS_LINE, '\nparams: [redacted]');
}

/**
 * Message and stack of an error without its parameters. A failed query's message is rebuilt from
 * its query text (the parameters' text could imitate a stack frame and escape a pattern); the
 * stack keeps its frames.
 */
function safeMessageAndStack(error: Error & Record<string, unknown>): { message: string; stack?: string } {
  const carriesParameters = 'params' in error && typeof error.query === 'string' && error.message.startsWith('Failed query: ');
  const message = carriesParameters ? `Failed query: ${String(error.query)}\nparams: [redacted]` : withoutParameters(error.message);
  if (!error.stack) return { message };
  const header = `${error.name}: ${error.message}`;
  const stack = error.stack.startsWith(header) ? `${error.name}: ${message}${error.stack.slice(header.length)}` : withoutParameters(error.stack);
  return { message, stack };
}

/** What the logs show of an error (the shape pino's error serializer has). */
export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [field: string]: unknown;
}

/** The error as the logs may show it: type, message and stack without values, safe fields, its cause likewise. */
export function errorForLog(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: '[not an Error]', stack: '' };
  const record = error as Error & Record<string, unknown>;
  const { message, stack } = safeMessageAndStack(record);
  const shown: LoggedError = { type: error.constructor?.name ?? error.name, message, stack: stack ?? '' };
  if (typeof record.query === 'string') shown.query = record.query;
  for (const field of SAFE_DATABASE_FIELDS) {
    if (typeof record[field] === 'string' || typeof record[field] === 'number') shown[field] = record[field];
  }
  if (typeof record.statusCode === 'number') shown.statusCode = record.statusCode;
  if (record.cause !== undefined && depth < 5) shown.cause = errorForLog(record.cause, depth + 1);
  return shown;
}

/** The error as one block of text for a terminal or a stored job detail: message, frames and causes, without values. */
export function describeErrorForLog(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    if (!(current instanceof Error)) {
      lines.push(depth ? `caused by: ${String(current)}` : String(current));
      break;
    }
    const shown = errorForLog(current);
    const text = shown.stack || `${current.name}: ${shown.message}`;
    lines.push(depth ? `caused by: ${text}` : text);
    if (typeof shown.code === 'string') lines.push(`  (SQL state ${shown.code}${shown.constraint ? `, constraint ${String(shown.constraint)}` : ''})`);
    current = (current as { cause?: unknown }).cause;
  }
  return lines.join('\n');
}

/** A request as the logs show it: the path without its query string. */
export function requestForLog(request: FastifyRequest): { method: string; url: string; host: string; remoteAddress: string; remotePort?: number } {
  return {
    method: request.method,
    url: request.url.split('?')[0],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
