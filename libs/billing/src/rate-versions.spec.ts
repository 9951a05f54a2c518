import { rateVersionedPeriod, RateVersion, versionParts } from './rate-versions';
import type { RatedSession, Tiers } from './rate-rules';

const H = 3600;
const day = (d: string) => new Date(`${d}T00:00:00Z`);
const plan = {
  currency: 'EUR',
  billingType: 'per_hour' as const,
  hourRateMinor: 9000,
  sessionRateMinor: 0,
  billingIncrementMinutes: 1,
  minimumBillableMinutes: 0,
};
const tiers = (mode: Tiers['mode'], first: number, then: number): Tiers => ({
  mode,
  bands: [
    { upTo: 10 * H, rateMinor: first },
    { upTo: null, rateMinor: then },
  ],
});
const twoHours = (start: string): RatedSession => ({
  startedAt: new Date(start),
  endedAt: new Date(Date.parse(start) + 2 * H * 1000),
  durationSeconds: 2 * H,
  type: 'attended',
});
// January 2026: 8 h before the change on the 16th (4 × 2 h on the 5th), 6 h after it (3 × 2 h on the 20th).
const sessions = [
  ...[8, 10, 12, 14].map((h) => twoHours(`2026-01-05T${String(h).padStart(2, '0')}:00:00Z`)),
  ...[8, 10, 12].map((h) => twoHours(`2026-01-20T${String(h).padStart(2, '0')}:00:00Z`)),
];
const versions = (mode: Tiers['mode'], commitments: [number | null, number | null] = [null, null]): RateVersion[] => [
  { id: 'v1', effectiveFrom: day('2025-06-01'), plan, rules: { tiers: tiers(mode, 9000, 7000), minimumCommitmentMinor: commitments[0] } },
  { id: 'v2', effectiveFrom: day('2026-01-16'), plan, rules: { tiers: tiers(mode, 10000, 8000), minimumCommitmentMinor: commitments[1] } },
];
const rate = (v: RateVersion[], list = sessions) =>
  rateVersionedPeriod({
    versions: v,
    periodStart: day('2026-01-01'),
    periodEnd: day('2026-02-01'),
    fullPeriodSeconds: 31 * 86_400,
    sessions: list,
    formatMoney: (m) => `€${(m / 100).toFixed(2)}`,
    partLabel: (p) => `From ${p.start.toISOString().slice(0, 10)}`,
  });

describe('rate versions: a period straddling a rate change is billed per part', () => {
  it('finds the version in force over each part', () => {
    const parts = versionParts(day('2026-01-01'), day('2026-02-01'), versions('graduated'));
    expect(parts.map((p) => [p.version.id, p.start.toISOString(), p.end.toISOString()])).toEqual([
      ['v1', '2026-01-01T00:00:00.000Z', '2026-01-16T00:00:00.000Z'],
      ['v2', '2026-01-16T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    ]);
    // A period wholly before the change: one part.
    expect(versionParts(day('2025-12-01'), day('2026-01-01'), versions('graduated')).map((p) => p.version.id)).toEqual(['v1']);
    expect(() => versionParts(day('2026-01-01'), day('2026-02-01'), [])).toThrow(RangeError);
  });

  it('graduated tiers count on across the change, each part at its own bands', () => {
    // v1: 8 h in its first band (10 h at 90.00) = 72000. v2 starts after 8 h: 2 h in its first band (100.00) = 20000,
    // 4 h in its second (80.00) = 32000. Total 124000.
    const r = rate(versions('graduated'));
    expect(r.lines.map((l) => [l.units, l.baseRateMinor, l.amountMinor])).toEqual([
      [8 * H, 9000, 72000],
      [2 * H, 10000, 20000],
      [4 * H, 8000, 32000],
    ]);
    expect(r.parts.map((p) => [p.versionId, p.units])).toEqual([
      ['v1', 8 * H],
      ['v2', 6 * H],
    ]);
    expect(r.lines[1].description.startsWith('From 2026-01-16: ')).toBe(true);
  });

  it("volume tiers price every part at the band the period's total reaches, in each part's own bands", () => {
    // 14 h > 10 h: the second band everywhere: 8 h × 70.00 = 56000, 6 h × 80.00 = 48000.
    const r = rate(versions('volume'));
    expect(r.lines.map((l) => [l.units, l.baseRateMinor, l.amountMinor])).toEqual([
      [8 * H, 7000, 56000],
      [6 * H, 8000, 48000],
    ]);
    // Without the 6 h after the change, 8 h stay in the first band: 8 × 90.00 = 72000.
    expect(rate(versions('volume'), sessions.slice(0, 4)).lines.map((l) => l.amountMinor)).toEqual([72000]);
  });

  it("each version's minimum commitment counts for its part's share of the period, rounded once", () => {
    // (1000.00 × 15 days + 2000.00 × 16 days) / 31 days = 4,700,000 / 31 = 151612.9 → 151613; usage 124000: top-up 27613.
    const r = rate(versions('graduated', [100000, 200000]));
    expect(r.commitment).toEqual({
      topUpMinor: 27613,
      line: { description: 'Minimum commitment (€1516.13 for this period): top-up', amountMinor: 27613 },
    });
    // One version all period: its own amount and wording.
    const one = rateVersionedPeriod({
      versions: [versions('graduated', [200000, null])[0]],
      periodStart: day('2026-01-01'),
      periodEnd: day('2026-02-01'),
      fullPeriodSeconds: 31 * 86_400,
      sessions,
      formatMoney: (m) => `€${(m / 100).toFixed(2)}`,
      partLabel: () => 'unused',
    });
    // 14 h graduated at v1: 10 h × 90.00 + 4 h × 70.00 = 90000 + 28000 = 118000; top-up 200000 − 118000 = 82000.
    expect(one.commitment.topUpMinor).toBe(82000);
    expect(one.commitment.line!.description).toBe('Minimum commitment (€2000.00 a period): top-up');
  });

  it('rates the same input the same way twice, whatever the order of the sessions', () => {
    const a = rate(versions('graduated'));
    const b = rate(versions('graduated'), [...sessions].reverse());
    expect(b).toEqual(a);
  });
});
