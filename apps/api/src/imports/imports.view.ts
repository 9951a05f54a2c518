import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiInteger } from '../common/openapi';
import { ImportSettingsDto } from './imports.dto';

/** A preset: the settings of one tool's session report, from its public documentation. */
export class ImportPresetView {
  /** e.g. teamviewer */
  name: string;
  label: string;
  /** Where the format is documented */
  source: string;
  settings: ImportSettingsDto;
}

export class ImportProfileView {
  @ApiId() id: string;
  name: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The preset it started from; null: its own' }) preset: string | null;
  /** Prefix of the external ids of the sessions it imports */
  idPrefix: string;
  settings: ImportSettingsDto;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}

/** A refused row: its number (data rows from 1), the column and why. */
export class ImportRefusalView {
  @ApiInteger() row: number;
  field: string;
  reason: string;
}

/** A customer key with held rows. */
export class HeldKeyView {
  customerKey: string;
  @ApiInteger() rows: number;
}

/** A preview (dryRun) or an import: what became of every row. */
export class ImportRunView {
  @ApiId() id: string;
  @ApiId() profileId: string;
  /** true: a preview, nothing stored */
  dryRun: boolean;
  @ApiInteger({ description: 'Data rows read' }) rows: number;
  @ApiInteger({ description: 'Rows that are (or would be) a session of their own, the first of a merged one included' }) accepted: number;
  @ApiInteger({ description: "Rows merged into another row's session" }) merged: number;
  @ApiInteger({ description: 'Rows imported before (or twice in the file)' }) duplicates: number;
  @ApiInteger({ description: 'Rows whose customer key is not mapped to a department: kept, imported once it is' }) held: number;
  @ApiInteger({ description: 'Rows refused, each with its reason' }) refused: number;
  @ApiInteger({ description: 'Sessions stored (0 on a preview)' }) sessions: number;
  /** The first 1,000 refused rows */
  refusals: ImportRefusalView[];
  /** The customer keys held in this run, with their rows */
  heldKeys: HeldKeyView[];
  @ApiInstant() startedAt: string;
  @ApiInstant({ nullable: true }) finishedAt: string | null;
}

/** A customer key of a profile: mapped to a department, or with held rows waiting for one. */
export class CustomerKeyView {
  customerKey: string;
  @ApiId({ nullable: true }) departmentId: string | null;
  @ApiInteger({ description: 'Rows held until it is mapped' }) heldRows: number;
}

/** What mapping a key imported. */
export class MappedKeyView {
  customerKey: string;
  @ApiId() departmentId: string;
  @ApiInteger({ description: 'Held rows taken' }) rows: number;
  @ApiInteger({ description: 'Sessions stored from them' }) sessions: number;
  @ApiInteger({ description: 'Held rows that were already imported' }) duplicates: number;
}
