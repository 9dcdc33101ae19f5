// 证明材料指纹: what an application claims with its evidence — every uploaded file (by where in the
// form it backs a statement) and every certificate or award number it states. The same file, or
// the same number, claimed by two different applicants is a suspicion of fraud (六(四)) for a person
// to decide, never a finding. Pure: no I/O.

import type { ApplicationContent } from './application-rules.ts';

/** What a fingerprint is of: the bytes of a file (SHA-256), or a certificate or award number. */
export type EvidenceClaimKind = 'file' | 'number';
export const EVIDENCE_CLAIM_KINDS: readonly EvidenceClaimKind[] = ['file', 'number'];

/** Where in the form a claim stands, e.g. `qualification`, `achievements.0`, `honours.china-skills-award`. */
export interface FileClaim {
  kind: 'file';
  field: string;
  fileId: string;
  name: string;
}

export interface NumberClaim {
  kind: 'number';
  field: string;
  /** As normalised by `normaliseClaimedNumber`. */
  number: string;
}

export type EvidenceClaim = FileClaim | NumberClaim;

/**
 * A certificate or award number as it is compared: full-width characters and lower case forgiven,
 * and every space, dash, dot, slash and bracket left out (people write 证书编号 with and without them).
 * Null when nothing is left, or when it is too short to tell one number from another (fewer than 6
 * characters: "1", "无", "—" are not numbers anyone could be suspected of sharing).
 */
export function normaliseClaimedNumber(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const number = raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.·/\\()[\]（）【】、，,:：#№]/gu, '');
  if (number.length < 6) return null;
  return number;
}

/** A number shown to someone who may not read the other application: the first 4 and the last 3 characters. */
export function maskClaimedNumber(number: string): string {
  if (number.length <= 7) return `${number.slice(0, 2)}${'*'.repeat(Math.max(0, number.length - 3))}${number.slice(-1)}`;
  return `${number.slice(0, 4)}${'*'.repeat(number.length - 7)}${number.slice(-3)}`;
}

/**
 * A person's name shown across organisations: the first character (the surname, as people are
 * addressed) and a star for every other one. One organisation never reads the full name of another
 * organisation's applicant.
 */
export function maskPersonName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length === 0) return '*';
  if (characters.length === 1) return `${characters[0]}*`;
  return characters[0] + '*'.repeat(characters.length - 1);
}

/**
 * Every claim of an application: each evidence file once per field it backs, and the numbers it
 * states (the qualification's certificate number, each honour's certificate number). A file
 * used in two places of one form is one claim per place; the same applicant is never compared with
 * themselves (the caller leaves out their own applications).
 */
export function evidenceClaims(content: ApplicationContent): EvidenceClaim[] {
  const claims: EvidenceClaim[] = [];
  const files = (field: string, refs: readonly { fileId: string; name: string }[] | undefined) => {
    for (const ref of refs ?? []) claims.push({ kind: 'file', field, fileId: ref.fileId, name: ref.name });
  };
  const number = (field: string, raw: string | null | undefined) => {
    const normalised = normaliseClaimedNumber(raw);
    if (normalised) claims.push({ kind: 'number', field, number: normalised });
  };
  files('qualification', content.qualification?.evidence);
  number('qualification', content.qualification?.certificateNumber);
  files('post', content.post?.evidence);
  (content.achievements ?? []).forEach((entry, index) => files(`achievements.${index}`, entry.evidence));
  for (const entry of content.honours ?? []) {
    files(`honours.${entry.id}`, entry.evidence);
    number(`honours.${entry.id}`, entry.certificateNumber);
  }
  files('health', content.health?.evidence);
  files('integrity', content.integrity?.evidence);
  return claims;
}

/** The section of the form a field belongs to, for its name on a page: `achievements.2` → `achievements`. */
export function claimSection(field: string): 'qualification' | 'post' | 'achievements' | 'honours' | 'health' | 'integrity' {
  const section = field.split('.')[0];
  if (section === 'qualification' || section === 'post' || section === 'achievements' || section === 'honours' || section === 'health' || section === 'integrity') return section;
  return 'qualification';
}
