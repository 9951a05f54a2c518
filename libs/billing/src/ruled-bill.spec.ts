import { formatMoney } from './money';
import type { PlanSnapshot } from './rating';
import { rateLateSessions, rateRuledBill, versionsInForce } from './ruled-bill';
import type { RuledVersion } from './ruled-bill';

const BEGINNING = -8.64e15;
const at = (iso: string) => Date.parse(iso);
const plan = (hourRateMinor: number, device = 0): PlanSnapshot => ({
  currency: 'EUR',
  billingType: 'per_hour',
  sessionRateMinor: 0,
  hourRateMinor,
  unattendedDeviceRateMinor: device,
  billingIncrementMinutes: 1,
  minimumBillableMinutes: 0,
});
const eur = (minor: number) => formatMoney(minor, 'EUR');
const session = (start: string, hours: number, type: 'attended' | 'unattended' = 'attended') => ({
  startedAt: new Date(start),
  endedAt: new Date(Date.parse(start) + hours * 3_600_000),
  durationSeconds: hours * 3600,
  type,
});

describe('versionsInForce', () => {
  it('the newest version in effect wins; an older pending one it supersedes never is in force', () => {
    // v2 from 1 Mar, v3 (made later) from 1 Feb: from 1 Feb v3 is in force, and v2 never (3 > 2 at 1 Mar).
    const inForce = versionsInForce([
      { version: 'v1', number: 1, from: null },
      { version: 'v2', number: 2, from: at('2026-03-01T00:00:00Z') },
      { version: 'v3', number: 3, from: at('2026-02-01T00:00:00Z') },
    ]);
    expect(inForce.map((v) => [v.version, v.effectiveFrom.getTime()])).toEqual([
      ['v1', BEGINNING],
      ['v3', at('2026-02-01T00:00:00Z')],
    ]);
  });

  it('a later change from a later day follows; two from the same instant: the newer; never-applying ones are left out', () => {
    const inForce = versionsInForce([
      { version: 'v1', number: 1, from: null },
      { version: 'v2', number: 2, from: at('2026-02-01T00:00:00Z') },
      { version: 'v3', number: 3, from: at('2026-02-01T00:00:00Z') },
      { version: 'v4', number: 4, from: at('2026-04-01T00:00:00Z') },
      { version: 'v5', number: 5, from: Infinity },
    ]);
    expect(inForce.map((v) => v.version)).toEqual(['v1', 'v3', 'v4']);
  });

  it('a version taking effect before the start replaces version 1 from the beginning', () => {
    const inForce = versionsInForce([
      { version: 'v1', number: 1, from: null },
      { version: 'v2', number: 2, from: BEGINNING },
    ]);
    expect(inForce.map((v) => [v.version, v.effectiveFrom.getTime()])).toEqual([['v2', BEGINNING]]);
  });
});

describe('rateRuledBill', () => {
  const v1: RuledVersion = { id: '1', number: 1, effectiveFrom: new Date(BEGINNING), plan: plan(10000, 3000), rules: {} };
  const v2: RuledVersion = { id: '2', number: 2, effectiveFrom: new Date('2026-01-16T00:00:00Z'), plan: plan(12000, 6200), rules: {} };
  const base = {
    periodStart: new Date('2026-01-01T00:00:00Z'),
    periodEnd: new Date('2026-02-01T00:00:00Z'),
    fullPeriodSeconds: 31 * 86400,
    proration: null,
    lateSessions: [],
    formatMoney: eur,
    partLabel: (p: { start: Date }) => `From ${p.start.toISOString().slice(0, 10)}`,
  };

  it('devices per part: each version’s rate for the share of the period its part covers', () => {
    const bill = rateRuledBill({ ...base, versions: [v1, v2], sessions: [session('2026-01-05T09:00:00Z', 2)], deviceCount: 2 });
    // Usage: 2 h × €100 = €200.00 (part 1). Devices: 2 × €30 × 15/31 = €29.03 (29.032…), 2 × €62 × 16/31 = €64.00.
    expect(bill.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['hours', 20000],
      ['devices', 2903],
      ['devices', 6400],
    ]);
    expect(bill.lines[1].description).toBe('From 2026-01-01: Unattended devices, for 48% of the period');
    expect(bill.parts.map((p) => p.number)).toEqual([1, 2]);
  });

  it('a period without sessions keeps its usage line at 0; one version: devices as rateDevices', () => {
    const bill = rateRuledBill({ ...base, versions: [v1], sessions: [], deviceCount: 1 });
    expect(bill.lines.map((l) => [l.kind, l.description, l.quantity, l.amountMinor])).toEqual([
      ['hours', 'Session hours: none', 0, 0],
      ['devices', 'Unattended devices', 1, 3000],
    ]);
  });

  it('late sessions: each by the version in force at its start, outside the tiers', () => {
    const tiered: RuledVersion = {
      ...v2,
      rules: {
        tiers: {
          mode: 'graduated',
          bands: [
            { upTo: 3600, rateMinor: 1 },
            { upTo: null, rateMinor: 2 },
          ],
        },
      },
    };
    const lines = rateLateSessions([v1, tiered], [session('2026-01-10T09:00:00Z', 1), session('2026-01-20T09:00:00Z', 1)], eur);
    // 1 h at v1's €100.00; 1 h at v2's plan rate €120.00 (its tiers do not apply to late sessions).
    expect(lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['late_usage', 10000],
      ['late_usage', 12000],
    ]);
    expect(lines[0].description).toBe('Late usage from earlier periods (Session hours: 1 h 0 min)');
  });

  it('the commitment is a line of its own, last', () => {
    const committed: RuledVersion = { ...v1, rules: { minimumCommitmentMinor: 50000 } };
    const bill = rateRuledBill({ ...base, versions: [committed], sessions: [session('2026-01-05T09:00:00Z', 1)], deviceCount: 0 });
    // €500.00 − 1 h × €100.00 = €400.00.
    expect(bill.lines.map((l) => [l.kind, l.quantity, l.unit, l.amountMinor])).toEqual([
      ['hours', 1, 'hour', 10000],
      ['commitment', 1, 'item', 40000],
    ]);
  });
});
