import type { BillLineQuantityView, BillLineView } from '@app/contracts';
import { browserLocale } from '../../core/money';

function count(n: number): string {
  return new Intl.NumberFormat(browserLocale(), { maximumFractionDigits: 4 }).format(n);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/**
 * One line's quantity in words: "12 sessions", "7.5 h", "3 devices", "2 late sessions", "0.5 h late"; prepaid hours:
 * "retainer", "6 h prepaid", "1.25 h overage", "prepaid block".
 */
function lineWords(l: BillLineQuantityView): string {
  switch (l.kind) {
    case 'sessions':
      return plural(l.quantity, 'session');
    case 'hours':
      return `${count(l.quantity)} h`;
    case 'devices':
      return plural(l.quantity, 'device');
    case 'late_usage':
      return l.unit === 'hour' ? `${count(l.quantity)} h late` : plural(l.quantity, 'late session');
    case 'retainer':
      return 'retainer';
    case 'prepaid':
      return l.unit === 'hour' ? `${count(l.quantity)} h prepaid` : `${plural(l.quantity, 'session')} prepaid`;
    case 'overage':
      return l.unit === 'hour' ? `${count(l.quantity)} h overage` : `${plural(l.quantity, 'session')} overage`;
    case 'block':
      return 'prepaid block';
    case 'commitment':
      return 'minimum commitment';
  }
}

/** Lines that may come several to a bill and read as one: prepaid (one per source drawn), usage per rate class and tier. */
const MERGED: ReadonlySet<BillLineQuantityView['kind']> = new Set(['prepaid', 'hours', 'sessions', 'late_usage']);

/** The lines of one kind and unit as one: what the usage drew, or used, in all. */
function mergePrepaid(lines: readonly BillLineQuantityView[]): BillLineQuantityView[] {
  const out: BillLineQuantityView[] = [];
  for (const l of lines) {
    const same = MERGED.has(l.kind) ? out.find((o) => o.kind === l.kind && o.unit === l.unit) : undefined;
    // Hours carry 4 decimals: the sum is rounded back to them.
    if (same) same.quantity = Math.round((same.quantity + l.quantity) * 10_000) / 10_000;
    else out.push({ ...l });
  }
  return out;
}

/**
 * What a bill charged for, from its lines' quantities: "12 sessions · 3 devices", "7.5 h · 2 devices",
 * "retainer · 6 h prepaid · 1.25 h overage".
 */
export function chargeDetails(lines: readonly BillLineQuantityView[]): string {
  return lines.length ? mergePrepaid(lines).map(lineWords).join(' · ') : '—';
}

const KIND_NAMES: Record<BillLineView['kind'], string> = {
  sessions: 'sessions',
  hours: 'hours',
  devices: 'devices',
  late_usage: 'late usage',
  retainer: 'retainer',
  prepaid: 'prepaid',
  overage: 'overage',
  block: 'prepaid block',
  commitment: 'minimum commitment',
};

/** The label of a bill's subtotal, naming what it sums: "Subtotal (sessions + devices)". */
export function subtotalLabel(lines: readonly Pick<BillLineView, 'kind'>[]): string {
  const kinds = [...new Set(lines.map((l) => KIND_NAMES[l.kind]))];
  return kinds.length ? `Subtotal (${kinds.join(' + ')})` : 'Subtotal';
}
