import type { OrganisationKind } from '../db/schema.ts';
import { AppError } from './errors.ts';

/**
 * Who may do what to which organisation's data, decided here and nowhere else.
 *
 * Two questions, asked by every use case before it touches data:
 * 1. does the actor's role grant the permission (`assertPermission`)? — 403 FORBIDDEN otherwise;
 * 2. is the organisation the actor's own or below it (`assertInScope`)? — 404 NOT_FOUND otherwise,
 *    so that nobody learns what exists outside their scope.
 */
export const roles = [
  'system-admin',
  'ministry-admin',
  'department-admin',
  'enterprise-admin',
  'employee',
  'body-admin',
  'expert',
] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'organisation:read',
  'organisation:write',
  'user:read',
  'user:write',
  'audit:read',
  /** Sign checkpoints of the whole audit chain and verify the chain against kept checkpoints (the system administrator). */
  'audit:checkpoint',
  'calendar:write',
  /** Read files that others in scope uploaded (everyone reads their own uploads). */
  'file:read',
  /** Read and retry jobs that others in scope started (everyone sees their own jobs). */
  'job:manage',
  /** Read pilot applications (试点申请) in scope: one's own department's, or all for the ministry. */
  'pilot:read',
  /** Prepare and submit a department's pilot application. */
  'pilot:write',
  /** Accept (备案), return or amend pilot applications (the ministry-filing model of 六(一)). */
  'pilot:decide',
  /** Set the evaluation model, filing deadline and committee limits of one's jurisdiction per year (the ministry: national; a provincial department: its area); others in the role read them. */
  'jurisdiction:configure',
  /** Read enterprises' work plans (工作方案) in scope; without plan:write only published ones. */
  'plan:read',
  /** Draft, publish, revise, file and close an enterprise's work plan. */
  'plan:write',
  /** Accept or return the work plans filed with one's department (报送备案). */
  'plan:decide-filing',
  /** Read the published work plans that cover one's own enterprise (公示 to employees). */
  'plan:read-published',
  /** Import the occupation (职业（工种）) catalogue. */
  'catalogue:write',
  /** Read the certificates (职业技能等级证书) issued in scope, identity numbers masked. */
  'certificate:read',
  /** Issue certificates, print them (identity numbers in full, each print audited), correct them, set their layout and font. */
  'certificate:issue',
  /** Revoke a certificate (退出机制, section 六(四)); it stays verifiable as revoked. */
  'certificate:revoke',
  /** See, rotate and replace (PKCS#12) the signing keys with which one's enterprise signs its certificates' PDFs and QR codes. */
  'signing-key:manage',
  /** Prepare, download and record the national certificate data uploads of one's enterprise. */
  'national-upload:manage',
  /** Set the field mapping of the national data package for the installation. */
  'national-upload:configure',
  /** Read the employee register (职工名册) of one's enterprise and those below it. */
  'register:read',
  /** Import the register, and open employee accounts from it. */
  'register:write',
  /** Apply (申报) under a published plan that covers one's enterprise, and follow one's own application. */
  'application:apply',
  /** Read applications in scope (supervising departments and the ministry read; HR screens). */
  'application:read',
  /** Screen applications (资格审核): review conditions, return, reject, mark eligible; invite; hand over. */
  'application:screen',
  /** Read the bans (禁入名单) recorded in one's organisation and below it, and the suspensions (暂停评审) in scope or covering one's own. */
  'ban:read',
  /**
   * 查处弄虚作假 (六(四)) as the supervising department: find fraud in an application or certificate
   * of an organisation under one at any step, suspend an enterprise's evaluation, lift or correct
   * bans and suspensions. (HR finds fraud in its own screening, notice and holders with application:screen.)
   */
  'fraud:sanction',
  /** Commission the plan's evaluation body to review (委托评审) and read the recommended list once the review is closed. */
  'review:commission',
  /** Keep the evaluation body's expert pool, form committees, record recusals and attendance, start reviews. */
  'review:manage',
  /** Take part in a committee one is a member of: score, vote; the chair closes scoring and the review. */
  'review:take-part',
  /** Read the public notices (公示) of one's own enterprise (employees) or in scope (administrators), and raise objections. */
  'notice:read',
  /** Run a public notice (公示): start it, publish it, investigate and decide objections, confirm the list (核准). */
  'notice:manage',
  /** Read appointments (聘任), studios, treatment, assessments and exits in scope (supervising departments read only). */
  'appointment:read',
  /** Appoint holders: agreement template and agreements, signing, renewal, studio, treatment, assessment, exit. */
  'appointment:write',
  /** Read the supervision dashboards (监督管理与统计) of one's organisation and those below it, and export their tables. */
  'statistics:read',
] as const;
export type Permission = (typeof permissions)[number];

