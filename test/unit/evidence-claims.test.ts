import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyApplicationContent } from '../../src/domain/application-rules.ts';
import { claimSection, evidenceClaims, maskClaimedNumber, maskPersonName, normaliseClaimedNumber } from '../../src/domain/evidence-claims.ts';

const scan = (id: string) => ({ fileId: id, name: `${id}.pdf` });

describe('evidenceClaims', () => {
  it('lists every file by the place it backs and the numbers the form states', () => {
    const content = emptyApplicationContent();
    content.qualification.certificateNumber = 'Y000023000001101000123';
    content.qualification.evidence = [scan('q')];
    content.post.evidence = [scan('q')];
    content.achievements = [{ kind: 'mentoring', title: null, description: null, benefit: null, apprentices: [], evidence: [scan('m')] }];
    content.honours = [{ id: 'china-skills-award', awardedOn: null, issuer: null, certificateNumber: 'ZH-2019-001234', evidence: [scan('h')] }];
    content.health.evidence = [scan('x')];
    expect(evidenceClaims(content)).toEqual([
      { kind: 'file', field: 'qualification', fileId: 'q', name: 'q.pdf' },
      { kind: 'number', field: 'qualification', number: 'Y000023000001101000123' },
      { kind: 'file', field: 'post', fileId: 'q', name: 'q.pdf' },
      { kind: 'file', field: 'achievements.0', fileId: 'm', name: 'm.pdf' },
      { kind: 'file', field: 'honours.china-skills-award', fileId: 'h', name: 'h.pdf' },
      { kind: 'number', field: 'honours.china-skills-award', number: 'ZH2019001234' },
      { kind: 'file', field: 'health', fileId: 'x', name: 'x.pdf' },
    ]);
  });

  it('reads a content saved before award numbers were asked', () => {
    const content = emptyApplicationContent();
    content.honours = [{ id: 'china-skills-award', awardedOn: null, issuer: null, evidence: [] } as never];
    expect(evidenceClaims(content)).toEqual([]);
  });
});

describe('normaliseClaimedNumber', () => {
  it('forgives full-width characters, case, spaces, dashes and brackets', () => {
    expect(normaliseClaimedNumber('ｊｎ－2018 (0012345)')).toBe('JN20180012345');
    expect(normaliseClaimedNumber(' jn-2018-0012345 ')).toBe('JN20180012345');
  });
  it('leaves out what is too short to be a number', () => {
    for (const value of [null, '', '无', '—', '12345', ' - - ']) expect(normaliseClaimedNumber(value)).toBeNull();
  });
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (raw) => {
      const once = normaliseClaimedNumber(raw);
      expect(once === null ? null : normaliseClaimedNumber(once)).toBe(once);
    }));
  });
});

describe('masking across organisations', () => {
  it('shows a name as its first character and stars', () => {
    expect(maskPersonName('张三丰')).toBe('张**');
    expect(maskPersonName('李四')).toBe('李*');
    expect(maskPersonName('欧阳')).toBe('欧*');
    expect(maskPersonName('王')).toBe('王*');
  });
  it('never shows more than the first character of a name of two characters or more', () => {
    // What hides a name is that every character after the first is a star, of the same count; not
    // that the result differs from the name (a name may itself be "!*", and its mask "!*" shows
    // nothing of it but its first character).
    fc.assert(fc.property(fc.string({ minLength: 2 }).filter((name) => [...name.trim()].length >= 2), (name) => {
      const characters = [...name.trim()];
      expect([...maskPersonName(name)]).toEqual([characters[0], ...characters.slice(1).map(() => '*')]);
    }));
    expect(maskPersonName('!*')).toBe('!*');
  });
  it('shows a number by its first 4 and last 3 characters', () => {
    expect(maskClaimedNumber('JN20180012345')).toBe('JN20******345');
    expect(maskClaimedNumber('Y000023000001101000123')).toBe('Y000***************123');
    expect(maskClaimedNumber('1234567')).toBe('12****7');
  });
  it('names the section of a field', () => {
    expect(claimSection('achievements.3')).toBe('achievements');
    expect(claimSection('honours.china-skills-award')).toBe('honours');
  });
});
