import type { DepartmentType, OrganisationKind, Role, BodyType, FilingLevel, InstitutionCategory } from '../api/types';

// The organisation rules the pages need to offer the right choices. The server enforces them;
// these lists only keep the forms from offering what it would refuse.

export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['ministry', 'department', 'enterprise', 'evaluation-body'];

/** Which kinds of organisation may sit directly below each kind. */
export const CHILD_KINDS: Record<OrganisationKind, readonly OrganisationKind[]> = {
  ministry: ['department', 'evaluation-body'],
  department: ['enterprise', 'evaluation-body'],
  enterprise: ['enterprise', 'evaluation-body'],
  'evaluation-body': [],
};

/** Which roles a user of an organisation of each kind may hold. */
export const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
  ministry: ['system-admin', 'ministry-admin'],
  department: ['department-admin'],
  enterprise: ['enterprise-admin', 'employee'],
  'evaluation-body': ['body-admin', 'expert'],
};

export const ALL_ROLES: readonly Role[] = Object.values(ROLES_BY_KIND).flat();

export const DEPARTMENT_TYPES: readonly DepartmentType[] = ['provincial', 'state-council', 'central-enterprise', 'xpcc'];
export const BODY_TYPES: readonly BodyType[] = ['internal', 'industry'];
export const FILING_LEVELS: readonly FilingLevel[] = ['national', 'provincial'];
export const INSTITUTION_CATEGORIES: readonly InstitutionCategory[] = ['Y', 'S'];

/** GB/T 2260 provincial codes as the certificate code uses them; 66 is 新疆生产建设兵团. */
export const PROVINCE_CODES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '66',
] as const;
export type ProvinceCode = (typeof PROVINCE_CODES)[number];

export function isProvinceCode(value: string | null | undefined): value is ProvinceCode {
  return typeof value === 'string' && (PROVINCE_CODES as readonly string[]).includes(value);
}

/** The order kinds are listed in a tree: departments before enterprises before bodies. */
export const KIND_ORDER: Record<OrganisationKind, number> = {
  ministry: 0,
  department: 1,
  enterprise: 2,
  'evaluation-body': 3,
};

// 统一社会信用代码 (GB 32100-2015): 18 characters from this alphabet, the last a check character.
const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function creditCodeCheckCharacter(first17: string): string | undefined {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[index]);
    if (value < 0) return undefined;
    sum += value * CREDIT_CODE_WEIGHTS[index];
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[check];
}

export function isValidCreditCode(code: string): boolean {
  return CREDIT_CODE_PATTERN.test(code) && creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}

/** The first 13 characters of every certificate code the institution issues. */
export function certificateCodePrefix(institution: {
  category?: string;
  institutionCode?: string;
  provinceCode?: string;
  siteCode?: string;
}): string {
  return [
    institution.category || '_',
    (institution.institutionCode || '').padEnd(4, '_'),
    (institution.provinceCode || '').padEnd(2, '_'),
    (institution.siteCode || '').padEnd(6, '_'),
  ].join('');
}
