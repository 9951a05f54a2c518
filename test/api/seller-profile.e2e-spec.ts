import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { startTestApp, TestApp } from '../support/app';
import { ContractCheck, contractFor } from '../support/contract';

/** A PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of one colour; `padTo` adds a tEXt chunk so the file has exactly that many bytes. */
function png(width: number, height: number, padTo?: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [0x33, 0x66, 0xcc]).flat())]);
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
  ];
  const end = chunk('IEND', Buffer.alloc(0));
  if (padTo !== undefined) {
    const size = parts.reduce((n, p) => n + p.length, 0) + end.length + 12; // + the tEXt chunk's own 12 bytes
    parts.push(chunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(padTo - size - 8, 0x61)])));
  }
  return Buffer.concat([...parts, end]);
}

/** A 12 × 6 JPEG (baseline, written by Chromium's canvas, ICC profile stripped). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBD' +
    'AQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAGAAwDASIAAhEBAxEB/8QAFgABAQEA' +
    'AAAAAAAAAAAAAAAAAAMH/8QAGhABAAEFAAAAAAAAAAAAAAAAAAIEBjaDs//EABUBAQEAAAAAAAAAAAAAAAAAAAQG/8QAHxEAAAMJAAAAAAAAAAAAAAAAAAECAwYHNDVy' +
    'c7Gy/9oADAMBAAIRAxEAPwCFgZbQbOcmxAiYpVZnjLpYe7cqq49EP//Z',
  'base64',
);
const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What an organization that set nothing shows: no profile, English invoices, no logo. */
const EMPTY_PROFILE = {
  legalName: null,
  vatId: null,
  taxNumber: null,
  companyRegistration: null,
  address: null,
  contactEmail: null,
  phone: null,
  website: null,
  accountHolder: null,
  iban: null,
  bic: null,
  paymentInstructions: null,
  paymentTerms: null,
  invoiceFooter: null,
  invoiceLanguage: 'en',
  reviewDays: 0,
  reminderSchedule: [],
  logo: null,
  electronicAddress: null,
};

