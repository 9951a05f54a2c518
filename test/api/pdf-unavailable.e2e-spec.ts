import { startTestApp, TestApp } from '../support/app';

/**
 * When the browser cannot render a PDF, Download Bill answers 503 PDF_RENDER_FAILED with the JSON error envelope
 * (as the OpenAPI document says: errors are JSON even on an operation that produces PDFs), and the bill is fine.
 * `/bin/false` stands in for a Chromium that exits at once.
 */
describe('Download Bill without a working browser', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ CHROMIUM_PATH: '/bin/false' });
    admin = await t.login();
  });
  afterAll(() => t.close());

  it('answers 503 PDF_RENDER_FAILED as JSON, and the bill stays readable', async () => {
    const dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'Customer' } })).body.id;
    const plan = await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Per session',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1250,
        associations: [
          {
            departmentId: dep,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 10,
            billingAddress: { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' },
            recipients: ['ap@customer.test'],
            timeZone: 'UTC',
          },
        ],
      },
    });
    expect(plan.status).toBe(201);
    const run = await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-02-01T00:00:00Z' } });
    expect(run.status).toBe(201);
    expect(run.body.billsCreated).toBe(1);
    const bill = (await t.request('GET', '/bills', { token: admin })).body.items[0];

    const pdf = await t.request('GET', `/bills/${bill.id}/pdf`, { token: admin });
    expect(pdf.status).toBe(503);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/json/);
    expect(pdf.body).toMatchObject({ statusCode: 503, code: 'PDF_RENDER_FAILED' });
    expect((await t.request('GET', `/bills/${bill.id}`, { token: admin })).status).toBe(200);
  });
});
