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
  'calendar:write',
] as const;
export type Permission = (typeof permissions)[number];

export const permissionsByRole: Record<Role, readonly Permission[]> = {
  'system-admin': permissions,
  'ministry-admin': ['organisation:read', 'organisation:write', 'user:read', 'user:write', 'audit:read', 'calendar:write'],
  'department-admin': ['organisation:read', 'organisation:write', 'user:read', 'user:write', 'audit:read'],
  'enterprise-admin': ['organisation:read', 'organisation:write', 'user:read', 'user:write', 'audit:read'],
  'body-admin': ['organisation:read', 'user:read', 'user:write'],
  employee: [],
  expert: [],
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

export function assertInScope(actor: Actor, organisationPath: string | null | undefined): void {
  if (!organisationPath || !isInScope(actor, organisationPath)) throw new AppError('NOT_FOUND');
}

/** Whether the actor may give a user these roles in an organisation of that kind. */
export function assignableRoles(actor: Actor, kind: OrganisationKind): Role[] {
  return rolesByOrganisationKind[kind].filter((role) => role !== 'system-admin' || actor.roles.includes('system-admin'));
}