/** Settings > Organization: the seller's legal identity, payment details, invoice texts and logo (issue #14, point 1). */
describe('the seller profile (GET/PATCH /organization, PUT/GET/DELETE /organization/logo)', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let billing: string;
  let contract: ContractCheck;

  /** A request with a raw (binary) body and a raw answer, held to the served document like t.request's. */
  async function raw(
    method: string,
    path: string,
    opts: { token: string; body?: Buffer | string; type?: string; headers?: Record<string, string> },
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, ...(opts.headers ?? {}) };
    if (opts.type) headers['content-type'] = opts.type;
    const url = new URL(`${t.api}${path}`);
    const body = typeof opts.body === 'string' || opts.body === undefined ? opts.body : new Uint8Array(opts.body);
    const res = await fetch(url, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? '';
    const parsed: unknown = contentType.includes('json')
      ? JSON.parse(bytes.toString('utf8'))
      : bytes.length
        ? bytes.toString('latin1')
        : '';
    contract.check(method, url.pathname, res.status, contentType, parsed);
    return { status: res.status, headers: res.headers, bytes, body: parsed as any };
  }
  const putLogo = (body: Buffer | string, type: string, token = admin) => raw('PUT', '/organization/logo', { token, body, type });
  const profile = async () => (await t.request('GET', '/organization', { token: admin })).body;

  beforeAll(async () => {
    t = await startTestApp();
    contract = await contractFor(await (await fetch(`${t.baseUrl}/api/docs-json`)).json());
    admin = await t.login();
    viewer = await t.createUser('viewer');
    billing = await t.createUser('billing');
  });
  afterAll(async () => t?.close());

  it('starts empty: no profile, invoices in English, no logo', async () => {
    const res = await t.request('GET', '/organization', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Test Org',
      timeZone: 'UTC',
      senderName: null,
      replyToEmail: null,
      defaults: { senderName: 'Remote Billing', senderAddress: 'billing@localhost', replyToEmail: null },
      ...EMPTY_PROFILE,
    });
  });

  it('stores a whole profile, normalized, reads it back and audits the change', async () => {
    const res = await t.request('PATCH', '/organization', {
      token: admin,
      body: {
        legalName: '  Initech Deutschland GmbH ',
        vatId: 'de 136 695 976',
        taxNumber: '143/123/45678',
        companyRegistration: 'Amtsgericht München HRB 123456',
        address: { line1: 'Leopoldstraße 12', line2: '', postalCode: '80802', city: 'München', region: 'Bayern', country: 'de' },
        contactEmail: 'billing@initech.test',
        phone: '+49 89 1234567',
        website: 'https://www.initech.test/billing',
        accountHolder: 'Initech Deutschland GmbH',
        iban: 'de89 3704 0044 0532 0130 00',
        bic: 'coba de ff xxx',
        paymentInstructions: 'Outside SEPA:\nwire to the account above, fees paid by the sender.',
        paymentTerms: 'Payable within 14 days without deduction.',
        invoiceFooter: 'Initech Deutschland GmbH · Geschäftsführer: Bill Lumbergh\nSitz: München',
        invoiceLanguage: 'de',
        electronicAddress: { scheme: '9930', id: ' de136695976 ' },
      },
    });
    expect(res.status).toBe(200);
    const expected = {
      legalName: 'Initech Deutschland GmbH',
      vatId: 'DE136695976',
      taxNumber: '143/123/45678',
      companyRegistration: 'Amtsgericht München HRB 123456',
      address: { line1: 'Leopoldstraße 12', line2: null, postalCode: '80802', city: 'München', region: 'Bayern', country: 'DE' },
      contactEmail: 'billing@initech.test',
      phone: '+49 89 1234567',
      website: 'https://www.initech.test/billing',
      accountHolder: 'Initech Deutschland GmbH',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      paymentInstructions: 'Outside SEPA:\nwire to the account above, fees paid by the sender.',
      paymentTerms: 'Payable within 14 days without deduction.',
      invoiceFooter: 'Initech Deutschland GmbH · Geschäftsführer: Bill Lumbergh\nSitz: München',
      invoiceLanguage: 'de',
      electronicAddress: { scheme: '9930', id: 'DE136695976' }, // the e-invoice endpoint, normalized (EAS 9930: a German VAT number)
    };
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Test Org',
      timeZone: 'UTC',
      senderName: null,
      replyToEmail: null,
      defaults: { senderName: 'Remote Billing', senderAddress: 'billing@localhost', replyToEmail: null },
      ...expected,
      reviewDays: 0,
      reminderSchedule: [],
      logo: null,
    });
    expect(await profile()).toEqual(res.body);
    // Every reader sees it.
    expect((await t.request('GET', '/organization', { token: viewer })).body).toEqual(res.body);

    const audit = (await t.request('GET', `/audit-events?entityType=organization&entityId=${res.body.id}`, { token: admin })).body.items;
    expect(audit[0]).toMatchObject({
      action: 'organization.updated',
      actor: { name: 'admin@example.com' },
      before: { name: 'Test Org', legalName: null, iban: null, address: null, invoiceLanguage: 'en' },
      after: { name: 'Test Org', ...expected },
    });
  });

  it('changes only the fields a PATCH sends', async () => {
    const before = await profile();
    const res = await t.request('PATCH', '/organization', { token: admin, body: { phone: '+49 (0)89 765 43 21', bic: 'COBADEFF' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...before, phone: '+49 (0)89 765 43 21', bic: 'COBADEFF' });
    // An address is replaced as a whole.
    const moved = await t.request('PATCH', '/organization', {
      token: admin,
      body: { address: { line1: 'Marienplatz 1', city: 'München', country: 'DE' } },
    });
    expect(moved.body.address).toEqual({
      line1: 'Marienplatz 1',
      line2: null,
      postalCode: null,
      city: 'München',
      region: null,
      country: 'DE',
    });
    expect(moved.body).toEqual({ ...before, phone: '+49 (0)89 765 43 21', bic: 'COBADEFF', address: moved.body.address });
  });

  it('clears an optional field with null or an empty string', async () => {
    const before = await profile();
    const res = await t.request('PATCH', '/organization', {
      token: admin,
      body: { iban: null, bic: null, address: null, website: '', vatId: '   ', paymentInstructions: null },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...before, iban: null, bic: null, address: null, website: null, vatId: null, paymentInstructions: null });
    expect(await profile()).toEqual(res.body);
  });

  it('stores the scheme of a website lowercase', async () => {
    const res = await t.request('PATCH', '/organization', { token: admin, body: { website: 'HTTPS://WWW.Initech.test/' } });
    expect({ status: res.status, website: res.body.website }).toEqual({ status: 200, website: 'https://WWW.Initech.test/' });
    await t.request('PATCH', '/organization', { token: admin, body: { website: null } });
  });

  it('accepts the VAT IDs of the EU, Northern Ireland, the UK, Switzerland and Norway in their own formats', async () => {
    const cases: [string, string][] = [
      ['ATU13585627', 'ATU13585627'],
      ['EL094259216', 'EL094259216'],
      ['NL004495445B01', 'NL004495445B01'],
      ['FR40303265045', 'FR40303265045'],
      ['GB980780684', 'GB980780684'],
      ['XI980780684', 'XI980780684'],
      ['CHE-116.281.710 MWST', 'CHE116281710MWST'],
      ['NO923609016MVA', 'NO923609016MVA'],
      ['DE136695976', 'DE136695976'],
    ];
    for (const [sent, stored] of cases) {
      const res = await t.request('PATCH', '/organization', { token: admin, body: { vatId: sent } });
      expect({ sent, status: res.status, vatId: res.body.vatId }).toEqual({ sent, status: 200, vatId: stored });
    }
  });

  it('refuses bad values with a 400 naming the field, and changes nothing', async () => {
    const before = await profile();
    const address = { line1: 'Leopoldstraße 12', city: 'München', country: 'DE' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ iban: 'DE89370400440532013001' }, 'iban', 'iban has a wrong check digit (mod-97 checksum)'],
      [{ iban: 'DE8937040044053201300' }, 'iban', 'iban must have 22 characters for DE (it has 21)'],
      [{ iban: 'DE89 3704 0044 0532 0130 0000' }, 'iban', 'iban must have 22 characters for DE (it has 24)'],
      [{ iban: 'US12345678901234567890' }, 'iban', 'iban: US is not a country that uses IBANs'],
      [{ iban: 'not an iban' }, 'iban', 'iban must be a country code, 2 check digits and the account number'],
      [{ iban: 42 }, 'iban', 'iban must be a string'],
      [{ bic: 'COBADEFF1' }, 'bic', 'bic must be 8 or 11 characters'],
      [{ bic: 'COBAXXFF' }, 'bic', 'bic: XX is not a country code'],
      [{ vatId: 'DE123456789' }, 'vatId', 'vatId has a wrong check digit for a VAT ID of Germany'],
      [{ vatId: 'DE12345678' }, 'vatId', 'vatId does not have the format of a VAT ID of Germany'],
      [{ vatId: 'ATU13585626' }, 'vatId', 'vatId has a wrong check digit for a VAT ID of Austria'],
      [{ vatId: 'GB980780685' }, 'vatId', 'vatId has a wrong check digit for a VAT ID of United Kingdom'],
      [{ vatId: 'GR094259216' }, 'vatId', 'vatId: Greek VAT IDs start with EL'],
      [{ vatId: 'US123456789' }, 'vatId', 'vatId: US is not a VAT ID prefix known here'],
      [{ vatId: '136695976' }, 'vatId', 'vatId must be a country prefix'],
      [{ address: { ...address, country: 'XX' } }, 'address.country', 'country must be an ISO 3166-1 alpha-2 code such as DE'],
      [{ address: { ...address, country: 'Germany' } }, 'address.country', 'country must be an ISO 3166-1 alpha-2 code such as DE'],
      [{ address: { city: 'München', country: 'DE' } }, 'address.line1', 'line1'],
      [{ address: { ...address, floor: 3 } }, 'address.floor', 'is not a known field'],
      [{ address: 'Leopoldstraße 12, München' }, 'address', 'address must be an object'],
      [{ website: 'http://www.initech.test' }, 'website', 'website must be an https:// URL'],
      [{ website: 'javascript:alert(1)' }, 'website', 'website must be an https:// URL'],
      [{ website: 'https://' }, 'website', 'website must be an https:// URL'],
      [{ website: 'www.initech.test' }, 'website', 'website must be an https:// URL'],
      [{ invoiceLanguage: 'pt' }, 'invoiceLanguage', 'invoiceLanguage must be one of en, de, fr, es, nl, it'],
      [{ invoiceLanguage: null }, 'invoiceLanguage', 'invoiceLanguage must be one of en, de, fr, es, nl, it'],
      [{ contactEmail: 'billing@' }, 'contactEmail', 'contactEmail must be an email'],
      [{ phone: 'call me' }, 'phone', 'phone must be a telephone number'],
      [{ legalName: 'Initech\nGmbH' }, 'legalName', 'legalName must be one line without control characters'],
      [{ legalName: 'x'.repeat(201) }, 'legalName', 'legalName must be shorter than or equal to 200 characters'],
      [{ invoiceFooter: 'bell\u0007' }, 'invoiceFooter', 'invoiceFooter must not contain control characters'],
      [{ logo: 'data:image/png;base64,AAAA' }, 'logo', 'is not a known field'],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.request('PATCH', '/organization', { token: admin, body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      expect({ body, fields: [...new Set(res.body.errors.map((e: { field: string }) => e.field))] }).toEqual({ body, fields: [field] });
      const messages = res.body.errors.map((e: { message: string }) => e.message);
      expect({ body, messages }).toEqual({ body, messages: expect.arrayContaining([expect.stringContaining(message)]) });
    }
    // Several bad fields: each is named, nothing is stored.
    const res = await t.request('PATCH', '/organization', {
      token: admin,
      body: { iban: 'DE89370400440532013001', vatId: 'DE123456789', legalName: 'Fine GmbH', address: { ...address, country: 'XX' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address.country', 'iban', 'vatId']);
    expect(await profile()).toEqual(before);
  });

  it('takes a PNG logo and gives back the same bytes; the profile says it has one', async () => {
    const image = png(40, 20);
    const res = await putLogo(image, 'image/png');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      contentType: 'image/png',
      sizeBytes: image.length,
      width: 40,
      height: 20,
      sha256: sha256(image),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect((await profile()).logo).toEqual(res.body);

    for (const token of [admin, viewer]) {
      const got = await raw('GET', '/organization/logo', { token });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(got.bytes.equals(image)).toBe(true);
    }
  });

  it('takes a JPEG logo in place of the PNG', async () => {
    const res = await putLogo(JPEG, 'image/jpeg; charset=binary');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ contentType: 'image/jpeg', sizeBytes: 324, width: 12, height: 6, sha256: sha256(JPEG) });
    const got = await raw('GET', '/organization/logo', { token: admin });
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.bytes.equals(JPEG)).toBe(true);
    expect((await profile()).logo).toEqual(res.body);
  });

  it('refuses SVG, what is not a PNG or JPEG, a wrong type and anything over 256 KB with a 400 naming logo', async () => {
    const before = (await profile()).logo;
    const cases: [Buffer | string, string, string][] = [
      [SVG, 'image/svg+xml', 'logo must be a PNG or JPEG image; SVG is not accepted'],
      [SVG, 'image/png', 'logo must be a PNG or JPEG image; SVG is not accepted'],
      ['just some text, renamed logo.png', 'image/png', 'logo is not a PNG or JPEG image'],
      [
        Buffer.from('GIF89a\u0001\u0000\u0001\u0000'),
        'image/gif',
        'logo must be sent as the request body with Content-Type image/png or image/jpeg (not image/gif)',
      ],
      [png(10, 10), 'image/jpeg', 'logo is a PNG image but was sent as image/jpeg'],
      [JPEG, 'image/png', 'logo is a JPEG image but was sent as image/png'],
      [png(10, 10).subarray(0, 60), 'image/png', 'logo is not a complete PNG image'],
      [JPEG.subarray(0, 100), 'image/jpeg', 'logo is not a complete JPEG image'],
      [png(5000, 1), 'image/png', 'logo must be at most 4096 × 4096 pixels (it is 5000 × 1)'],
      [png(16, 16, 256 * 1024 + 1), 'image/png', 'logo must be at most 256 KB (262144 bytes)'],
      [Buffer.alloc(3 * 1024 * 1024, 0x89), 'image/png', 'logo must be at most 256 KB (262144 bytes)'],
      [Buffer.alloc(0), 'image/png', 'logo is empty'],
      ['{"logo":"x"}', 'application/json', 'logo must be sent as the request body with Content-Type image/png or image/jpeg'],
    ];
    for (const [body, type, message] of cases) {
      const res = await putLogo(body, type);
      const label = `${type}, ${body.length} bytes`;
      expect({ label, status: res.status, code: res.body.code }).toEqual({ label, status: 400, code: 'VALIDATION_FAILED' });
      expect({ label, errors: res.body.errors }).toEqual({ label, errors: [{ field: 'logo', message: expect.stringContaining(message) }] });
    }
    // Compressed bodies are not read.
    const gz = await raw('PUT', '/organization/logo', {
      token: admin,
      body: png(4, 4),
      type: 'image/png',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(gz.status).toBe(400);
    expect(gz.body.errors).toEqual([{ field: 'logo', message: 'logo must be sent without a Content-Encoding' }]);
    expect((await profile()).logo).toEqual(before);

    // Exactly 256 KB is fine.
    const largest = png(16, 16, 256 * 1024);
    expect(largest.length).toBe(262144);
    const ok = await putLogo(largest, 'image/png');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ sizeBytes: 262144, width: 16, height: 16 });
    expect((await raw('GET', '/organization/logo', { token: admin })).bytes.equals(largest)).toBe(true);
  });

  it('removes the logo; removing none again is fine', async () => {
    const res = await raw('DELETE', '/organization/logo', { token: admin });
    expect(res.status).toBe(204);
    expect((await profile()).logo).toBeNull();
    const gone = await raw('GET', '/organization/logo', { token: admin });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'The organization has no logo' });
    expect((await raw('DELETE', '/organization/logo', { token: admin })).status).toBe(204);

    const orgId = (await profile()).id;
    const audit = (await t.request('GET', `/audit-events?entityType=organization&entityId=${orgId}`, { token: admin })).body.items as {
      action: string;
      before: { contentType?: string } | null;
      after: { contentType?: string } | null;
    }[];
    // Newest first: one removal (the second DELETE changed nothing), three uploads (PNG, JPEG, the 256 KB PNG).
    expect(
      audit
        .filter((e) => e.action.startsWith('organization.logo_'))
        .map((e) => [e.action, e.before?.contentType ?? null, e.after?.contentType ?? null]),
    ).toEqual([
      ['organization.logo_removed', 'image/png', null],
      ['organization.logo_updated', 'image/jpeg', 'image/png'],
      ['organization.logo_updated', 'image/png', 'image/jpeg'],
      ['organization.logo_updated', null, 'image/png'],
    ]);
  });

  it('lets only admins change the profile and the logo; every person reads them', async () => {
    for (const token of [billing, viewer]) {
      expect((await t.request('PATCH', '/organization', { token, body: { legalName: 'Mine' } })).status).toBe(403);
      expect((await putLogo(png(4, 4), 'image/png', token)).status).toBe(403);
      expect((await raw('DELETE', '/organization/logo', { token })).status).toBe(403);
      expect((await t.request('GET', '/organization', { token })).status).toBe(200);
    }
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['bills:read'] } })).body.key;
    expect((await raw('GET', '/organization/logo', { token: key })).status).toBe(403);
    expect((await putLogo(png(4, 4), 'image/png', key)).status).toBe(403);
    expect((await profile()).legalName).toBe('Initech Deutschland GmbH');
    expect((await profile()).logo).toBeNull();
  });
});
