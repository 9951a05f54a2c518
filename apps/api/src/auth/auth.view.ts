import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../users/users.view';
import { ApiId, ApiInstant, ApiInteger } from '../common/openapi';
import type { ApiKeyScope, Permission } from './permissions';

/** A signed-in session: send `Authorization: Bearer <accessToken>` until it expires. */
export class TokenView {
  /** A JWT */
  accessToken: string;
  /** Seconds until the token expires. */
  @ApiInteger() expiresIn: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
}

/** The caller's organization. */
export class CallerOrganizationView {
  @ApiId() id: string;
  name: string;
  /** IANA time zone, the default of new associations. */
  timeZone: string;
}

/** `GET /auth/me` for a person (a JWT from login): the user, what the role grants, the organization. */
export class MeUserView extends UserView {
  @ApiProperty({ enum: ['user'] }) kind: 'user';
  /** What the role grants. */
  permissions: Permission[];
  organization: CallerOrganizationView;
}

/** `GET /auth/me` for an API key. */
export class MeApiKeyView {
  @ApiProperty({ enum: ['api_key'] }) kind: 'api_key';
  /** The API key's id */
  @ApiId() id: string;
  /** `api-key:<the key's name>` (as audit events record it) */
  name: string;
  /** What the key's scopes grant. */
  permissions: Permission[];
  organization: CallerOrganizationView;
}

/** An API key as listed (the key itself is shown once, at creation). */
export class ApiKeyView {
  @ApiId() id: string;
  name: string;
  /** The key's first characters (`rb_` and 7 more), to tell keys apart */
  prefix: string;
  scopes: ApiKeyScope[];
  @ApiInstant() createdAt: string;
  @ApiInstant({ nullable: true }) revokedAt: string | null;
  /** When the key was last used (recorded at most once a minute); null if never. */
  @ApiInstant({ nullable: true }) lastUsedAt: string | null;
}

/** A new API key, with the key: store it now, it is never shown again. */
export class ApiKeyCreatedView extends ApiKeyView {
  /** `rb_…`: send as `Authorization: Bearer <key>` */
  key: string;
}
