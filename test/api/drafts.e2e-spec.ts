import { startTestApp, TestApp } from '../support/app';

/**
 * Drafts, then issued (issue #15, point 1): a closed period's bill is a draft for its review window (the
 * organization's, or the customer's own), adjusted, refreshed with a late session, approved early or discarded,
 * and issued by a billing run once its window ended — numbered then, gapless, in the order they are issued.
 * Every date and amount below is computed by hand in the comment next to it.
 */
const s = (externalId: string, departmentId: string, startedAt: string, minutes = 10) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
});
const assoc = (departmentId: string, billStartDate = '2026-01-01') => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate,
  dueDays: 14,
  timeZone: 'UTC',
  billingAddress: { name: 'Customer', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  recipients: ['ap@customer.test'],
});
const fields = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();

describe('drafts: review, refresh, approve, discard, issue', () => {
  let t: TestApp;
  let admin: string;
  let key: string;
  const d: Record<string, string> = {};

  const run = async (asOf: string) => {
    const res = await t.request('POST', '/billing-runs', { token: admin, body: { asOf } });
    expect(res.status).toBe(201);
    return res.body as { billsCreated: number; draftsIssued: number };
  };
  const billsOf = async (departmentId: string) =>
    (await t.request('GET', `/bills?departmentId=${departmentId}`, { token: admin })).body.items as Record<string, any>[];
  const detail = async (id: string) => (await t.request('GET', `/bills/${id}`, { token: admin })).body;
  const post = (path: string, body: unknown = {}) => t.request('POST', path, { token: admin, body });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    key = (await post('/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
    expect((await t.request('PATCH', '/organization', { token: admin, body: { reviewDays: 5 } })).body.reviewDays).toBe(5);
    const dept = async (name: string, reviewDays?: number) => {
      const res = await post('/departments', { name, ...(reviewDays === undefined ? {} : { reviewDays }) });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    d.A = await dept('Reviewed (organization: 5 days)');
    d.B = await dept('At once (own: 0 days)', 0);
    d.C = await dept('Two days', 2);
    d.D = await dept('Discarded');
    const plan = await post('/plans', {
      name: 'Per session',
      currency: 'EUR',
      billingType: 'per_session',
      sessionRateMinor: 1000,
      associations: [assoc(d.A), assoc(d.B), assoc(d.C), assoc(d.D)],
    });
    expect(plan.status).toBe(201);
    const sessions = [
      s('a1', d.A, '2026-01-05T10:00:00Z'),
      s('a2', d.A, '2026-01-06T10:00:00Z'),
      s('b1', d.B, '2026-01-07T10:00:00Z'),
      s('c1', d.C, '2026-01-08T10:00:00Z'),
      s('d1', d.D, '2026-01-09T10:00:00Z'),
    ];
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions } })).body.accepted).toBe(5);
  });
  afterAll(async () => t?.close());

  it('a review window is 0..90 days, on the organization and per customer (null: the organization’s)', async () => {
    const org = await t.request('PATCH', '/organization', { token: admin, body: { reviewDays: 91 } });
    expect([org.status, fields(org.body)]).toEqual([400, ['reviewDays']]);
    const dept = await t.request('PATCH', `/departments/${d.B}`, { token: admin, body: { reviewDays: -1 } });
    expect([dept.status, fields(dept.body)]).toEqual([400, ['reviewDays']]);
    expect((await t.request('GET', `/departments/${d.A}`, { token: admin })).body.reviewDays).toBeNull();
    expect((await t.request('GET', `/departments/${d.B}`, { token: admin })).body.reviewDays).toBe(0);
  });

  it('closing January makes drafts under review and issues at once where the window is 0 days', async () => {
    expect(await run('2026-02-01T00:00:00Z')).toMatchObject({ billsCreated: 4, draftsIssued: 0 });
    // A: last day 2026-01-31 + 5 = 2026-02-05, due 14 days later; its window ends at 2026-02-06T00:00Z (UTC).
    const [a] = await billsOf(d.A);
    expect(a).toMatchObject({
      status: 'draft',
      number: null,
      issueDate: '2026-02-05',
      dueDate: '2026-02-19',
      reviewUntil: '2026-02-06T00:00:00.000Z',
      issuedAt: null,
      totalMinor: 2000,
    });
    // B (0 days): issued when made, dated the period's last day, the first number.
    const [b] = await billsOf(d.B);
    expect(b).toMatchObject({ status: 'unpaid', number: 'INV-000001', issueDate: '2026-01-31', dueDate: '2026-02-14', reviewUntil: null });
    // C (2 days): scheduled 2026-02-02, window ends 2026-02-03T00:00Z.
    expect((await billsOf(d.C))[0]).toMatchObject({ status: 'draft', issueDate: '2026-02-02', reviewUntil: '2026-02-03T00:00:00.000Z' });
    expect((await t.request('GET', '/bills?status=draft', { token: admin })).body.items).toHaveLength(3);
    expect((await t.request('GET', '/dashboard', { token: admin })).body.draftsToReview).toBe(3);
  });

  it('a draft takes charges, but no payment, no e-mail and no void; an issued bill is not approved again', async () => {
    const [a] = await billsOf(d.A);
    for (const path of [`/bills/${a.id}/payments`, `/bills/${a.id}/email`]) {
      const res = await post(path, {});
      expect([path, res.status, res.body.code]).toEqual([path, 409, 'BILL_DRAFT']);
    }
    expect((await post(`/bills/${a.id}/void`, { reason: 'x' })).body.code).toBe('BILL_DRAFT');
    // 2 sessions × 10.00 + a 5.00 charge = 25.00; still a draft.
    const charged = await post(`/bills/${a.id}/adjustments`, { type: 'charge', amountMinor: 500, reason: 'Setup' });
    expect(charged.body).toMatchObject({ status: 'draft', totalMinor: 2500, balanceMinor: 2500 });
    const [b] = await billsOf(d.B);
    expect((await post(`/bills/${b.id}/approve`)).body.code).toBe('BILL_NOT_DRAFT');
    expect((await post(`/bills/${b.id}/refresh`)).body.code).toBe('BILL_NOT_DRAFT');
  });

  it('refresh takes a late session into the draft, keeps its charge, and twice gives the same bill', async () => {
    const [a] = await billsOf(d.A);
    expect((await t.request('POST', '/sessions', { token: key, body: s('a3', d.A, '2026-01-20T10:00:00Z') })).status).toBe(201);
    // 3 sessions × 10.00 + 5.00 = 35.00.
    const refreshed = await post(`/bills/${a.id}/refresh`);
    expect(refreshed.status).toBe(201);
    expect(refreshed.body).toMatchObject({ status: 'draft', number: null, subtotalMinor: 3000, totalMinor: 3500 });
    expect(refreshed.body.lines).toEqual([expect.objectContaining({ kind: 'sessions', quantity: 3, amountMinor: 3000 })]);
    const again = await post(`/bills/${a.id}/refresh`);
    const same = (b: Record<string, unknown>) => ({ lines: b.lines, totalMinor: b.totalMinor, adjustments: b.adjustments });
    expect(same(again.body)).toEqual(same(refreshed.body));
  });

  it('discarding a draft unbills its sessions: the next period’s bill takes them as late usage', async () => {
    const [draft] = await billsOf(d.D);
    const discarded = await post(`/bills/${draft.id}/discard`, { reason: 'Goodwill: not billed' });
    expect(discarded.body).toEqual({ id: draft.id, sessionsReleased: 1 });
    expect((await t.request('GET', `/bills/${draft.id}`, { token: admin })).status).toBe(404);
    expect((await post(`/bills/${draft.id}/discard`, { reason: 'again' })).status).toBe(404);
    expect((await t.request('DELETE', `/bills/${draft.id}`, { token: admin })).status).toBe(404);
    const audit = (await t.request('GET', `/audit-events?entityType=bill&entityId=${draft.id}`, { token: admin })).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['bill.discarded']);
    // February closes: 0 sessions in February + 1 late session of January = 10.00 on the late-usage line.
    await run('2026-03-01T00:00:00Z');
    const feb = (await billsOf(d.D)).find((b) => b.periodStart === '2026-02-01T00:00:00.000Z')!;
    expect((await detail(feb.id)).lines).toEqual([
      expect.objectContaining({ kind: 'sessions', quantity: 0, amountMinor: 0 }),
      expect.objectContaining({ kind: 'late_usage', quantity: 1, amountMinor: 1000 }),
    ]);
  });

  it('runs issue the drafts whose window ended, dated their scheduled day, numbered in order, gapless', async () => {
    // The run as of 2026-03-01 above issued A (window ended 02-06) and C (02-03): C's window ended first.
    const c = (await billsOf(d.C)).find((b) => b.periodStart === '2026-01-01T00:00:00.000Z')!;
    const a = (await billsOf(d.A)).find((b) => b.periodStart === '2026-01-01T00:00:00.000Z')!;
    expect(c).toMatchObject({ status: 'unpaid', number: 'INV-000003', issueDate: '2026-02-02', dueDate: '2026-02-16', reviewUntil: null });
    expect(a).toMatchObject({ status: 'unpaid', number: 'INV-000004', issueDate: '2026-02-05', dueDate: '2026-02-19', totalMinor: 3500 });
    expect(a.issuedAt).not.toBeNull();
    // INV-000002: B's February bill (0 days), made before the drafts were issued in that run.
    const all = (await t.request('GET', '/bills?limit=100', { token: admin })).body.items as { number: string | null }[];
    const numbers = all.flatMap((b) => (b.number ? [Number(b.number.slice(4))] : [])).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    const runs = (await t.request('GET', '/billing-runs', { token: admin })).body.items;
    expect(runs[0]).toMatchObject({ draftsIssued: 2 });
  });

  it('approving early issues now, dated today in the bill’s zone, due its due days later', async () => {
    // A period that closed last month with a 60-day window: today is inside it whatever today is.
    const now = new Date();
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    const dept = (await post('/departments', { name: 'Approved early', reviewDays: 60 })).body.id;
    await post('/plans', {
      name: 'Early',
      currency: 'EUR',
      billingType: 'per_session',
      sessionRateMinor: 700,
      associations: [assoc(dept, first)],
    });
    await t.request('POST', '/sessions', { token: key, body: s('e1', dept, `${first}T12:00:00Z`) });
    await run(now.toISOString());
    const [draft] = await billsOf(dept);
    expect(draft.status).toBe('draft');
    const approved = await post(`/bills/${draft.id}/approve`);
    expect(approved.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10); // UTC: the bill's zone
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(approved.body).toMatchObject({ status: 'unpaid', issueDate: today, dueDate: due, totalMinor: 700, reviewUntil: null });
    expect(approved.body.number).toMatch(/^INV-\d{6}$/);
    const audit = (await t.request('GET', `/audit-events?entityType=bill&entityId=${draft.id}`, { token: admin })).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('bill.issued');
  });
});
