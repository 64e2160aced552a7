/** CoreHub's user roles; Chronos maps each to what it may do (DESIGN.md §3 "Auth"). */
export const ROLES = ['SUPER_ADMIN', 'MANAGER', 'MONITOR', 'VIEWER', 'EXTERNAL_MODULE'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = ['read', 'control', 'manage', 'configure'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALLOWED: Record<Permission, ReadonlySet<Role>> = {
  read: new Set(ROLES),
  control: new Set(['SUPER_ADMIN', 'MANAGER', 'MONITOR', 'EXTERNAL_MODULE']),
  manage: new Set(['SUPER_ADMIN', 'MANAGER', 'EXTERNAL_MODULE']),
  configure: new Set(['SUPER_ADMIN', 'MANAGER']),
};

/** How a 403 names each permission (the reference's wording, which Gluesync UIs show). */
export const PERMISSION_PHRASES: Record<Permission, string> = {
  read: 'read schedules',
  control: 'control schedules',
  manage: 'manage schedules',
  configure: 'modify configuration',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ALLOWED[permission].has(role);
}

/** Every permission `role` holds (the console shows only the controls these allow). */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((permission) => hasPermission(role, permission));
}
