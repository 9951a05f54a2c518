import { ApiId, ApiInstant, ApiInteger } from '../common/openapi';
import type { SessionType } from './usage-input';

/** A remote session as stored. */
export class SessionView {
  @ApiId() id: string;
  externalId: string;
  @ApiId() departmentId: string;
  technician: string | null;
  type: SessionType;
  @ApiInstant() startedAt: string;
  @ApiInstant() endedAt: string;
  /** Whole seconds from start to end. */
  @ApiInteger() durationSeconds: number;
  /** The bill that charged it; null until billed. */
  @ApiId({ nullable: true }) billId: string | null;
  /** False when no association of its department covers its start: it is never billed. */
  covered: boolean;
  @ApiInstant() createdAt: string;
}

/** `POST /sessions`: the session, and whether its externalId had been sent before (then it is the stored one, unchanged). */
export class SessionCreatedView extends SessionView {
  duplicate: boolean;
}

/** What a batch stored: every item is either accepted (new) or a duplicate of a stored externalId. */
export class UsageBatchView {
  @ApiInteger() accepted: number;
  /** Items whose externalId was already stored (left unchanged). */
  @ApiInteger() duplicates: number;
}

/** A CSV line that was not imported, and why. */
export class RefusedLineView {
  /** The line number in the file (the header is line 1). */
  @ApiInteger() line: number;
  /** The column at fault, or `csv` when the line breaks the CSV itself (it and the lines after it were not imported). */
  field: string;
  message: string;
}

/** What a CSV import stored and refused. */
export class ImportResultView extends UsageBatchView {
  refused: RefusedLineView[];
}

/** One interval [enrolledAt, removedAt) of a device's enrolment history. */
export class EnrolmentView {
  @ApiInstant() enrolledAt: string;
  /** Null while the interval is open. */
  @ApiInstant({ nullable: true }) removedAt: string | null;
}

/** An unattended device: billed in every period one of its enrolments overlaps. */
export class DeviceView {
  @ApiId() id: string;
  externalId: string;
  @ApiId() departmentId: string;
  name: string;
  /** When it was first enrolled (`enrolments` has every interval). */
  @ApiInstant() enrolledAt: string;
  /** The end of its latest enrolment (possibly in the future: a scheduled removal); null while enrolled. */
  @ApiInstant({ nullable: true }) removedAt: string | null;
  /** `removed` as soon as a removal is recorded, even one still in the future; else `active`. */
  status: 'active' | 'removed';
  /** Enrolment history, oldest first; the device is billed in periods these intervals overlap. */
  enrolments: EnrolmentView[];
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}

/** `POST /devices`: the device, and whether its externalId had been sent before (then it is the stored one, unchanged). */
export class DeviceCreatedView extends DeviceView {
  duplicate: boolean;
}
