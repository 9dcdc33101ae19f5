// Retried requests: a client that did not get the answer to a batch act (issue certificates, import
// or export the register) sends it again with the same `Idempotency-Key` header and gets the first
// act's answer instead of a second act. The key may also come in the body (`idempotencyKey`, as the
// certificate batch schemas always allowed); when both are given they must agree.
//
// What "the same request" means is the use case's business (a batch compares a hash of the request,
// a job its payload); a key reused for a different request is refused with IDEMPOTENCY_KEY_REUSED.
import type { FastifyRequest } from 'fastify';
import { fieldError, validationError } from './errors.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Visible ASCII, 8–100 characters: a UUID, a ULID or any client-made token fits. */
const KEY_PATTERN = /^[\x21-\x7e]{8,100}$/;

/**
 * The request's idempotency key: the `Idempotency-Key` header, or the body's `idempotencyKey`
 * (already validated by the route's schema). Refuses a malformed header, and a header and a body
 * key that differ (VALIDATION, 400).
 */
export function idempotencyKeyOf(request: FastifyRequest, bodyKey?: string | null): string | undefined {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return bodyKey ?? undefined;
  const header = (Array.isArray(raw) ? raw.join(',') : raw).trim();
  if (!KEY_PATTERN.test(header)) {
    throw validationError([
      fieldError(
        'headers.idempotency-key',
        'IDEMPOTENCY_KEY_INVALID',
        '幂等键（Idempotency-Key）应为 8 至 100 个可见 ASCII 字符，例如一个 UUID',
        'The Idempotency-Key is 8 to 100 visible ASCII characters, such as a UUID',
      ),
    ]);
  }
  if (bodyKey && bodyKey !== header) {
    throw validationError([
      fieldError('idempotencyKey', 'IDEMPOTENCY_KEY_MISMATCH', '请求头与请求体中的幂等键不一致', 'The Idempotency-Key header and the idempotencyKey of the body differ'),
    ]);
  }
  return header;
}
