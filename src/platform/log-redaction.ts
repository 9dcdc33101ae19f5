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

/** A failed query as drizzle reports it: the query text in `query`, the values in `params` and in the message. */
function isQueryError(error: Error & Record<string, unknown>): boolean {
  return 'params' in error && typeof error.query === 'string' && error.message.startsWith('Failed query: ');
}

/** An error PostgreSQL sent (pg's DatabaseError, PGlite's), recognised by its SQL state and severity. */
function isDatabaseError(error: Error & Record<string, unknown>): boolean {
  return typeof error.severity === 'string' && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code);
}

/**
 * PostgreSQL names the value it refused in its message: `invalid input syntax for type uuid: "…"`,
 * `value "…" is out of range for type integer`, `invalid byte sequence for encoding "UTF8": 0xed 0xa0`.
 * A quoted name is kept only when it is one of the query's own quoted identifiers or a field naming
 * where the error happened (table, column, constraint…); every other quoted text and byte list is
 * a value and is redacted.
 */
function withoutValues(message: string, knownNames: ReadonlySet<string>): string {
  return message.replace(/"((?:[^"]|"")*)"/g, (quoted, name: string) => (knownNames.has(name) ? quoted : '"[redacted]"')).replace(/0x[0-9a-f]{2}(?:\s+0x[0-9a-f]{2})*/gi, '[redacted]');
}

function namesIn(error: Error & Record<string, unknown>, query: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const match of (query ?? '').matchAll(/"((?:[^"]|"")*)"/g)) names.add(match[1]);
  for (const field of ['schema', 'table', 'column', 'constraint', 'dataType', 'routine']) {
    if (typeof error[field] === 'string') names.add(error[field]);
  }
  return names;
}

/**
 * Message and stack of an error without values. A failed query's message is rebuilt from its query
 * text; a database error's message loses the values it quotes; the stack keeps its frames only
 * (its first line repeats the message, which is given again in its safe form).
 */
function safeMessageAndStack(error: Error & Record<string, unknown>, query: string | undefined): { message: string; stack: string } {
  let message: string;
  if (isQueryError(error)) message = `Failed query: ${String(error.query)}\nparams: [redacted]`;
  else if (isDatabaseError(error)) message = withoutValues(withoutParameters(error.message), namesIn(error, query));
  else message = withoutParameters(error.message);
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { message, stack: [`${error.name}: ${message}`, ...frames].join('\n') };
}

/** What the logs show of an error (the shape pino's error serializer has). */
export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [field: string]: unknown;
}

/**
 * The error as the logs may show it: type, message and stack without values, safe fields, its cause
 * likewise (a failed query's cause is judged with the query's text). `query` is for that recursion.
 */
export function errorForLog(error: unknown, depth = 0, query?: string): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: '[not an Error]', stack: '' };
  const record = error as Error & Record<string, unknown>;
  const queryText = typeof record.query === 'string' ? record.query : query;
  const { message, stack } = safeMessageAndStack(record, queryText);
  const shown: LoggedError = { type: error.constructor?.name ?? error.name, message, stack };
  if (typeof record.query === 'string') shown.query = record.query;
  for (const field of SAFE_DATABASE_FIELDS) {
    if (typeof record[field] === 'string' || typeof record[field] === 'number') shown[field] = record[field];
  }
  if (typeof record.statusCode === 'number') shown.statusCode = record.statusCode;
  if (record.cause !== undefined && depth < 5) shown.cause = errorForLog(record.cause, depth + 1, queryText);
  return shown;
}

/** The error as one block of text for a terminal or a stored job detail: message, frames and causes, without values. */
export function describeErrorForLog(error: unknown): string {
  const lines: string[] = [];
  let shown: LoggedError | undefined = errorForLog(error);
  for (let depth = 0; shown; depth += 1) {
    const text = shown.stack || `${shown.type}: ${shown.message}`;
    lines.push(depth ? `caused by: ${text}` : text);
    if (typeof shown.code === 'string') lines.push(`  (SQL state ${shown.code}${shown.constraint ? `, constraint ${String(shown.constraint)}` : ''})`);
    shown = shown.cause as LoggedError | undefined;
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
