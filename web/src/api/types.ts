// The shapes the server sends over /api/v1. Kept by hand in step with the API contract;
// web/ never imports server code.

export type Locale = 'zh-CN' | 'en';

export type LocalizedMessages = Record<Locale, string>;

/** RFC 9457 problem+json, as every error response of the API is shaped. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  messages?: Partial<LocalizedMessages>;
  errors?: ProblemFieldError[];
}

export interface ProblemFieldError {
  /** Dotted path of the field in the request body, e.g. `filing.number`. */
  path: string;
  code: string;
  messages?: Partial<LocalizedMessages>;
  /** For an error in a pasted text: its 1-based line and that line as written. */
  line?: number;
  lineText?: string;
}

export type Role =
  | 'system-admin'
  | 'ministry-admin'
  | 'department-admin'
  | 'enterprise-admin'
  | 'employee'
  | 'body-admin'
  | 'expert';

export type Permission =
  | 'organisation:read'
  | 'organisation:write'
  | 'user:read'
  | 'user:write'
  | 'audit:read'
  // Later modules add their own permissions; the server is the authority.
  | (string & {});

export type OrganisationKind = 'ministry' | 'department' | 'enterprise' | 'evaluation-body';
export type DepartmentType = 'provincial' | 'state-council' | 'central-enterprise' | 'xpcc';
export type BodyType = 'internal' | 'industry';
export type FilingLevel = 'national' | 'provincial';
export type InstitutionCategory = 'Y' | 'S';

/** 职业技能等级认定备案 of an enterprise. */
export interface Filing {
  filed: boolean;
  level: FilingLevel | null;
  authority: string | null;
  number: string | null;
}

/** The institution's part of the certificate code (证书编码 parts 1–4). */
export interface Institution {
  category: InstitutionCategory;
  institutionCode: string;
  provinceCode: string;
  siteCode: string;
}

export interface Organisation {
  id: string;
  parentId: string | null;
  kind: OrganisationKind;
  name: string;
  departmentType: DepartmentType | null;
  provinceCode: string | null;
  creditCode: string | null;
  bodyType: BodyType | null;
  filing: Filing | null;
  institution: Institution | null;
  createdAt: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  roles: Role[];
  organisation: Organisation;
  permissions: Permission[];
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  organisationName: string;
  roles: Role[];
  disabled: boolean;
  mustChangePassword: boolean;
  /** While the password must be changed: when the one-time password stops working. */
  passwordExpiresAt: string | null;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface AuditEntry {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  organisationId: string | null;
  organisationName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The target's name now, where it has one and still exists. */
  targetName: string | null;
  /** A certificate's code, a user's sign-in name: what tells a name apart. */
  targetDetail: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  hash: string;
}

export interface AuditVerification {
  intact: boolean;
  checked: number;
  /** Whether the entries carry the keyed hash (false only for a chain an older release wrote, until it is keyed). */
  keyed: boolean;
  firstBroken: { seq: number; id: string | null; reason: string } | null;
}

export interface ItemList<T> {
  items: T[];
}

export interface Page<T> extends ItemList<T> {
  total: number;
}

export interface OrganisationInput {
  parentId?: string;
  kind?: OrganisationKind;
  name?: string;
  departmentType?: DepartmentType | null;
  provinceCode?: string | null;
  creditCode?: string | null;
  bodyType?: BodyType | null;
  filing?: Filing | null;
  institution?: Institution | null;
}

export interface CreateUserInput {
  organisationId: string;
  username: string;
  displayName: string;
  roles: Role[];
  password?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  roles?: Role[];
  disabled?: boolean;
}
