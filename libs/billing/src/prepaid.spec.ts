import fc from 'fast-check';
import {
  afterDrawdown,
  BlockBalance,
  drawableBlocks,
  drawdown,
  drawLate,
  formatUnits,
  prepaidLines,
  ratePrepaidBill,
  Retainer,
  retainerUnits,
  RolledUnits,
} from './prepaid';

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
    expect(formatUnits(45 * 60, 'seconds')).toBe('45 min');
    expect(formatUnits(0, 'seconds')).toBe('0 min');
    expect(formatUnits(1, 'sessions')).toBe('1 session');
    expect(formatUnits(12, 'sessions')).toBe('12 sessions');
  });
});

describe('five months by hand: a 10-hour block and a 2 h/month retainer with a 3-hour rollover cap', () => {
  /*
   * Retainer 2 h a month at 150.00 EUR, unused hours roll over up to 3 h and expire after 1 period; block B-000012 of
   * 10 h bought 2026-01-01, no expiry; hour rate 90.00 EUR. Months 0..4 = January..May 2026 (periods by index).
   *
   * Jan: 1 h used: 1 h from the retainer; 1 h unused rolls over (cap 3 h, nothing rolled yet).       rolled {Jan 1 h}
   * Feb: 4 h 30 min: 2 h retainer, 1 h rolled from January, 1 h 30 min from the block (8 h 30 left).   rolled {}
   * Mar: nothing used: 2 h roll over. A late Feb session of 45 min arrives: February had no unused retainer and its
   *      rolled hours are spent, so it draws the block, which February could use: 45 min (7 h 45 min left).
   * Apr: a draft of 6 h is made (2 h retainer, 2 h rolled from March, 2 h block) and DISCARDED: nothing drawn.
   *      Billed again with 3 h: 2 h retainer, 1 h rolled from March (1 h left in it).
   * May: the 1 h from March expires (usable in April only). 12 h used: 2 h retainer, the block's 7 h 45 min, and
   *      2 h 15 min of overage = 2.25 h × 90.00 = 202.50.
   * Every month: the retainer fee 150.00. Drawn 1 + 4.5 + 0.75 + 3 + 9.75 = 19 h; overage 2.25 h; demand 21.25 h.
   */
  const retainer: Retainer = { includedPerPeriod: 2 * H, rolloverCap: 3 * H, rolloverPeriods: 1 };
  const pricing = { unit: 'seconds' as const, currency: 'EUR', rateMinor: 9000, retainerFeeMinor: 15000 };
  const money = (minor: number) => `${(minor / 100).toFixed(2)} EUR`;
  const month = (i: number) => ({
    periodIndex: i,
    periodStart: new Date(Date.UTC(2026, i, 1)),
    periodEnd: new Date(Date.UTC(2026, i + 1, 1)),
  });
  let state: { rolled: RolledUnits[]; blocks: BlockBalance[] } = { rolled: [], blocks: [block('B-000012', 10, '2026-01-01', null)] };
  const bill = (i: number, demand: number) => {
    const d = drawdown({ demand, ...month(i), retainer, rolled: state.rolled, blocks: state.blocks });
    return { d, lines: prepaidLines(d, pricing, { withRetainer: true, formatMoney: money }), next: afterDrawdown(state, d, i) };
  };
  const text = (lines: { description: string; amountMinor: number }[]) => lines.map((l) => [l.description, l.amountMinor]);
  let drawn = 0;
  let overage = 0;
  const total = (d: { draws: { quantity: number }[]; overage: number }) => {
    drawn += d.draws.reduce((s, x) => s + x.quantity, 0);
    overage += d.overage;
  };

  it('January: 1 h from the retainer, 1 h rolls over', () => {
    const { d, lines, next } = bill(0, H);
    expect(text(lines)).toEqual([
      ['Retainer: 2 h 0 min included', 15000],
      ["1 h 0 min from this period's retainer (1 h 0 min left)", 0],
    ]);
    expect([d.rolledOver, d.lapsed]).toEqual([H, 0]);
    total(d);
    state = next;
    expect(state.rolled).toEqual([{ fromPeriod: 0, remaining: H }]);
  });

  it('February: retainer, then January’s rolled hour, then the block', () => {
    const { d, lines, next } = bill(1, 4 * H + 30 * 60);
    expect(text(lines)).toEqual([
      ['Retainer: 2 h 0 min included', 15000],
      ["2 h 0 min from this period's retainer (none left)", 0],
      ['1 h 0 min from hours rolled over from period 1 (none left)', 0],
      ['1 h 30 min from block B-000012 (8 h 30 min left)', 0],
    ]);
    total(d);
    state = next;
    expect(state.rolled).toEqual([]);
  });

  it('March: nothing used, 2 h roll over; a late February session draws the block, as February could', () => {
    const { d, next } = bill(2, 0);
    expect(d.rolledOver).toBe(2 * H);
    total(d);
    state = next;
    const late = drawLate({ demand: 45 * 60, ...month(1), retainer, rolled: state.rolled, blocks: state.blocks });
    expect(late.draws.map((x) => [x.source, x.sourceId, x.quantity, x.remainingAfter])).toEqual([
      ['block', 'B-000012', 45 * 60, 7 * H + 45 * 60],
    ]);
    expect(late.overage).toBe(0);
    total(late);
    state = { ...state, blocks: state.blocks.map((b) => ({ ...b, remaining: late.draws[0].remainingAfter })) };
    expect(state.rolled).toEqual([{ fromPeriod: 2, remaining: 2 * H }]);
  });

  it('April: a discarded draft draws nothing; billed again with 3 h', () => {
    const draft = bill(3, 6 * H);
    expect(draft.d.draws.map((x) => x.quantity)).toEqual([2 * H, 2 * H, 2 * H]); // discarded: `state` is not moved
    const { d, lines, next } = bill(3, 3 * H);
    expect(text(lines)).toEqual([
      ['Retainer: 2 h 0 min included', 15000],
      ["2 h 0 min from this period's retainer (none left)", 0],
      ['1 h 0 min from hours rolled over from period 3 (1 h 0 min left)', 0],
    ]);
    total(d);
    state = next;
    expect(state.rolled).toEqual([{ fromPeriod: 2, remaining: H }]);
    expect(state.blocks[0].remaining).toBe(7 * H + 45 * 60);
  });

  it('May: March’s hour expires; 12 h take the retainer and the block, 2 h 15 min are overage (202.50)', () => {
    const { d, lines, next } = bill(4, 12 * H);
    expect(d.expired).toEqual([{ fromPeriod: 2, remaining: H }]);
    expect(text(lines)).toEqual([
      ['Retainer: 2 h 0 min included', 15000],
      ["2 h 0 min from this period's retainer (none left)", 0],
      ['7 h 45 min from block B-000012 (none left)', 0],
      ['Overage 2 h 15 min at 90.00 EUR/h', 20250],
    ]);
    expect(lines[3]).toMatchObject({ quantity: 2.25, unit: 'hour', unitAmountMinor: 9000 });
    total(d);
    state = next;
    expect(state.rolled).toEqual([]);
    expect(state.blocks[0].remaining).toBe(0);
    // Every billable second drawn or billed once: 19 h drawn, 2 h 15 min overage, of 21 h 15 min used.
    expect([drawn, overage]).toEqual([19 * H, 2 * H + 15 * 60]);
  });
});

