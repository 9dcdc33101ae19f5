// Text that is not well-formed Unicode is refused at the door, on every route.
//
// JSON may carry a lone UTF-16 surrogate ("\ud800"): JSON.parse lets it through, and then it broke
// things further in (PostgreSQL's jsonb refuses it, so an audit entry failed with a 500; argon2 and
// other native code cannot take such a string). Nothing a person types produces one. Every string in
// the body, the query and the path parameters — keys included, at any depth — is checked before
// validation, and the request is refused with 400 MALFORMED_UNICODE naming every such field.
import type { FastifyInstance } from 'fastify';
import { AppError, fieldError, type FieldError } from './errors.ts';

/** In a `u` regular expression a well-formed pair is one code point, so this finds lone surrogates only. */
const LONE_SURROGATE = /\p{Surrogate}/u;

export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

function malformed(path: string): FieldError {
  return fieldError(path || '(body)', 'MALFORMED_UNICODE', '含有无效的字符编码（不成对的 UTF-16 代理项）', 'Contains malformed text (a lone UTF-16 surrogate)');
}

/** The paths of every string (and key) in `value` that is not well-formed; iterative, so any depth is safe. */
export function malformedTextPaths(value: unknown, prefix = ''): string[] {
  const found: string[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: prefix }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (!isWellFormedText(current)) found.push(path);
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) stack.push({ value: current[index], path: path ? `${path}.${index}` : String(index) });
    } else if (current && typeof current === 'object' && !Buffer.isBuffer(current)) {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, child] = entries[index];
        const shownKey = isWellFormedText(key) ? key : key.replace(/\p{Surrogate}/gu, '\uFFFD');
        const childPath = path ? `${path}.${shownKey}` : shownKey;
        if (!isWellFormedText(key)) found.push(childPath);
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return found.sort();
}

/**
 * Registers the check. It runs after the session check (a client without a session learns nothing
 * from it) and before the route's schema.
 */
export function installInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const paths = [
      ...malformedTextPaths(request.body),
      ...malformedTextPaths(request.query, 'query'),
      ...malformedTextPaths(request.params, 'params'),
    ];
    if (paths.length) throw new AppError('MALFORMED_UNICODE', {}, { errors: paths.map(malformed) });
  });
}
