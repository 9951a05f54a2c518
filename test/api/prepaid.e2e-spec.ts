import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxService } from '../../apps/api/src/invoices/outbox.service';
import { startTestApp, TestApp } from '../support/app';

/**
 * Prepaid hours (issue #17), the "done when" scenario: a 2 h/month retainer (fee €150, rollover cap 3 h, rolled hours
 * usable in the next period only) and a 10-hour block over five months, with a cap that binds, rolled hours that
 * expire, a late session, a discarded draft whose draws come back, a block that expires, and overage at €90/h. Every
 * line and balance below is computed by hand in the comment next to it (H = 3600 s, billing per started minute).
 */
const H = 3600;
const MIN = 60;
const s = (externalId: string, departmentId: string, startedAt: string, minutes: number) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
});
const assoc = (departmentId: string) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 14,
  timeZone: 'UTC',
  billingAddress: { name: 'Customer', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  recipients: ['ap@customer.test'],
});
type Line = { kind: string; description: string; quantity: number; unitAmountMinor: number; amountMinor: number };
const lines = (bill: { lines: Line[] }) => bill.lines.map((l) => [l.kind, l.description, l.amountMinor]);

describe('prepaid hours: a retainer and a block over five months', () => {
  let t: TestApp;
  let admin: string;
  let key: string;
  let dept: string;
  let assocId: string;
  let blockId: string;

  const post = (path: string, body: unknown = {}) => t.request('POST', path, { token: admin, body });
  const get = async (path: string) => {
    const res = await t.request('GET', path, { token: admin });
    expect(res.status).toBe(200);
    return res.body;
  };
  const run = async (asOf: string) => {
    const res = await post('/billing-runs', { asOf });
    expect(res.status).toBe(201);
    expect(res.body.failures).toEqual([]);
    return res.body;
  };
  const push = async (...sessions: ReturnType<typeof s>[]) => {
    const res = await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    expect(res.body.accepted).toBe(sessions.length);
  };
  /** The association's bill of the period starting `start`, with its lines. */
  const billOf = async (start: string) => {
    const items = (await get(`/bills?departmentId=${dept}&limit=100`)).items as { id: string; kind: string; periodStart: string }[];
    const bill = items.find((b) => b.kind === 'period' && b.periodStart === start);
    expect(bill).toBeDefined();
    return get(`/bills/${bill!.id}`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    key = (await post('/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
    dept = (await post('/departments', { name: 'Prepaid customer', reviewDays: 5 })).body.id;
    const plan = await post('/plans', {
      name: 'Support, prepaid',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 9000,
      retainer: { included: 2 * H, feeMinor: 15000, rolloverCap: 3 * H, rolloverPeriods: 1 },
      associations: [assoc(dept)],
    });
    expect(plan.status).toBe(201);
    expect(plan.body.retainer).toEqual({ included: 7200, feeMinor: 15000, rolloverCap: 10800, rolloverPeriods: 1, overageRateMinor: null });
    assocId = plan.body.associations[0].id;
    expect(plan.body.associations[0]).toMatchObject({ retainerOverride: false, retainer: plan.body.retainer });
  });
  afterAll(async () => t?.close());

  it('January: 30 min from the retainer; the unused 1 h 30 min rolls over', async () => {
    await push(s('jan-1', dept, '2026-01-12T09:00:00Z', 30));
    // Run after the 5-day window (Jan 31 + 5 = Feb 5; it ends Feb 6 00:00): the bill is issued at once.
    await run('2026-02-10T00:00:00Z');
    const jan = await billOf('2026-01-01T00:00:00.000Z');
    expect(jan.status).toBe('unpaid');
    expect(lines(jan)).toEqual([
      ['retainer', 'Retainer: 2 h 0 min included', 15000],
      ['prepaid', "30 min from this period's retainer (1 h 30 min left)", 0],
    ]);
    expect(jan.totalMinor).toBe(15000);
    const balances = await get(`/associations/${assocId}/balances`);
    // Rolled from period 0, usable in period 1 only: they expire at the end of February.
    expect(balances).toMatchObject({
      unit: 'seconds',
      rolled: [{ fromPeriod: 0, remaining: 90 * MIN, expiresAt: '2026-03-01T00:00:00.000Z' }],
      blocks: [],
      available: 90 * MIN,
    });
  });

  it('February: 15 min from the retainer; the cap lets 1 h 30 min of the unused 1 h 45 min roll, 15 min lapse', async () => {
    await push(s('feb-1', dept, '2026-02-09T09:00:00Z', 15));
    await run('2026-03-10T00:00:00Z');
    const feb = await billOf('2026-02-01T00:00:00.000Z');
    // The retainer is drawn before rolled hours: January's 1 h 30 min stay untouched (and will expire).
    expect(lines(feb)).toEqual([
      ['retainer', 'Retainer: 2 h 0 min included', 15000],
      ['prepaid', "15 min from this period's retainer (1 h 45 min left)", 0],
    ]);
    // Rolled: 1 h 30 min (from January) + room up to the 3 h cap = 1 h 30 min of February's 1 h 45 min; 15 min lapse.
    const balances = await get(`/associations/${assocId}/balances`);
    expect(balances.rolled.map((r: { fromPeriod: number; remaining: number }) => [r.fromPeriod, r.remaining])).toEqual([
      [0, 90 * MIN],
      [1, 90 * MIN],
    ]);
    const ledger = (await get(`/associations/${assocId}/ledger?limit=500`)).items as {
      kind: string;
      quantity: number;
      periodIndex: number;
    }[];
    expect(ledger.filter((e) => e.kind === 'lapse').map((e) => [e.periodIndex, e.quantity])).toEqual([[1, -15 * MIN]]);
  });

  it('a 10-hour block is bought on March 15 with its own invoice (a draft for the review window)', async () => {
    const res = await post(`/associations/${assocId}/blocks`, {
      units: 10 * H,
      priceMinor: 80000,
      purchasedAt: '2026-03-15T10:00:00Z',
      expiresAt: '2026-05-01T00:00:00Z',
    });
    expect(res.status).toBe(201);
    blockId = res.body.id;
    expect(res.body).toMatchObject({
      number: 'B-000001',
      unit: 'seconds',
      units: 36000,
      remaining: 36000,
      priceMinor: 80000,
      currency: 'EUR',
      requiresPayment: false,
      lowBalancePercent: 20,
      cancelledAt: null,
    });
    const invoice = await get(`/bills/${res.body.bill.id}`);
    // Its period is the day it was bought (in the customer's zone, UTC here).
    expect(invoice).toMatchObject({
      kind: 'block',
      status: 'draft',
      number: null,
      subtotalMinor: 80000,
      periodStart: '2026-03-15T00:00:00.000Z',
      periodEnd: '2026-03-16T00:00:00.000Z',
    });
    const pdf = await fetch(`${t.api}/bills/${invoice.id}/pdf`, { headers: { authorization: `Bearer ${admin}` } });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(lines(invoice)).toEqual([['block', 'Prepaid block B-000001: 10 h 0 min, expires 2026-05-01', 80000]]);
  });

  it('March (a draft): January’s hours expire; a late February session draws from February’s own rolled hours', async () => {
    // Posted after February was billed: late usage of period 1, on the next bill.
    await push(s('feb-late', dept, '2026-02-20T15:00:00Z', 20), s('mar-1', dept, '2026-03-10T09:00:00Z', 60));
    await run('2026-04-01T00:00:00Z');
    const mar = await billOf('2026-03-01T00:00:00.000Z');
    expect(mar.status).toBe('draft');
    // Retainer 2 h: 1 h used, 1 h unused; rolled after draws: February's 1 h 30 min (January's expired first), so
    // 1 h 30 min of room under the cap: the whole 1 h rolls. The late 20 min (period 1) draw from what rolled FROM period 1.
    expect(lines(mar)).toEqual([
      ['retainer', 'Retainer: 2 h 0 min included', 15000],
      ['prepaid', "1 h 0 min from this period's retainer (1 h 0 min left)", 0],
      ['prepaid', 'Late usage of period 2: 20 min from hours rolled over from period 2 (1 h 10 min left)', 0],
    ]);
    const balances = await get(`/associations/${assocId}/balances`);
    expect(balances.rolled.map((r: { fromPeriod: number; remaining: number }) => [r.fromPeriod, r.remaining])).toEqual([
      [1, 70 * MIN],
      [2, 60 * MIN],
    ]);
  });

  it('refreshing March’s draft makes the same lines and balances: its draws are given back and made again, once', async () => {
    const mar = await billOf('2026-03-01T00:00:00.000Z');
    const refreshed = await post(`/bills/${mar.id}/refresh`);
    expect(refreshed.status).toBe(201);
    const again = await billOf('2026-03-01T00:00:00.000Z');
    expect(lines(again)).toEqual(lines(mar));
    const balances = await get(`/associations/${assocId}/balances`);
    expect(balances.rolled.map((r: { fromPeriod: number; remaining: number }) => [r.fromPeriod, r.remaining])).toEqual([
      [1, 70 * MIN],
      [2, 60 * MIN],
    ]);
    // The first 6 entries reversed (6 reversals), 6 made again.
    const ledger = (await get(`/associations/${assocId}/ledger?limit=500`)).items as { kind: string; billId: string }[];
    const ofMarch = ledger.filter((e) => e.billId === mar.id);
    expect([ofMarch.filter((e) => e.kind === 'reversal').length, ofMarch.filter((e) => e.kind !== 'reversal').length]).toEqual([6, 12]);
  });

  it('discarding March’s draft gives every one of its draws back; its sessions go to April as late usage', async () => {
    const mar = await billOf('2026-03-01T00:00:00.000Z');
    const discarded = await post(`/bills/${mar.id}/discard`, { reason: 'Goodwill' });
    expect(discarded.status).toBe(201);
    // Back as before March: January's 1 h 30 min (their expiry reversed), February's 1 h 30 min; nothing from March.
    const balances = await get(`/associations/${assocId}/balances`);
    expect(balances.rolled.map((r: { fromPeriod: number; remaining: number }) => [r.fromPeriod, r.remaining])).toEqual([
      [0, 90 * MIN],
      [1, 90 * MIN],
    ]);
    const ledger = (await get(`/associations/${assocId}/ledger?limit=500`)).items as { kind: string; billId: string }[];
    // March wrote 6 entries (expiry, grant, draw, rollover out and in, late draw), twice (the refresh): each reversed once.
    expect(ledger.filter((e) => e.billId === mar.id && e.kind === 'reversal')).toHaveLength(12);
  });

  it('April: rolled hours past their period expire; the block pays for April and for March’s late hour; February’s late 20 min are overage', async () => {
    await push(s('apr-1', dept, '2026-04-07T08:00:00Z', 360));
    await run('2026-05-10T00:00:00Z');
    const apr = await billOf('2026-04-01T00:00:00.000Z');
    expect(apr.status).toBe('unpaid');
    // 6 h: retainer 2 h, block 4 h (10 h → 6 h). Late period 2 (March, 1 h): March's own rolled hours were reversed,
    // February's expired with this bill, the block was available to March: 1 h (→ 5 h). Late period 1 (February,
    // 20 min): its rolled hours expired, the block was bought after February: 20 min overage = 20 × 9000 / 60 = 3000.
    expect(lines(apr)).toEqual([
      ['retainer', 'Retainer: 2 h 0 min included', 15000],
      ['prepaid', "2 h 0 min from this period's retainer (none left)", 0],
      ['prepaid', '4 h 0 min from block B-000001 (6 h 0 min left)', 0],
      ['prepaid', 'Late usage of period 3: 1 h 0 min from block B-000001 (5 h 0 min left)', 0],
      ['late_usage', 'Late usage from earlier periods: overage 20 min at €90.00/h', 3000],
    ]);
    expect(apr.totalMinor).toBe(18000);
    const balances = await get(`/associations/${assocId}/balances`);
    expect(balances.rolled).toEqual([]);
    expect(balances.blocks.map((b: { remaining: number }) => b.remaining)).toEqual([5 * H]);
  });

  it('May: the block expired with 5 h left; past the retainer, 1 h 15 min are overage at €90/h', async () => {
    await push(s('may-1', dept, '2026-05-04T08:00:00Z', 195));
    await run('2026-06-10T00:00:00Z');
    const may = await billOf('2026-05-01T00:00:00.000Z');
    // 3 h 15 min: 2 h retainer, 1 h 15 min overage = 75 × 9000 / 60 = 11250.
    expect(lines(may)).toEqual([
      ['retainer', 'Retainer: 2 h 0 min included', 15000],
      ['prepaid', "2 h 0 min from this period's retainer (none left)", 0],
      ['overage', 'Overage 1 h 15 min at €90.00/h', 11250],
    ]);
    expect(may.totalMinor).toBe(26250);
    const balances = await get(`/associations/${assocId}/balances`);
    expect(balances.blocks).toMatchObject([{ id: blockId, remaining: 0, usable: false }]);
    expect(balances.available).toBe(0);
  });

  it('the ledger adds up: balances are its sums, never below 0; every billable second is drawn or billed once', async () => {
    const entries: {
      id: string;
      kind: string;
      source: string;
      sourceId: string;
      quantity: number;
      billId: string | null;
      reverses: string | null;
    }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: typeof entries; nextCursor: string | null } = await get(
        `/associations/${assocId}/ledger?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // Newest first; replayed oldest first, no bucket ever goes below 0.
    const bucket = new Map<string, number>();
    for (const e of [...entries].reverse()) {
      const k = `${e.source}/${e.sourceId}`;
      bucket.set(k, (bucket.get(k) ?? 0) + e.quantity);
      expect(bucket.get(k)).toBeGreaterThanOrEqual(0);
    }
    expect([...bucket.values()].every((v) => v === 0)).toBe(true);
    // Billable time of the five months (30 + 15 + 20 + 60 + 360 + 195 min = 680 min) is drawn (net of reversals)
    // or billed as overage (20 + 75 min) exactly once.
    // Net draws: every draw less the reversals of draws (March's, twice over: the refresh and the discard).
    const byId = new Map(entries.map((e) => [e.id, e]));
    const netDrawn = -entries
      .filter((e) => e.kind === 'draw' || (e.kind === 'reversal' && byId.get(e.reverses!)?.kind === 'draw'))
      .reduce((sum, e) => sum + e.quantity, 0);
    // 30 + 15 (Jan, Feb) + 120 + 240 + 60 (April) + 120 (May) = 585 min drawn; 20 + 75 min overage.
    expect(netDrawn).toBe(585 * MIN);
    expect(netDrawn + (20 + 75) * MIN).toBe(680 * MIN);
  });
});

describe('prepaid blocks: usable once paid, alerts once each, racing runs draw once', () => {
  let t: TestApp;
  let admin: string;
  let key: string;
  let tmp: string;
  const post = (path: string, body: unknown = {}) => t.request('POST', path, { token: admin, body });
  const get = async (path: string) => (await t.request('GET', path, { token: admin })).body;
  const push = async (...sessions: ReturnType<typeof s>[]) =>
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions } })).body.accepted).toBe(sessions.length);
  /** A per_hour customer at €90/h without a retainer, issued at once (no review window). */
  const customer = async (name: string) => {
    const dept = (await post('/departments', { name, reviewDays: 0 })).body.id as string;
    const plan = await post('/plans', { name, currency: 'EUR', billingType: 'per_hour', hourRateMinor: 9000, associations: [assoc(dept)] });
    expect(plan.status).toBe(201);
    return { dept, assocId: plan.body.associations[0].id as string };
  };
  const periodBill = async (dept: string, start: string) => {
    const items = (await get(`/bills?departmentId=${dept}&limit=100`)).items as { id: string; kind: string; periodStart: string }[];
    return get(`/bills/${items.find((b) => b.kind === 'period' && b.periodStart === start)!.id}`);
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rb-prepaid-'));
    t = await startTestApp({
      MAIL_DIR: join(tmp, 'mail'),
      OUTBOX_CRON: '0 0 1 1 *',
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
    });
    admin = await t.login();
    key = (await post('/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
    const hook = await post('/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['prepaid.block_low', 'prepaid.block_empty'] });
    expect(hook.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a block bought "usable once paid" is not drawn until its invoice is paid', async () => {
    const c = await customer('Pays first');
    const block = await post(`/associations/${c.assocId}/blocks`, {
      units: 5 * H,
      priceMinor: 40000,
      purchasedAt: '2026-01-01T00:00:00Z',
      requiresPayment: true,
    });
    // No review window: its invoice is issued at once, unpaid; the block waits.
    expect(block.body).toMatchObject({ usable: false, bill: { status: 'unpaid' } });
    await push(s('p-jan', c.dept, '2026-01-10T10:00:00Z', 60), s('p-feb', c.dept, '2026-02-10T10:00:00Z', 60));
    await post('/billing-runs', { asOf: '2026-02-01T00:00:00Z' });
    // January: the unpaid block is skipped: 1 h overage at €90 = 9000.
    expect(lines(await periodBill(c.dept, '2026-01-01T00:00:00.000Z'))).toEqual([['overage', 'Overage 1 h 0 min at €90.00/h', 9000]]);
    const paid = await post(`/bills/${block.body.bill.id}/payments`, {
      amountMinor: 40000,
      paidAt: '2026-02-05T00:00:00Z',
      method: 'bank_transfer',
    });
    expect(paid.status).toBe(201);
    await post('/billing-runs', { asOf: '2026-03-01T00:00:00Z' });
    expect(lines(await periodBill(c.dept, '2026-02-01T00:00:00.000Z'))).toEqual([
      ['prepaid', '1 h 0 min from block B-000001 (4 h 0 min left)', 0],
    ]);
  });

  it('falling below 20 % sends one low alert (e-mail and webhook event), running out one empty alert', async () => {
    const c = await customer('Alerted');
    const block = (
      await post(`/associations/${c.assocId}/blocks`, { units: 10 * H, priceMinor: 80000, purchasedAt: '2026-01-01T00:00:00Z' })
    ).body;
    // January 8 h 30 min: 1 h 30 min left = 15 % < 20 %: low.
    await push(s('a-jan', c.dept, '2026-01-10T08:00:00Z', 510));
    await post('/billing-runs', { asOf: '2026-02-01T00:00:00Z' });
    const events = async () =>
      (
        (await t.dataSource.query(`SELECT type, body FROM webhook_events WHERE type LIKE 'prepaid.%' ORDER BY occurred_at, id`)) as {
          type: string;
          body: string;
        }[]
      ).map((e) => ({ type: e.type, payload: JSON.parse(e.body) as { data: { id: string; remaining: number; departmentId: string } } }));
    expect((await events()).map((e) => [e.type, e.payload.data.id, e.payload.data.remaining, e.payload.data.departmentId])).toEqual([
      ['prepaid.block_low', block.id, 90 * MIN, c.dept],
    ]);
    // February 2 h: 1 h 30 min from the block (empty), 30 min overage = 4500.
    await push(s('a-feb', c.dept, '2026-02-10T08:00:00Z', 120));
    await post('/billing-runs', { asOf: '2026-03-01T00:00:00Z' });
    expect(lines(await periodBill(c.dept, '2026-02-01T00:00:00.000Z'))).toEqual([
      ['prepaid', '1 h 30 min from block B-000002 (none left)', 0],
      ['overage', 'Overage 30 min at €90.00/h', 4500],
    ]);
    // March again draws nothing: no alert twice.
    await push(s('a-mar', c.dept, '2026-03-10T08:00:00Z', 60));
    await post('/billing-runs', { asOf: '2026-04-01T00:00:00Z' });
    expect((await events()).map((e) => e.type)).toEqual(['prepaid.block_low', 'prepaid.block_empty']);
    // The e-mails, about the block's invoice, to the customer's recipients, sent by the outbox.
    const emails = (await get(`/bills/${block.bill.id}/emails`)).items as { kind: string; to: string[]; status: string }[];
    expect(emails.map((e) => [e.kind, e.to])).toEqual([
      ['prepaid_alert', ['ap@customer.test']],
      ['prepaid_alert', ['ap@customer.test']],
    ]);
    await t.app.get(OutboxService).drain();
    const sent = readdirSync(join(tmp, 'mail')).map((f) => readFileSync(join(tmp, 'mail', f), 'utf8'));
    const subjects = sent.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]).sort();
    expect(subjects).toHaveLength(2);
    expect(subjects.every((x) => x?.includes('B-000002'))).toBe(true);
  });

  it('refuses retainer input that cannot hold: the field named, nothing stored', async () => {
    const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
    const c = await customer('Refused input');
    const planId = (await get(`/associations/${c.assocId}`)).planId as string;
    // A retainer whose units are not whole, and a negative cap: 400 on those fields.
    const bad = await t.request('PATCH', `/plans/${planId}`, {
      token: admin,
      body: { retainer: { included: 1.5, feeMinor: 100, rolloverCap: -1, rolloverPeriods: 0 } },
    });
    expect([bad.status, fields(bad.body).sort()]).toEqual([400, ['retainer.included', 'retainer.rolloverCap']]);
    // A retainer set, then the billing type changed without setting it again: 400 on retainer.
    const retainer = { included: 2 * H, feeMinor: 100, rolloverCap: 0, rolloverPeriods: 0 };
    expect((await t.request('PATCH', `/plans/${planId}`, { token: admin, body: { retainer } })).status).toBe(200);
    const retype = await t.request('PATCH', `/plans/${planId}`, {
      token: admin,
      body: { billingType: 'per_session', sessionRateMinor: 500 },
    });
    expect([retype.status, fields(retype.body)]).toEqual([400, ['retainer']]);
    // Once a customer holds a block, the billing type is fixed: 409.
    await post(`/associations/${c.assocId}/blocks`, { units: H, priceMinor: 100 });
    const locked = await t.request('PATCH', `/plans/${planId}`, {
      token: admin,
      body: { billingType: 'per_session', sessionRateMinor: 500, retainer: null },
    });
    expect([locked.status, locked.body.code]).toEqual([409, 'PLAN_HAS_PREPAID_BLOCKS']);
    expect((await get(`/plans/${planId}`)).billingType).toBe('per_hour');
    // The association: retainerOverride true without a retainer, or false with one, is a 400 on retainer.
    for (const body of [{ retainerOverride: true }, { retainerOverride: false, retainer }]) {
      const res = await t.request('PATCH', `/associations/${c.assocId}`, { token: admin, body });
      expect([res.status, fields(res.body)]).toEqual([400, ['retainer']]);
    }
    expect(await get(`/associations/${c.assocId}`)).toMatchObject({
      retainerOverride: false,
      retainer: { ...retainer, overageRateMinor: null },
    });
    // A block's expiry before its purchase, and a purchase more than a day ahead: 400 on those fields.
    for (const [body, field] of [
      [{ units: H, priceMinor: 1, purchasedAt: '2026-03-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' }, 'expiresAt'],
      [{ units: H, priceMinor: 1, purchasedAt: '2099-01-01T00:00:00Z' }, 'purchasedAt'],
      [{ units: 0, priceMinor: 1 }, 'units'],
    ] as const) {
      const res = await post(`/associations/${c.assocId}/blocks`, body);
      expect([res.status, fields(res.body)]).toEqual([400, [field]]);
    }
    expect((await get(`/associations/${c.assocId}/balances`)).blocks).toHaveLength(1);
  });

  it('a short last period prorates the retainer: its units and its fee', async () => {
    const dept = (await post('/departments', { name: 'Ends mid-month', reviewDays: 0 })).body.id as string;
    const plan = await post('/plans', {
      name: 'Ends mid-month',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 9000,
      retainer: { included: 2 * H, feeMinor: 15000, rolloverCap: 0, rolloverPeriods: 0 },
      associations: [assoc(dept)],
    });
    const assocId = plan.body.associations[0].id as string;
    expect(
      (await t.request('DELETE', `/associations/${assocId}`, { token: admin, body: { endedAt: '2026-01-16T00:00:00Z' } })).status,
    ).toBe(200);
    await push(s('short-1', dept, '2026-01-05T10:00:00Z', 60));
    await post('/billing-runs', { asOf: '2026-02-01T00:00:00Z' });
    // 15 of 31 days: 7200 × 15/31 = 3483.87 → 3484 s (58 min 4 s); fee 15000 × 15/31 = 7258.06 → 7258.
    // 1 h = 3600 s: 3484 s from the retainer, 116 s overage = 116 × 9000 / 3600 = 290.
    const bill = await periodBill(dept, '2026-01-01T00:00:00.000Z');
    expect(lines(bill)).toEqual([
      ['retainer', 'Retainer: 58 min 4 s included (prorated to the period covered)', 7258],
      ['prepaid', "58 min 4 s from this period's retainer (none left)", 0],
      ['overage', 'Overage 1 min 56 s at €90.00/h', 290],
    ]);
  });

  it('two billing runs racing over the same periods make one bill each and draw once', async () => {
    const c = await customer('Raced');
    await post(`/associations/${c.assocId}/blocks`, { units: 20 * H, priceMinor: 150000, purchasedAt: '2026-01-01T00:00:00Z' });
    const sessions = [0, 1, 2, 3, 4, 5].map((m) => s(`r-${m}`, c.dept, new Date(Date.UTC(2026, m, 10, 9)).toISOString(), 90));
    await push(...sessions);
    const [a, b] = await Promise.all([
      post('/billing-runs', { asOf: '2026-07-01T00:00:00Z' }),
      post('/billing-runs', { asOf: '2026-07-01T00:00:00Z' }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const bills = (await get(`/bills?departmentId=${c.dept}&limit=100`)).items as { kind: string }[];
    expect(bills.filter((x) => x.kind === 'period')).toHaveLength(6);
    // Six periods × 1 h 30 min drawn once each: 9 h of the 20 h block, 11 h left.
    const draws = (await t.dataSource.query(
      `SELECT bill_id, sum(quantity)::int AS q FROM prepaid_ledger WHERE association_id = $1 AND kind = 'draw' GROUP BY bill_id`,
      [c.assocId],
    )) as { bill_id: string; q: number }[];
    expect(draws.map((d) => d.q)).toEqual(Array(6).fill(-90 * MIN));
    expect((await get(`/associations/${c.assocId}/balances`)).blocks[0].remaining).toBe(11 * H);
    // Voiding June's bill (a credit note for all of it) gives its 1 h 30 min back: 12 h 30 min.
    const june = (await get(`/bills?departmentId=${c.dept}&limit=100`)).items.find(
      (b: { kind: string; periodStart: string }) => b.kind === 'period' && b.periodStart === '2026-06-01T00:00:00.000Z',
    );
    const voided = await post(`/bills/${june.id}/void`, { reason: 'Goodwill' });
    expect(voided.status).toBe(201);
    expect((await get(`/associations/${c.assocId}/balances`)).blocks[0].remaining).toBe(12 * H + 30 * MIN);
  });
});
