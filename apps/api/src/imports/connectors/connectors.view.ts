import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiInteger } from '../../common/openapi';
import { ZOHO_DATA_CENTRES } from './zoho-assist.client';
import type { ZohoDataCentre } from './zoho-assist.client';

/** A tool's reports API pulled into an import profile on a schedule. Its secrets are never answered. */
export class ImportConnectorView {
  @ApiId() id: string;
  @ApiId() profileId: string;
  /** The tool */
  kind: 'zoho_assist';
  @ApiProperty({ enum: [...ZOHO_DATA_CENTRES] }) dataCentre: ZohoDataCentre;
  /** The OAuth client id (not secret) */
  clientId: string;
  /** Whether a client secret is stored (encrypted) */
  hasClientSecret: boolean;
  /** Whether a refresh token is stored (encrypted) */
  hasRefreshToken: boolean;
  /** false: pulled only when asked */
  enabled: boolean;
  @ApiInteger({ description: 'Minutes between scheduled pulls' }) pollMinutes: number;
  @ApiInstant({ description: 'Where pulling started' }) pullFrom: string;
  @ApiInstant({ description: 'Sessions are pulled up to here (the next pull reads from a little before it)' }) cursor: string;
  @ApiInstant({ description: 'When the scheduler pulls next' }) nextRunAt: string;
  @ApiInstant({ nullable: true, description: 'When it was last pulled, well or not' }) lastRunAt: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the last pull failed; null: it did not' }) lastError: string | null;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}
