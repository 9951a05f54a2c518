import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiInteger, ApiMinor } from '../common/openapi';
import { ApiRetainer, RetainerView } from './retainer';
import { BlockRow, blockUsable, LedgerRow } from './prepaid.repository';
import { ApiNullableObject } from '../common/openapi';

const UNIT = {
  enum: ['seconds', 'sessions'],
  description: 'What the quantities count: billable seconds (per_hour plans) or sessions (per_session)',
};

/** A block's invoice. */
export class BlockBillView {
  @ApiId() id: string;
  /** null while it is a draft */
  number: string | null;
  /** draft, unpaid, paid or void */
  status: string;
}

/** A prepaid block. */
export class BlockView {
  @ApiId() id: string;
  /** Its number, e.g. B-000012 (gapless per organization) */
  number: string;
  @ApiId() associationId: string;
  @ApiProperty(UNIT) unit: 'seconds' | 'sessions';
  @ApiInteger({ description: 'What it held when bought' }) units: number;
  @ApiInteger({ description: 'What is left of it (0 once used up, expired or cancelled)' }) remaining: number;
  @ApiMinor() priceMinor: number;
  /** ISO 4217 */
  currency: string;
  @ApiInstant() purchasedAt: string;
  /** null: it never expires */
  @ApiInstant({ nullable: true }) expiresAt: string | null;
  /** It is drawn only once its invoice is paid */
  requiresPayment: boolean;
  /** Whether usage may draw from it now: not cancelled, not expired, paid when that is required */
  usable: boolean;
  @ApiInteger() lowBalancePercent: number;
  @ApiNullableObject<BlockBillView>(
    {
      id: { type: 'string', format: 'uuid' },
      number: { type: 'string', nullable: true, description: 'null while it is a draft' },
      status: { type: 'string', description: 'draft, unpaid, paid or void' },
    },
    'Its invoice; null once its draft was discarded (the block is cancelled)',
  )
  bill: BlockBillView | null;
  @ApiInstant({ nullable: true }) cancelledAt: string | null;
  @ApiInstant({ nullable: true }) lowAlertedAt: string | null;
  @ApiInstant({ nullable: true }) emptyAlertedAt: string | null;
}

/** Units rolled over from one period's retainer. */
export class RolledView {
  @ApiInteger({ description: 'The period they came from (0: the first)' }) fromPeriod: number;
  @ApiInstant() fromPeriodStart: string;
  @ApiInteger() remaining: number;
  /** The end of the last period that may draw them: they expire then */
  @ApiInstant() expiresAt: string;
}

/** `GET /associations/:id/balances`: what the customer has prepaid and what expires when. */
export class BalancesView {
  @ApiId() associationId: string;
  @ApiProperty(UNIT) unit: 'seconds' | 'sessions';
  @ApiRetainer("The retainer its bills use (its own or the plan's); null: none") retainer: RetainerView | null;
  /** Rolled-over retainer units still to draw, oldest first */
  rolled: RolledView[];
  /** Every block, bought first first */
  blocks: BlockView[];
  @ApiInteger({ description: 'Rolled units plus what is left of usable blocks: what the next usage may draw beside its own retainer' })
  available: number;
}

/** One entry of the prepaid ledger. */
export class LedgerEntryView {
  @ApiId() id: string;
  /** grant (a period's retainer, a block bought), draw, rollover, expiry, lapse (unused retainer that does not roll), reversal */
  @ApiProperty({ enum: ['grant', 'draw', 'rollover', 'expiry', 'lapse', 'reversal'] }) kind: string;
  /** The bucket: a period's retainer, the units rolled over from a period, a block */
  @ApiProperty({ enum: ['retainer', 'rollover', 'block'] }) source: string;
  /** The period index (retainer, rollover) or the block's id */
  sourceId: string;
  /** The block's number when the source is a block */
  blockNumber: string | null;
  @ApiInteger({ description: '+ adds to the bucket, - takes from it' }) quantity: number;
  /** The bill that made it (a period's bill, a block's invoice); it may have been discarded since */
  @ApiId({ nullable: true }) billId: string | null;
  billNumber: string | null;
  @ApiInteger({ nullable: true, description: 'The period whose bill or usage made it' }) periodIndex: number | null;
  /** The entry a reversal gives back */
  @ApiId({ nullable: true }) reverses: string | null;
  @ApiInstant() createdAt: string;
}

export function toBlockView(b: BlockRow, now: Date): BlockView {
  const expired = b.expiresAt !== null && b.expiresAt.getTime() <= now.getTime();
  return {
    id: b.id,
    number: b.number,
    associationId: b.associationId,
    unit: b.unit,
    units: b.units,
    remaining: b.remaining,
    priceMinor: b.priceMinor,
    currency: b.currency,
    purchasedAt: b.purchasedAt.toISOString(),
    expiresAt: b.expiresAt?.toISOString() ?? null,
    requiresPayment: b.requiresPayment,
    usable: blockUsable(b) && !expired && b.remaining > 0,
    lowBalancePercent: b.lowBalancePercent,
    bill: b.billId ? { id: b.billId, number: b.billNumber, status: b.billStatus! } : null,
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    lowAlertedAt: b.lowAlertedAt?.toISOString() ?? null,
    emptyAlertedAt: b.emptyAlertedAt?.toISOString() ?? null,
  };
}

export function toLedgerView(r: LedgerRow): LedgerEntryView {
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    sourceId: r.sourceId,
    blockNumber: r.blockNumber,
    quantity: r.quantity,
    billId: r.billId,
    billNumber: r.billNumber,
    periodIndex: r.periodIndex,
    reverses: r.reverses,
    createdAt: r.createdAt.toISOString(),
  };
}
