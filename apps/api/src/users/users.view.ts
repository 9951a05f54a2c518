import { ApiId, ApiInstant } from '../common/openapi';
import type { Role } from './user.entity';

/** A person who signs in to the console. */
export class UserView {
  @ApiId() id: string;
  /** What the user signs in with; unique across the server, case-insensitively */
  email: string;
  name: string;
  /** `admin`: everything, incl. users, API keys and settings; `billing`: customers, plans, usage, bills and billing runs; `viewer`: reads only */
  role: Role;
  /** An inactive user can not sign in. */
  active: boolean;
  @ApiInstant() createdAt: string;
}
