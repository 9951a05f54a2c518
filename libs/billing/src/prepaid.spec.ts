import fc from 'fast-check';
import { BlockBalance, drawableBlocks, drawdown, drawLate, formatUnits, Retainer, retainerUnits, RolledUnits } from './prepaid';

const H = 3600;
const day = (d: string) => new Date(`${d}T00:00:00Z`);
const block = (id: string, hours: number, purchased: string, expires: string | null, usable = true): BlockBalance => ({
  id,
  remaining: hours * H,
  purchasedAt: day(purchased),
  expiresAt: expires ? day(expires) : null,
  usable,
});

describe('drawdown: retainer, then rolled units oldest first, then blocks by earliest expiry', () => {
  const retainer: Retainer = { includedPerPeriod: 2 * H, rolloverCap: 3 * H, rolloverPeriods: 2 };
  const period = { periodStart: day('2026-03-01'), periodEnd: day('2026-04-01') };

  it('takes this period first, then the oldest rolled units, then the block expiring first; the rest is overage', () => {
    const d = drawdown({
      demand: 9 * H + 15 * 60, // 9 h 15 min
      periodIndex: 3,
      ...period,
      retainer,
      rolled: [
        { fromPeriod: 2, remaining: 1 * H },
        { fromPeriod: 1, remaining: 30 * 60 },
      ],
      blocks: [block('B-2', 10, '2026-01-10', null), block('B-1', 4, '2026-02-01', '2026-06-30')],
    });
    // 2 h retainer, 30 min from period 1, 1 h from period 2, 4 h from B-1 (expires first), 1 h 45 min from B-2: 9 h 15 min.
    expect(d.draws).toEqual([
      { source: 'retainer', sourceId: '3', quantity: 2 * H, remainingAfter: 0 },
      { source: 'rollover', sourceId: '1', quantity: 30 * 60, remainingAfter: 0 },
      { source: 'rollover', sourceId: '2', quantity: 1 * H, remainingAfter: 0 },
      { source: 'block', sourceId: 'B-1', quantity: 4 * H, remainingAfter: 0 },
      { source: 'block', sourceId: 'B-2', quantity: 1 * H + 45 * 60, remainingAfter: 8 * H + 15 * 60 },
    ]);
    expect([d.overage, d.rolledOver, d.lapsed, d.retainerGranted]).toEqual([0, 0, 0, 2 * H]);
  });

  it('rolls unused retainer units over up to the cap; the rest lapses', () => {
    // 2 h granted, 20 min used: 1 h 40 min unused; 2 h already rolled, cap 3 h: 1 h rolls, 40 min lapse.
    const d = drawdown({ demand: 20 * 60, periodIndex: 4, ...period, retainer, rolled: [{ fromPeriod: 3, remaining: 2 * H }], blocks: [] });
    expect([d.rolledOver, d.lapsed, d.overage]).toEqual([1 * H, 40 * 60, 0]);
    expect(d.draws).toEqual([{ source: 'retainer', sourceId: '4', quantity: 20 * 60, remainingAfter: 1 * H + 40 * 60 }]);
  });

  it('expires rolled units after rolloverPeriods periods, before drawing', () => {
    // From period 1, usable in 2 and 3; billed in period 4 they expire.
    const d = drawdown({ demand: 3 * H, periodIndex: 4, ...period, retainer, rolled: [{ fromPeriod: 1, remaining: H }], blocks: [] });
    expect(d.expired).toEqual([{ fromPeriod: 1, remaining: H }]);
    expect(d.draws).toEqual([{ source: 'retainer', sourceId: '4', quantity: 2 * H, remainingAfter: 0 }]);
    expect(d.overage).toBe(H);
  });

  it('prorates the retainer on a short period (half away from zero)', () => {
    // 2 h × 10/31 days = 7200 × 864000 / 2678400 = 2322.58… → 2323 s
    expect(retainerUnits(retainer, { coveredSeconds: 10 * 86_400, periodSeconds: 31 * 86_400 })).toBe(2323);
    expect(retainerUnits(retainer, null)).toBe(2 * H);
    expect(retainerUnits(null, null)).toBe(0);
  });

  it('skips a block waiting for its payment, one bought after the period and one expired before it', () => {
    const blocks = [
      block('unpaid', 5, '2026-01-01', null, false),
      block('later', 5, '2026-04-01', null),
      block('expired', 5, '2026-01-01', '2026-03-01'),
      block('ok', 5, '2026-03-31', null),
    ];
    expect(drawableBlocks(blocks, period.periodStart, period.periodEnd).map((b) => b.id)).toEqual(['ok']);
  });

  it('without a retainer: blocks then overage, nothing rolls', () => {
    const d = drawdown({ demand: 7 * H, periodIndex: 0, ...period, rolled: [], blocks: [block('B', 5, '2026-01-01', null)] });
    expect([d.retainerGranted, d.overage, d.rolledOver, d.lapsed]).toEqual([0, 2 * H, 0, 0]);
  });
});