export const permissionsByRole: Record<Role, readonly Permission[]> = {
  'system-admin': permissions,
  'ministry-admin': ['organisation:read', 'organisation:write', 'user:read', 'user:write', 'audit:read', 'calendar:write', 'file:read', 'job:manage', 'pilot:read', 'pilot:decide', 'jurisdiction:configure', 'plan:read', 'catalogue:write', 'certificate:read', 'certificate:revoke', 'national-upload:configure', 'application:read', 'ban:read', 'notice:read', 'appointment:read', 'statistics:read'],
  'department-admin': ['organisation:read', 'organisation:write', 'user:read', 'user:write', 'audit:read', 'file:read', 'job:manage', 'pilot:read', 'pilot:write', 'jurisdiction:configure', 'plan:read', 'plan:decide-filing', 'certificate:read', 'certificate:revoke', 'application:read', 'ban:read', 'fraud:sanction', 'notice:read', 'appointment:read', 'statistics:read'],
  'enterprise-admin': ['organisation:read', 'organisation:write', 'user:read', 'user:write', 'audit:read', 'file:read', 'job:manage', 'plan:read', 'plan:write', 'plan:read-published', 'certificate:read', 'certificate:issue', 'certificate:revoke', 'signing-key:manage', 'national-upload:manage', 'register:read', 'register:write', 'application:read', 'application:screen', 'ban:read', 'notice:read', 'notice:manage', 'appointment:read', 'appointment:write', 'review:commission', 'statistics:read'],
  'body-admin': ['organisation:read', 'user:read', 'user:write', 'file:read', 'job:manage', 'review:manage'],
  employee: ['plan:read-published', 'application:apply', 'notice:read'],
  expert: ['review:take-part'],
};

/** The roles a user of an organisation of each kind may hold. */
export const rolesByOrganisationKind: Record<OrganisationKind, readonly Role[]> = {
  ministry: ['system-admin', 'ministry-admin'],
  department: ['department-admin'],
  enterprise: ['enterprise-admin', 'employee'],
  'evaluation-body': ['body-admin', 'expert'],
};

/** The kinds of organisation that may stand directly below each kind. */
export const childKinds: Record<OrganisationKind, readonly OrganisationKind[]> = {
  ministry: ['department', 'evaluation-body'],
  department: ['enterprise', 'evaluation-body'],
  enterprise: ['enterprise', 'evaluation-body'],
  'evaluation-body': [],
};

/**
 * The roles reminded, from 1 November, that next year's holiday calendar is still missing: those
 * who count in working days (notices, deadlines). Only `calendar:write` holders can load it; the
 * others are told whom to ask.
 */
export const calendarReminderRoles: readonly Role[] = ['system-admin', 'ministry-admin', 'department-admin', 'enterprise-admin'];

export function isRemindedOfCalendars(actor: Actor): boolean {
  return actor.roles.some((role) => calendarReminderRoles.includes(role));
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  organisationId: string;
  organisationPath: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  mustChangePassword: boolean;
}

export function permissionsOf(actorRoles: readonly string[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of actorRoles) {
    for (const permission of permissionsByRole[role as Role] ?? []) granted.add(permission);
  }
  return permissions.filter((permission) => granted.has(permission));
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.roles.some((role) => permissionsByRole[role]?.includes(permission));
}

export function assertPermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN', { permission });
}

/** The organisation (by its path) is the actor's own or below it. */
export function isInScope(actor: Actor, organisationPath: string): boolean {
  return organisationPath.startsWith(actor.organisationPath);
}

/** The actor's own organisation is this one or below it: what covers the actor (a group's plan covers its subsidiaries). */
export function coversActor(actor: Actor, organisationPath: string): boolean {
  return actor.organisationPath.startsWith(organisationPath);
}

export function assertInScope(actor: Actor, organisationPath: string | null | undefined): void {
  if (!organisationPath || !isInScope(actor, organisationPath)) throw new AppError('NOT_FOUND');
}

/** Whether the actor may give a user these roles in an organisation of that kind. */
export function assignableRoles(actor: Actor, kind: OrganisationKind): Role[] {
  return rolesByOrganisationKind[kind].filter((role) => role !== 'system-admin' || actor.roles.includes('system-admin'));
}
