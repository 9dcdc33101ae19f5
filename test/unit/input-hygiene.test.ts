import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormedText, malformedTextPaths } from '../../src/platform/input-hygiene.ts';
import { lockDurationMs } from '../../src/modules/auth/login.ts';

describe('malformedTextPaths', () => {
  it('finds every lone surrogate, in values and keys, at any depth, and nothing else', () => {
    expect(malformedTextPaths({ name: 'ok', list: ['a', '\ud800'], nested: { deep: [{ x: 'z\udfffz' }] }, ['k\udc00']: 1 })).toEqual(['k\uFFFD', 'list.1', 'nested.deep.0.x']);
    expect(malformedTextPaths('\ud83d')).toEqual(['']);
    expect(malformedTextPaths({ emoji: '😀', chinese: '特级技师', pair: '\ud83d\ude00' })).toEqual([]);
    expect(malformedTextPaths(undefined)).toEqual([]);
  });

  it('survives a structure nested far deeper than a recursive walk would', () => {
    let value: unknown = '\ud800';
    for (let depth = 0; depth < 50_000; depth += 1) value = [value];
    expect(malformedTextPaths(value)).toHaveLength(1);
  });

  it('calls text well-formed exactly when it has no unpaired surrogate', () => {
    fc.assert(
      // Code units around the surrogate range, so that pairs, lone halves and plain text all occur.
      fc.property(fc.array(fc.integer({ min: 0xd700, max: 0xe000 }), { maxLength: 12 }).map((codes) => String.fromCharCode(...codes)), (text) => {
        const wellFormed = !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
        expect(isWellFormedText(text)).toBe(wellFormed);
      }),
      { numRuns: 500 },
    );
  });
});

describe('lockDurationMs', () => {
  const settings = { loginMaxFailures: 5, loginLockMinutes: 15 };
  it('locks from the limit on: a minute, then twice as long at each failure, never longer than LOGIN_LOCK_MINUTES', () => {
    expect([1, 4, 5, 6, 7, 8, 9, 10, 1000].map((failures) => lockDurationMs(settings, failures) / 60_000)).toEqual([0, 0, 1, 2, 4, 8, 15, 15, 15]);
    expect(lockDurationMs({ loginMaxFailures: 3, loginLockMinutes: 60 }, 9) / 60_000).toBe(60);
  });
});