describe('drawLate: what was available to the late sessions’ own period, and is left now', () => {
  it("its period's own unused retainer first, then units rolled into it, then its blocks; never a block bought later", () => {
    const retainer: Retainer = { includedPerPeriod: 2 * H, rolloverCap: 3 * H, rolloverPeriods: 2 };
    const lateInput = {
      demand: 4 * H,
      periodIndex: 2,
      periodStart: day('2026-02-01'),
      periodEnd: day('2026-03-01'),
      retainer,
      rolled: [
        { fromPeriod: 1, remaining: H },
        { fromPeriod: 2, remaining: H }, // period 2's own unused retainer (rolled over from it)
        { fromPeriod: 3, remaining: H }, // a later period's: never
      ],
      blocks: [block('old', 2, '2026-01-05', null), block('new', 5, '2026-03-05', null)],
    };
    const late = drawLate(lateInput);
    expect(late.draws.map((d) => [d.sourceId, d.quantity])).toEqual([
      ['2', H],
      ['1', H],
      ['old', 2 * H],
    ]);
    expect(late.overage).toBe(0);
    expect(drawLate({ ...lateInput, demand: 5 * H }).overage).toBe(H);
  });
});

describe('properties', () => {
  // One bucket per period and one block per id, as the ledger keeps them.
  const rolledArb = fc.uniqueArray(
    fc.record({ fromPeriod: fc.integer({ min: 0, max: 10 }), remaining: fc.integer({ min: 0, max: 40 * H }) }),
    {
      maxLength: 4,
      selector: (r) => r.fromPeriod,
    },
  );
  const blockArb = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      remaining: fc.integer({ min: 0, max: 40 * H }),
      purchasedAt: fc.integer({ min: 0, max: 200 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d))),
      expiresAt: fc.option(
        fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d))),
        { nil: null },
      ),
      usable: fc.boolean(),
    }),
    { maxLength: 5, selector: (b) => b.id },
  );
  const retainerArb = fc.option(
    fc.record({
      includedPerPeriod: fc.integer({ min: 0, max: 20 * H }),
      rolloverCap: fc.integer({ min: 0, max: 20 * H }),
      rolloverPeriods: fc.integer({ min: 0, max: 4 }),
    }),
    { nil: null },
  );

  it('every billable unit is drawn or overage once; no draw exceeds its source; balances never go negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 * H }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 300 }),
        retainerArb,
        rolledArb,
        blockArb,
        (demand, periodIndex, startDay, retainer, rolled, blocks) => {
          const periodStart = new Date(Date.UTC(2026, 0, 1 + startDay));
          const periodEnd = new Date(periodStart.getTime() + 30 * 86_400_000);
          const d = drawdown({ demand, periodIndex, periodStart, periodEnd, retainer, rolled, blocks });
          const drawn = d.draws.reduce((s, x) => s + x.quantity, 0);
          expect(drawn + d.overage).toBe(demand);
          // Each source is drawn at most once and never below 0.
          const keys = d.draws.map((x) => `${x.source}:${x.sourceId}`);
          expect(new Set(keys).size).toBe(keys.length);
          const available = (x: (typeof d.draws)[number]): number =>
            x.source === 'retainer'
              ? d.retainerGranted
              : x.source === 'rollover'
                ? (rolled as RolledUnits[]).filter((r) => String(r.fromPeriod) === x.sourceId).reduce((s, r) => Math.max(s, r.remaining), 0)
                : blocks.filter((b) => b.id === x.sourceId).reduce((s, b) => Math.max(s, b.remaining), 0);
          for (const x of d.draws) {
            expect(x.quantity).toBeGreaterThan(0);
            expect(x.remainingAfter).toBeGreaterThanOrEqual(0);
            expect(x.quantity).toBeLessThanOrEqual(available(x));
          }
          // Overage only when every drawable source is empty.
          if (d.overage > 0) expect(d.draws.every((x) => x.remainingAfter === 0)).toBe(true);
          // Unused retainer units either roll or lapse, and what stands rolled stays within the cap.
          const usedRetainer = d.draws.find((x) => x.source === 'retainer')?.quantity ?? 0;
          expect(d.rolledOver + d.lapsed).toBe(d.retainerGranted - usedRetainer);
          if (retainer && d.rolledOver > 0) {
            const keep = retainer.rolloverPeriods;
            const rolledAfter = rolled
              .filter((r) => r.remaining > 0 && r.fromPeriod < periodIndex && r.fromPeriod + keep >= periodIndex)
              .reduce(
                (sum, r) =>
                  sum +
                  (d.draws.find((x) => x.source === 'rollover' && x.sourceId === String(r.fromPeriod))?.remainingAfter ?? r.remaining),
                0,
              );
            expect(rolledAfter + d.rolledOver).toBeLessThanOrEqual(retainer.rolloverCap);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('formatUnits', () => {
  it('writes hours and minutes, seconds when there are any, and sessions', () => {
    expect(formatUnits(3 * H + 30 * 60, 'seconds')).toBe('3 h 30 min');
    expect(formatUnits(H + 20, 'seconds')).toBe('1 h 0 min 20 s');
    expect(formatUnits(1, 'sessions')).toBe('1 session');
    expect(formatUnits(12, 'sessions')).toBe('12 sessions');
  });
});
