import type { Role } from '../users/user.entity';
import type { Permission } from './permissions';

/** The authenticated caller. Every request is scoped to `organizationId`. */
export interface Principal {
  organizationId: string;
  kind: 'user' | 'api_key' | 'system';
  id: string | null;
  name: string;
  role: Role | null;
  permissions: ReadonlySet<Permission>;
}

/** The actor the scheduler and start-up code write audit events as. */
export function systemPrincipal(organizationId: string): Principal {
  return { organizationId, kind: 'system', id: null, name: 'system', role: null, permissions: new Set() };
}