describe('prepaidLines for sessions and a short period', () => {
  it('counts sessions, prorates the retainer fee, names the overage rate', () => {
    const d = { retainerGranted: 5, draws: [{ source: 'retainer' as const, sourceId: '0', quantity: 5, remainingAfter: 0 }], overage: 3 };
    const lines = prepaidLines(
      d,
      { unit: 'sessions', currency: 'USD', rateMinor: 2500, overageRateMinor: 3000, retainerFeeMinor: 10000 },
      {
        withRetainer: true,
        proration: { coveredSeconds: 15 * 86_400, periodSeconds: 30 * 86_400 },
        formatMoney: (m) => `$${(m / 100).toFixed(2)}`,
      },
    );
    // Fee 100.00 × 15/30 = 50.00; overage 3 × 30.00 = 90.00.
    expect(lines.map((l) => [l.kind, l.description, l.quantity, l.amountMinor])).toEqual([
      ['retainer', 'Retainer: 5 sessions included (prorated to the period covered)', 1, 5000],
      ['prepaid', "5 sessions from this period's retainer (none left)", 5, 0],
      ['overage', 'Overage 3 sessions at $30.00 per session', 3, 9000],
    ]);
  });
});

describe('ratePrepaidBill over many periods: the ledger effects replayed', () => {
  const plan = {
    currency: 'EUR',
    billingType: 'per_hour' as const,
    sessionRateMinor: 0,
    hourRateMinor: 9000,
    unattendedDeviceRateMinor: 0,
    billingIncrementMinutes: 0,
    minimumBillableMinutes: 0,
  };
  const month = (i: number) => ({ start: new Date(Date.UTC(2026, i, 1)), end: new Date(Date.UTC(2026, i + 1, 1)) });

  it('draws never exceed grants, no bucket goes below 0, every billable second is drawn or billed as overage once', () => {
    fc.assert(
      fc.property(
        fc.option(
          fc.record({
            includedPerPeriod: fc.integer({ min: 0, max: 10 * H }),
            rolloverCap: fc.integer({ min: 0, max: 10 * H }),
            rolloverPeriods: fc.integer({ min: 0, max: 3 }),
            feeMinor: fc.integer({ min: 0, max: 50000 }),
            overageRateMinor: fc.option(fc.integer({ min: 0, max: 20000 }), { nil: null }),
          }),
          { nil: null },
        ),
        fc.array(
          fc.record({ hours: fc.integer({ min: 0, max: 40 * H }), expiresMonth: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }) }),
          { maxLength: 3 },
        ),
        // Per period: the period's own session durations, and late ones (of an earlier period).
        fc.array(
          fc.record({
            current: fc.array(fc.integer({ min: 0, max: 5 * H }), { maxLength: 4 }),
            late: fc.array(fc.integer({ min: 0, max: 2 * H }), { maxLength: 2 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (retainer, blockSpecs, periods) => {
          const blocks: BlockBalance[] = blockSpecs.map((b, i) => ({
            id: `b${i}`,
            remaining: b.hours,
            purchasedAt: new Date(Date.UTC(2025, 11, 20)),
            expiresAt: b.expiresMonth === null ? null : month(b.expiresMonth).start,
            usable: true,
          }));
          const granted = new Map(blocks.map((b) => [`block/${b.id}`, b.remaining]));
          const bucket = new Map(granted);
          let state = { rolled: [] as RolledUnits[], blocks };
          let demandTotal = 0;
          let drawnTotal = 0;
          let overageTotal = 0;
          periods.forEach((p, index) => {
            const { start, end } = month(index);
            const late =
              index > 0 && p.late.length
                ? [{ periodIndex: index - 1, periodStart: month(index - 1).start, periodEnd: month(index - 1).end, durations: p.late }]
                : [];
            const bill = ratePrepaidBill({
              plan,
              retainer,
              periodIndex: index,
              periodStart: start,
              periodEnd: end,
              sessionDurations: p.current,
              late,
              deviceCount: 0,
              state,
              blockLabel: (id) => id,
              formatMoney: (m) => String(m),
            });
            demandTotal += [...p.current, ...late.flatMap((l) => l.durations)].reduce((s, d) => s + d, 0);
            for (const e of bill.effects) {
              const k = `${e.source}/${e.sourceId}`;
              bucket.set(k, (bucket.get(k) ?? 0) + e.quantity);
              expect(bucket.get(k)).toBeGreaterThanOrEqual(0);
              if (e.kind === 'draw') drawnTotal -= e.quantity;
            }
            // A period's retainer bucket is back to 0 once its bill is made.
            expect(bucket.get(`retainer/${index}`) ?? 0).toBe(0);
            // The overage lines bill exactly what was not drawn (rate per hour, rounded per line).
            const rate = retainer?.overageRateMinor ?? plan.hourRateMinor;
            const overageLines = bill.lines.filter((l) => l.kind === 'overage' || l.kind === 'late_usage');
            for (const l of overageLines) expect(l.unitAmountMinor).toBe(rate);
            overageTotal += bill.overage;
            // The returned state is the replayed buckets.
            for (const b of bill.state.blocks) expect(b.remaining).toBe(bucket.get(`block/${b.id}`));
            for (const r of bill.state.rolled) expect(r.remaining).toBe(bucket.get(`rollover/${r.fromPeriod}`));
            state = bill.state;
          });
          expect(drawnTotal + overageTotal).toBe(demandTotal);
          for (const [k, g] of granted) expect(bucket.get(k)!).toBeLessThanOrEqual(g);
        },
      ),
      { numRuns: 300 },
    );
  });
});
