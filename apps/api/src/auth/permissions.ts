import type { Role } from '../users/user.entity';

/** What an endpoint needs. Roles and API-key scopes each grant a set of these. */
export type Permission =
  | 'departments:read'
  | 'departments:write'
  | 'plans:read'
  | 'plans:write'
  | 'usage:read'
  | 'usage:write'
  | 'bills:read'
  | 'bills:write'
  | 'billing-runs:run'
  | 'audit:read'
  | 'users:manage'
  | 'api-keys:manage'
  /** The organization's settings: every signed-in person reads them, admins change them; no API-key scope. */
  | 'organization:read'
  | 'organization:manage'
  /** A signed-in person changes their own password; no API-key scope grants it. */
  | 'own-password:change'
  /**
   * Webhook endpoints and their delivery log: read by admins and billing (an endpoint URL often carries a token, so
   * not by viewers), changed by admins; no API-key scope.
   */
  | 'webhooks:read'
  | 'webhooks:manage';

const READ: Permission[] = [
  'departments:read',
  'plans:read',
  'usage:read',
  'bills:read',
  'audit:read',
  'own-password:change',
  'organization:read',
];
const BILLING: Permission[] = [
  ...READ,
  'departments:write',
  'plans:write',
  'usage:write',
  'bills:write',
  'billing-runs:run',
  'webhooks:read',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([...BILLING, 'users:manage', 'api-keys:manage', 'organization:manage', 'webhooks:manage']),
  billing: new Set<Permission>(BILLING),
  viewer: new Set<Permission>(READ),
};

export const API_KEY_SCOPES = ['usage:write', 'usage:read', 'plans:read', 'bills:read', 'bills:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A scope grants its own permission plus the reads a service needs to use it. */
const SCOPE_PERMISSIONS: Record<ApiKeyScope, Permission[]> = {
  'usage:write': ['usage:write', 'departments:read'],
  'usage:read': ['usage:read', 'departments:read'],
  'plans:read': ['plans:read', 'departments:read'],
  'bills:read': ['bills:read', 'departments:read'],
  'bills:write': ['bills:write', 'bills:read', 'departments:read'],
};

export function permissionsForScopes(scopes: readonly string[]): ReadonlySet<Permission> {
  const out = new Set<Permission>();
  for (const scope of scopes) for (const p of SCOPE_PERMISSIONS[scope as ApiKeyScope] ?? []) out.add(p);
  return out;
}
