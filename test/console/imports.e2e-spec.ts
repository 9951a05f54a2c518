/**
 * Session imports in the console (issue #19), in a real (headless) Chromium against the whole API, with the departments
 * 'Müller Maschinenbau', 'Nordlicht Apotheke' and a third, 'Kanzlei Brandt', made through the API:
 *  1. "Session imports" in the navigation; "New import profile" from the TeamViewer preset: its label, source and
 *     settings shown and filled in; the API stores the preset's settings unchanged (id prefix teamviewer);
 *  2. test/fixtures/imports/teamviewer.json uploaded through the file input (the raw file, application/json) as a
 *     preview: accepted 5, merged 1, duplicates 1, held 1, refused 2 (rows 5 and 9) out of 10 rows, and the held key
 *     'Unmapped GmbH' with 1 row (test/fixtures/imports/README.md has every row by hand); nothing stored;
 *  3. "Import" of the same file: the same counts, 5 sessions stored (A 2 550 + 2 745 = 5 295 s, B 1 930 + 2 475 + 3 500
 *     = 7 905 s, read back through the API); the customer keys: the two named after departments mapped, 'Unmapped GmbH'
 *     held with 1 row;
 *  4. "Map to customer…" of 'Unmapped GmbH' → Kanzlei Brandt: "1 held row imported as 1 session", its one session of
 *     1 800 s (15:00:00Z–15:30:00Z) exists once; the runs history lists the import and the preview, newest first;
 *  5. a profile with own settings: the API's 400s under their fields (a time format the engine does not read, neither
 *     end nor duration column, a bad id prefix), 409 IMPORT_PROFILE_NAME_TAKEN as a message; then saved, edited, and a
 *     report of another kind (XML) and a broken one shown as the API's 415 and 400;
 *  6. a 1.5 MB report sent with the upload throttled: the progress bar shows the bytes sent while they go;
 *  7. the profile deleted from the list after a confirmation.
 * Every wait is explicit (≤ 15 s); screenshots go to docs/screenshots/imports-*.png.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

const FIXTURE = join(__dirname, '..', 'fixtures', 'imports', 'teamviewer.json');

interface Session {
  externalId: string;
  departmentId: string;
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
}

describe('console: session imports', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let mueller: string;
  let nordlicht: string;
  let brandt: string;
  let profileId: string;
  let ownId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-imports-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const get = async (path: string) => {
    const res = await t.request('GET', path, { token });
    expect([path, res.status]).toEqual([path, 200]);
    return res.body;
  };
  const sessionsOf = async (departmentId: string) =>
    ((await get(`/sessions?departmentId=${departmentId}&limit=100`)).items as Session[]).filter((s) =>
      s.externalId.startsWith('teamviewer:'),
    );
  const seconds = (list: Session[]) => list.reduce((sum, s) => sum + s.durationSeconds, 0);
  const text = (sel: string) => h.textOf(sel).then((s) => s.replace(/\s+/g, ' '));
  /** The result card's count of `key` (rows, accepted, merged, duplicates, held, refused, sessions). */
  const count = (key: string) => h.textOf(`${tid('import-result')} ${tid(`run-${key}`)}`);
  const counts = async (...keys: string[]) => Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await count(k)])));
  const rowsOf = (sel: string) =>
    page.$$eval(sel, (rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())),
    );
  const chooseFile = async (path: string) => {
    const input = (await page.waitForSelector(tid('import-file'), { timeout: STEP })) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path);
  };
  /** Types into a field with an autocomplete and closes its panel. */
  const typeAndClose = async (sel: string, value: string) => {
    await h.type(sel, value);
    await page.keyboard.press('Escape');
    await h.hidden('.mat-mdc-autocomplete-panel');
  };

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.login();
    const department = async (name: string) => {
      const res = await t.request('POST', '/departments', { token, body: { name } });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    mueller = await department('Müller Maschinenbau');
    nordlicht = await department('Nordlicht Apotheke');
    brandt = await department('Kanzlei Brandt');
    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADMIN_EMAIL, ADMIN_PASSWORD));
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(browserErrors).toEqual([]);
  });

  it('1. creates a profile from the TeamViewer preset: its label, source and settings shown, stored unchanged', async () => {
    await h.click(tid('nav-imports'));
    await h.waitPath('/imports');
    await h.waitText(tid('import-profiles-empty'), 'No import profiles yet');
    await h.click(tid('import-profile-new'));
    await h.waitPath('/imports/new');
    await page.waitForSelector(`${tid('import-preset')} option[value="teamviewer"]`, { timeout: STEP });

    await page.select(tid('import-preset'), 'teamviewer');
    await h.visible(tid('import-preset-card'));
    expect(await text(tid('import-preset-label'))).toBe('TeamViewer (Web API connection reports, JSON)');
    expect(await text(tid('import-preset-source'))).toContain('TeamViewer Web API GET /api/v1/reports/connections');
    expect(await text(tid('import-preset-format'))).toBe('JSON, the rows in records');
    expect(await text(tid('import-preset-merge'))).toBe(
      'connections of one technician and customer with breaks of at most 5 minutes are one session (breaks billed)',
    );
    expect(await text(tid('import-preset-minimum'))).toBe('connections shorter than 60 seconds are refused');
    expect(await text(tid('import-preset-columns'))).toBe(
      'start: start_date · end: end_date · customer: groupname · technician: username · session id: id',
    );
    // The preset's settings fill the form, to be changed where a report differs.
    const value = (id: string) => page.$eval(tid(id), (el) => (el as HTMLInputElement).value);
    expect(
      await Promise.all(['import-format', 'import-json-path', 'import-col-start', 'import-col-customerKey', 'import-merge-gap'].map(value)),
    ).toEqual(['json', 'records', 'start_date', 'groupname', '5']);
    await h.type(tid('import-name'), 'TeamViewer');
    await page.screenshot({ path: join(SHOTS, 'imports-new-profile.png'), fullPage: true });
    await h.click(tid('import-profile-save'));
    await page.waitForFunction(() => /^\/imports\/[0-9a-f-]{36}$/.test(location.pathname), { timeout: STEP });
    await h.waitText(tid('import-profile-title'), 'TeamViewer');

    const [stored] = (await get('/import-profiles')) as Record<string, unknown>[];
    const teamviewer = ((await get('/import-presets')) as { name: string; settings: unknown }[]).find((p) => p.name === 'teamviewer')!;
    expect(stored).toMatchObject({ name: 'TeamViewer', preset: 'teamviewer', idPrefix: 'teamviewer', settings: teamviewer.settings });
    profileId = stored.id as string;
    expect(await page.evaluate(() => location.pathname)).toBe(`/imports/${profileId}`);
    expect(await text(tid('import-profile-preset'))).toBe('TeamViewer (Web API connection reports, JSON)');
    await h.waitText(tid('customer-keys-empty'), 'No customer keys yet');
    await h.waitText(tid('import-runs-empty'), 'No previews or imports yet');
    await h.dismissSnackBar();
  });

  it('2. previews teamviewer.json: accepted 5, merged 1, duplicates 1, held 1, refused 2; nothing stored', async () => {
    await chooseFile(FIXTURE);
    await h.visible(`${tid('import-result')}[data-dry-run="true"]`);
    expect(await text(tid('import-result-title'))).toBe('Preview of teamviewer.json');
    expect(await counts('rows', 'accepted', 'merged', 'duplicates', 'held', 'refused')).toEqual({
      rows: '10',
      accepted: '5', // rows 1, 2, 3 (with 4 merged into it), 7, 10
      merged: '1', // row 4: 3 minutes after row 3, same technician and customer (gap ≤ 5)
      duplicates: '1', // row 8 = row 7
      held: '1', // row 6: Unmapped GmbH
      refused: '2', // row 5 (25 s < 60 s), row 9 (ends before it starts)
    });
    expect(await page.$(`${tid('import-result')} ${tid('run-sessions')}`)).toBeNull(); // a preview stores none
    const refusals = await rowsOf(tid('refusal-row'));
    expect(refusals.map((r) => r[0])).toEqual(['5', '9']);
    expect(refusals[0][2]).toContain('shorter than 60 s');
    expect(refusals[1]).toEqual(['9', 'end_date', 'ends before it starts']);
    expect(await rowsOf(tid('held-key-row'))).toEqual([['Unmapped GmbH', '1', 'Map to customer…']]);
    await page.screenshot({ path: join(SHOTS, 'imports-preview.png'), fullPage: true });

    expect(await sessionsOf(mueller)).toEqual([]);
    expect(await get(`/import-profiles/${profileId}/customer-keys`)).toEqual([]);
    await h.waitCount(tid('run-row'), 1);
  });

  it('3. imports it: 5 sessions stored (5 295 s and 7 905 s), the named keys mapped, Unmapped GmbH held with 1 row', async () => {
    await h.click(tid('import-run'));
    await h.visible(`${tid('import-result')}[data-dry-run="false"]`);
    expect(await text(tid('import-result-title'))).toBe('Import of teamviewer.json');
    expect(await counts('accepted', 'merged', 'duplicates', 'held', 'refused', 'sessions')).toEqual({
      accepted: '5',
      merged: '1',
      duplicates: '1',
      held: '1',
      refused: '2',
      sessions: '5',
    });
    const a = await sessionsOf(mueller);
    const b = await sessionsOf(nordlicht);
    expect([a.length, seconds(a)]).toEqual([2, 2550 + 2745]);
    expect([b.length, seconds(b)]).toEqual([3, 1930 + 2475 + 3500]); // rows 3 + 4 merged: 14:00:00 → 14:41:15 = 2 475 s

    await h.waitCount(tid('customer-key-row'), 3);
    expect(await rowsOf(tid('customer-key-row'))).toEqual([
      ['Müller Maschinenbau', 'Müller Maschinenbau', '0', 'Change customer…'],
      ['Nordlicht Apotheke', 'Nordlicht Apotheke', '0', 'Change customer…'],
      ['Unmapped GmbH', 'not mapped', '1', 'Map to customer…'],
    ]);
  });

  it('4. maps Unmapped GmbH to a third department: its held row imported as one 1 800 s session; the runs listed', async () => {
    const row = `${tid('customer-key-row')}[data-key="Unmapped GmbH"]`;
    await h.click(`${row} ${tid('customer-key-map')}`);
    await h.visible(tid('map-key-form'));
    expect(await text(tid('map-key-name'))).toBe('Unmapped GmbH');
    expect(await text(`mat-dialog-container p`)).toContain('Its 1 held row is imported at once.');
    await page.select(tid('map-key-department'), brandt);
    await h.click(tid('map-key-save'));
    await h.hidden(tid('map-key-form'));
    await h.waitText(tid('map-result'), 'Unmapped GmbH is mapped to Kanzlei Brandt: 1 held row imported as 1 session.');
    await page.waitForSelector(`${row}[data-mapped="true"]`, { timeout: STEP });
    expect(await rowsOf(row)).toEqual([['Unmapped GmbH', 'Kanzlei Brandt', '0', 'Change customer…']]);
    // The import's result now says where the held key went.
    expect(await text(`${tid('held-key-row')} ${tid('held-key-mapped')}`)).toBe('Mapped to Kanzlei Brandt');

    const held = await sessionsOf(brandt);
    expect(held.map((s) => [s.startedAt, s.endedAt, s.durationSeconds])).toEqual([
      ['2026-10-08T15:00:00.000Z', '2026-10-08T15:30:00.000Z', 1800],
    ]);
    expect(await get(`/import-profiles/${profileId}/customer-keys`)).toEqual([
      { customerKey: 'Müller Maschinenbau', departmentId: mueller, heldRows: 0 },
      { customerKey: 'Nordlicht Apotheke', departmentId: nordlicht, heldRows: 0 },
      { customerKey: 'Unmapped GmbH', departmentId: brandt, heldRows: 0 },
    ]);

    // The runs history, newest first: the import, then the preview.
    await h.waitCount(tid('run-row'), 2);
    const runs = await rowsOf(tid('run-row'));
    expect(runs.map((r) => r.slice(1, 9))).toEqual([
      ['import', '10', '5', '1', '1', '1', '2', '5'],
      ['preview', '10', '5', '1', '1', '1', '2', '0'],
    ]);
    expect(runs.every((r) => /2\d{3}/.test(r[0]))).toBe(true); // a date
    await page.screenshot({ path: join(SHOTS, 'imports-profile.png'), fullPage: true });

    // A run's details show its counts and refusals again.
    await h.click(`${tid('run-row')}[data-dry-run="true"] ${tid('run-details')}`);
    await h.visible(`${tid('import-result')}[data-dry-run="true"]`);
    expect(await text(tid('import-result-title'))).toMatch(/^Preview of the report of /);
    expect(await counts('accepted', 'refused')).toEqual({ accepted: '5', refused: '2' });
    expect((await rowsOf(tid('refusal-row'))).map((r) => r[0])).toEqual(['5', '9']);

    // Importing the same file again adds nothing: everything it had is a duplicate now.
    await h.click(tid('import-result-dismiss'));
    await chooseFile(FIXTURE);
    await h.visible(`${tid('import-result')}[data-dry-run="true"]`);
    await h.click(tid('import-run'));
    await h.visible(`${tid('import-result')}[data-dry-run="false"]`);
    expect(await counts('accepted', 'merged', 'duplicates', 'held', 'sessions')).toEqual({
      accepted: '0',
      merged: '0',
      duplicates: '8', // rows 1–4, 6, 7 and 10 imported before (6 through the mapping), row 8 twice in the file
      held: '0',
      sessions: '0',
    });
    expect(await sessionsOf(brandt)).toHaveLength(1);
    expect((await sessionsOf(mueller)).length + (await sessionsOf(nordlicht)).length).toBe(5);
  });

  it("5. own settings: the API's field errors under their fields, a taken name as a message; saved, edited, bad reports", async () => {
    await page.goto(url('/imports/new'), { waitUntil: 'load' });
    await page.waitForSelector(`${tid('import-preset')} option[value="teamviewer"]`, { timeout: STEP });
    await h.type(tid('import-name'), 'Our tool');
    await page.select(tid('import-delimiter'), ';');
    await h.type(tid('import-col-start'), 'Start');
    await h.type(tid('import-col-end'), 'End');
    await h.type(tid('import-col-customerKey'), 'Group');
    await typeAndClose(tid('import-time-format'), 'HH:mm'); // no day: not a time the engine reads
    await typeAndClose(tid('import-time-zone'), 'Europe/Berlin');
    await h.click(tid('import-profile-save'));
    await h.waitText(tid('import-time-format-error'), "timeFormat: not 'iso', 'epoch_ms', 'epoch_s' or a pattern of yyyy MM dd HH mm ss");
    expect(await page.evaluate(() => location.pathname)).toBe('/imports/new');

    // Neither an end nor a duration column: the API names settings.mapping.end.
    await typeAndClose(tid('import-time-format'), 'dd.MM.yyyy HH:mm');
    await h.setValue(tid('import-col-end'), '');
    await h.click(tid('import-profile-save'));
    await h.waitText(tid('import-col-end-error'), 'mapping.end or mapping.duration must name a column');
    expect(await page.$(tid('import-time-format-error'))).toBeNull();

    await h.type(tid('import-col-end'), 'End');
    await h.type(tid('import-id-prefix'), 'Has Spaces');
    await h.click(tid('import-profile-save'));
    await h.waitText(tid('import-id-prefix-error'), 'idPrefix must be 1–30 of a-z 0-9 _ -');

    await h.type(tid('import-id-prefix'), 'ours');
    await h.type(tid('import-name'), 'TEAMVIEWER');
    await h.click(tid('import-profile-save'));
    await h.waitText(tid('import-profile-error'), 'Another import profile of this organization has this name');
    expect(await text(tid('import-name-error'))).toBe('Another import profile has this name');
    expect(((await get('/import-profiles')) as unknown[]).length).toBe(1);

    await h.type(tid('import-name'), 'Our tool');
    await h.setValue(tid('import-min-seconds'), '30');
    await h.click(tid('import-profile-save'));
    await page.waitForFunction(() => /^\/imports\/[0-9a-f-]{36}$/.test(location.pathname), { timeout: STEP });
    const own = ((await get('/import-profiles')) as Record<string, any>[]).find((p) => p.name === 'Our tool')!;
    ownId = own.id;
    expect(own).toMatchObject({
      preset: null,
      idPrefix: 'ours',
      settings: {
        format: 'csv',
        delimiter: ';',
        jsonPath: null,
        mapping: { externalId: null, start: 'Start', end: 'End', duration: null, technician: null, type: null, customerKey: 'Group' },
        timeFormat: 'dd.MM.yyyy HH:mm',
        timeZone: 'Europe/Berlin',
        durationUnit: 's',
        unattendedValues: [],
        mergeGapMinutes: 0,
        minSeconds: 30,
      },
    });
    await h.waitText(tid('import-profile-title'), 'Our tool');
    expect(await text(tid('import-profile-preset'))).toBe('Own settings');
    await h.dismissSnackBar();

    // Edit: a type column and its unattended value, a merge gap.
    await h.click(tid('import-profile-edit'));
    await h.waitPath(`/imports/${ownId}/edit`);
    await page.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === 'Our tool',
      { timeout: STEP },
      tid('import-name'),
    );
    expect(await page.$eval(tid('import-preset'), (el) => (el as HTMLSelectElement).disabled)).toBe(true);
    await h.type(tid('import-col-type'), 'Kind');
    await h.type(tid('import-unattended'), 'unattended, Access');
    await h.setValue(tid('import-merge-gap'), '10');
    await h.click(tid('import-profile-save'));
    await h.waitPath(`/imports/${ownId}`);
    await h.waitText(tid('import-profile-merge'), 'at most 10 minutes');
    expect(await text(tid('import-profile-unattended'))).toBe('Kind is unattended or Access');
    expect((await get(`/import-profiles/${ownId}`)).settings).toMatchObject({
      mapping: { type: 'Kind' },
      unattendedValues: ['unattended', 'Access'],
      mergeGapMinutes: 10,
    });
    await h.dismissSnackBar();

    // A report of another kind: the API's 415, in words.
    const xml = join(tmp, 'sessions.xml');
    writeFileSync(xml, '<sessions><session/></sessions>');
    await chooseFile(xml);
    await h.waitText(tid('upload-error'), 'Only CSV (text/csv) and JSON (application/json) reports can be imported');
    expect(await page.$(tid('import-result'))).toBeNull();

    // A CSV that breaks: the API's 400 on the report.
    const csv = join(tmp, 'sessions.csv');
    writeFileSync(csv, 'Start;End;Group\n"05.10.2026 09:00;05.10.2026 10:00;Acme\n');
    await chooseFile(csv);
    await h.waitText(tid('upload-error'), 'The report could not be read: Malformed CSV');
    expect((await get(`/import-profiles/${ownId}/runs`)) as unknown[]).toEqual([]);
  });

  it('6. a 1.5 MB report sent with the upload throttled: the progress bar shows the bytes sent', async () => {
    await page.goto(url(`/imports/${profileId}`), { waitUntil: 'load' });
    await h.waitCount(tid('run-row'), 4);
    // The same records, and 1.5 MB of the whitespace JSON allows at its end.
    const big = join(tmp, 'teamviewer-large.json');
    writeFileSync(big, readFileSync(FIXTURE, 'utf8') + ' '.repeat(1_500_000));
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400_000 });
    try {
      await chooseFile(big);
      // Part of it sent, not all: the bar is at a value between the two, and the text says how much.
      await page.waitForFunction(
        (sel) => {
          const now = Number(document.querySelector(sel)?.getAttribute('aria-valuenow'));
          return now > 0 && now < 100;
        },
        { timeout: STEP, polling: 50 },
        tid('upload-progress-bar'),
      );
      expect(await text(tid('upload-progress-text'))).toMatch(
        /^Uploading teamviewer-large\.json: \d{1,2} % \([\d.]+ (KB|MB) of 1\.4 MB\)$/,
      );
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    await h.visible(`${tid('import-result')}[data-dry-run="true"]`);
    expect(await counts('rows', 'accepted', 'duplicates', 'refused')).toEqual({ rows: '10', accepted: '0', duplicates: '8', refused: '2' });
    await h.hidden(tid('upload-progress'));
  });

  it('7. deletes a profile from the list after a confirmation (its sessions stay)', async () => {
    await page.goto(url('/imports'), { waitUntil: 'load' });
    await h.waitCount(tid('import-profile-row'), 2);
    expect(await rowsOf(tid('import-profile-row')).then((rows) => rows.map((r) => r.slice(0, 2)))).toEqual([
      ['Our tool', 'Own settings'],
      ['TeamViewer', 'TeamViewer (Web API connection reports, JSON)'],
    ]);
    await h.click(`${tid('import-profile-row')}[data-profile-id="${ownId}"] ${tid('import-profile-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('import-profile-menu-delete')}`);
    expect(await text(tid('confirm-dialog-message'))).toContain('Delete the import profile "Our tool"');
    await h.confirm();
    await h.waitCount(tid('import-profile-row'), 1);
    expect((await t.request('GET', `/import-profiles/${ownId}`, { token })).status).toBe(404);

    await h.click(`${tid('import-profile-row')}[data-profile-id="${profileId}"] ${tid('import-profile-link')}`);
    await h.waitPath(`/imports/${profileId}`);
    await h.click(tid('import-profile-delete'));
    await h.confirm();
    await h.waitPath('/imports');
    await h.waitText(tid('import-profiles-empty'), 'No import profiles yet');
    expect((await sessionsOf(mueller)).length + (await sessionsOf(nordlicht)).length + (await sessionsOf(brandt)).length).toBe(6);
  });
});
