import fc from 'fast-check';
import { instantAt } from './calendar';
import { checkSettings, mergeConnections, parseDuration, parseTime, planImport, readRow } from './session-import';
import type { Connection, ImportProfileSettings } from './session-import';

const settings = (over: Partial<ImportProfileSettings> = {}): ImportProfileSettings => ({
  format: 'csv',
  delimiter: ',',
  jsonPath: null,
  mapping: { externalId: 'id', start: 'start', end: 'end', duration: null, technician: 'tech', type: 'type', customerKey: 'group' },
  timeFormat: 'iso',
  timeZone: 'Europe/Berlin',
  durationUnit: 's',
  unattendedValues: ['Unattended'],
  mergeGapMinutes: 0,
  minSeconds: 0,
  ...over,
});
const at = (iso: string) => Date.parse(iso);

describe('parseTime', () => {
  it('ISO with an offset as written; without one local in the zone (DST gap moves on, a repeated hour is the earlier)', () => {
    expect(parseTime('2026-10-05T09:00:00+02:00', 'iso', 'UTC')).toBe(at('2026-10-05T07:00:00Z'));
    expect(parseTime('2026-10-05 09:00', 'iso', 'Europe/Berlin')).toBe(at('2026-10-05T07:00:00Z'));
    expect(parseTime('2026-12-05T09:00:00.250', 'iso', 'Europe/Berlin')).toBe(at('2026-12-05T08:00:00.250Z'));
    // 29 Mar 2026 02:30 does not happen in Berlin: 03:30 CEST = 01:30Z. 25 Oct 02:30 happens twice: the earlier, CEST.
    expect(parseTime('2026-03-29T02:30:00', 'iso', 'Europe/Berlin')).toBe(at('2026-03-29T01:30:00Z'));
    expect(parseTime('2026-10-25T02:30:00', 'iso', 'Europe/Berlin')).toBe(at('2026-10-25T00:30:00Z'));
  });

  it('epochs and patterns', () => {
    expect(parseTime(1791190800000, 'epoch_ms', 'UTC')).toBe(1791190800000);
    expect(parseTime('1791190800', 'epoch_s', 'UTC')).toBe(1791190800000);
    expect(parseTime('05.10.2026 09:07', 'dd.MM.yyyy HH:mm', 'Europe/Berlin')).toBe(at('2026-10-05T07:07:00Z'));
    expect(parseTime('10/5/2026 9:07:30 PM', 'M/d/yyyy h:mm:ss a', 'America/New_York')).toBe(at('2026-10-06T01:07:30Z'));
    expect(parseTime('10/05/2026 12:00:00 AM', 'MM/dd/yyyy hh:mm:ss a', 'UTC')).toBe(at('2026-10-05T00:00:00Z'));
    expect(parseTime('10/05/2026 12:00:00 PM', 'MM/dd/yyyy hh:mm:ss a', 'UTC')).toBe(at('2026-10-05T12:00:00Z'));
  });

  it('property: a local time reads as the exact instantAt of calendar.ts, on days clocks change too', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 365 * 24 * 60 - 1 }), (zone, minute) => {
        const t = new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString().slice(0, 19);
        expect(parseTime(t, 'iso', zone)).toBe(instantAt(t, zone).getTime());
      }),
      { numRuns: 3000 },
    );
    // The nights themselves, minute by minute.
    for (const [zone, date] of [
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
      ['America/New_York', '2026-11-01'],
      ['America/Santiago', '2026-09-06'],
    ] as const) {
      for (let m = 0; m < 24 * 60; m += 7) {
        const t = `${date}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
        expect([zone, t, parseTime(t, 'iso', zone)]).toEqual([zone, t, instantAt(t, zone).getTime()]);
      }
    }
  });

  it('what is not a time is null', () => {
    for (const [raw, format] of [
      ['2026-02-30T10:00:00', 'iso'],
      ['30.02.2026 10:00', 'dd.MM.yyyy HH:mm'],
      ['yesterday', 'iso'],
      ['', 'iso'],
      [null, 'iso'],
      ['13/05/2026 01:00:00 PM', 'MM/dd/yyyy hh:mm:ss a'],
      ['abc', 'epoch_ms'],
      ['2026-10-05T25:00:00', 'iso'],
    ] as const) {
      expect([raw, parseTime(raw, format, 'UTC')]).toEqual([raw, null]);
    }
  });
});

describe('parseDuration', () => {
  it('reads each unit to whole seconds', () => {
    expect(parseDuration('1:02:03', 'hms')).toBe(3723);
    expect(parseDuration('00:00:59', 'hms')).toBe(59);
    expect(parseDuration(5400500, 'ms')).toBe(5400);
    expect(parseDuration('90', 'min')).toBe(5400);
    expect(parseDuration('12.9', 's')).toBe(12);
    expect(parseDuration('-1', 's')).toBeNull();
    expect(parseDuration('1:60:00', 'hms')).toBeNull();
  });
});

describe('checkSettings', () => {
  it('names the field of the first problem', () => {
    expect(checkSettings(settings())).toBeNull();
    expect(checkSettings(settings({ timeZone: 'Mars/Olympus' }))?.field).toBe('timeZone');
    expect(checkSettings(settings({ timeFormat: 'dd.MM HH:mm' }))?.field).toBe('timeFormat');
    expect(checkSettings(settings({ timeFormat: 'yyyy-MM-dd hh:mm' }))?.field).toBe('timeFormat'); // 12-hour needs a
    expect(checkSettings(settings({ mapping: { ...settings().mapping, end: null } }))?.field).toBe('mapping.end');
    expect(checkSettings(settings({ mergeGapMinutes: -1 }))?.field).toBe('mergeGapMinutes');
  });
});

describe('readRow', () => {
  const s = settings();
  it('reads a row; the end may come from the duration', () => {
    const r = readRow(
      { id: '7', start: '2026-10-05T09:00:00', end: '2026-10-05T10:30:00', tech: 'ann@msp.test', type: 'unattended', group: ' Acme ' },
      3,
      s,
      'tv',
    );
    expect(r).toEqual({
      ok: true,
      connection: {
        row: 3,
        toolId: '7',
        externalId: 'tv:7',
        startMs: at('2026-10-05T07:00:00Z'),
        endMs: at('2026-10-05T08:30:00Z'),
        technician: 'ann@msp.test',
        type: 'unattended',
        customerKey: 'Acme',
      },
    });
    const byDuration = settings({ mapping: { ...s.mapping, end: null, duration: 'dur' }, durationUnit: 'hms' });
    const d = readRow({ id: '8', start: '2026-10-05T09:00:00', dur: '0:45:00', group: 'Acme' }, 4, byDuration, 'tv');
    expect(d.ok && d.connection.endMs - d.connection.startMs).toBe(45 * 60_000);
  });

  it('refuses with a reason and the field', () => {
    const refusals = [
      [{ id: '1', end: '2026-10-05T10:00:00', group: 'A' }, 'start', 'no start time'],
      [{ id: '1', start: 'soon', end: '2026-10-05T10:00:00', group: 'A' }, 'start', 'start soon is not a time in the format iso'],
      [{ id: '1', start: '2026-10-05T10:00:00', end: '2026-10-05T09:00:00', group: 'A' }, 'end', 'ends before it starts'],
      [{ id: '1', start: '2026-10-05T09:00:00', end: '2026-10-05T10:00:00', group: ' ' }, 'group', 'no customer key'],
      [{ start: '2026-10-05T09:00:00', end: '2026-10-05T10:00:00', group: 'A' }, 'id', 'no session id'],
    ] as const;
    for (const [row, field, reason] of refusals)
      expect(readRow(row, 9, s, 'tv')).toEqual({ ok: false, refused: { row: 9, field, reason } });
  });

  it('without an id column the id is a stable hash of the row', () => {
    const noId = settings({ mapping: { ...s.mapping, externalId: null } });
    const row = { start: '2026-10-05T09:00:00', end: '2026-10-05T10:00:00', tech: 'a', group: 'A' };
    const a = readRow(row, 1, noId, 'x');
    const b = readRow({ ...row }, 2, noId, 'x');
    const c = readRow({ ...row, tech: 'b' }, 3, noId, 'x');
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(a.connection.externalId).toMatch(/^x:h[0-9a-f]{16}$/);
      expect(a.connection.externalId).toBe(b.connection.externalId);
      expect(a.connection.externalId).not.toBe(c.connection.externalId);
    }
  });
});

const conn = (
  row: number,
  id: string,
  key: string,
  tech: string | null,
  start: string,
  end: string,
  type: Connection['type'] = 'attended',
): Connection => ({
  row,
  toolId: id,
  externalId: `tv:${id}`,
  startMs: at(start),
  endMs: at(end),
  technician: tech,
  type,
  customerKey: key,
});

describe('planImport', () => {
  // Ann with Acme: 09:00–09:30, a 4-minute break, 09:34–10:00 (merged at 5 min), then 10:20–10:40 (a 20-min break: its
  // own session). Bob with Acme 09:40–09:50 (another technician). A 20-second blip (refused at minSeconds 30). Acme's
  // first connection again (a duplicate), one already imported before, and Unmapped GmbH (held).
  const connections = [
    conn(1, '1', 'Acme', 'ann', '2026-10-05T09:00:00Z', '2026-10-05T09:30:00Z'),
    conn(2, '2', 'Acme', 'ann', '2026-10-05T09:34:00Z', '2026-10-05T10:00:00Z', 'unattended'),
    conn(3, '3', 'Acme', 'ann', '2026-10-05T10:20:00Z', '2026-10-05T10:40:00Z'),
    conn(4, '4', 'Acme', 'bob', '2026-10-05T09:40:00Z', '2026-10-05T09:50:00Z'),
    conn(5, '5', 'Acme', 'ann', '2026-10-05T11:00:00Z', '2026-10-05T11:00:20Z'),
    conn(6, '1', 'Acme', 'ann', '2026-10-05T09:00:00Z', '2026-10-05T09:30:00Z'),
    conn(7, '7', 'Acme', 'ann', '2026-10-04T09:00:00Z', '2026-10-04T09:30:00Z'),
    conn(8, '8', 'Unmapped GmbH', 'ann', '2026-10-05T09:00:00Z', '2026-10-05T09:30:00Z'),
  ];
  const plan = planImport(
    connections,
    [{ row: 9, field: 'start', reason: 'no start time' }],
    { mergeGapMinutes: 5, minSeconds: 30 },
    (id) => id === 'tv:7',
    (key) => key === 'Acme',
  );

  it('every row ends accepted, merged, duplicate, held or refused, in row order', () => {
    expect(plan.outcomes).toEqual([
      { row: 1, outcome: 'accepted', externalId: 'tv:1' },
      { row: 2, outcome: 'merged', externalId: 'tv:1' },
      { row: 3, outcome: 'accepted', externalId: 'tv:3' },
      { row: 4, outcome: 'accepted', externalId: 'tv:4' },
      { row: 5, outcome: 'refused', field: 'duration', reason: "shorter than 30 s (the profile's minimum)" },
      { row: 6, outcome: 'duplicate', externalId: 'tv:1' },
      { row: 7, outcome: 'duplicate', externalId: 'tv:7' },
      { row: 8, outcome: 'held', customerKey: 'Unmapped GmbH' },
      { row: 9, outcome: 'refused', field: 'start', reason: 'no start time' },
    ]);
  });

  it('a merged session spans its connections and is attended when any of them is', () => {
    expect(
      plan.sessions.map((x) => [x.externalId, new Date(x.startMs).toISOString(), new Date(x.endMs).toISOString(), x.type, x.connectionIds]),
    ).toEqual([
      ['tv:1', '2026-10-05T09:00:00.000Z', '2026-10-05T10:00:00.000Z', 'attended', ['tv:1', 'tv:2']],
      ['tv:3', '2026-10-05T10:20:00.000Z', '2026-10-05T10:40:00.000Z', 'attended', ['tv:3']],
      ['tv:4', '2026-10-05T09:40:00.000Z', '2026-10-05T09:50:00.000Z', 'attended', ['tv:4']],
    ]);
  });

  it('property: each row has exactly one outcome; sessions cover exactly the accepted and merged rows', () => {
    const arb = fc.array(
      fc.record({
        key: fc.constantFrom('A', 'B'),
        tech: fc.constantFrom('x', 'y', null),
        start: fc.integer({ min: 0, max: 500 }),
        len: fc.integer({ min: 0, max: 60 }),
        id: fc.integer({ min: 0, max: 40 }),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 30 }), (rows, gap) => {
        const cs = rows.map((r, i) => ({
          row: i + 1,
          toolId: String(r.id),
          externalId: `t:${r.id}`,
          startMs: r.start * 60_000,
          endMs: (r.start + r.len) * 60_000,
          technician: r.tech,
          type: 'attended' as const,
          customerKey: r.key,
        }));
        const p = planImport(
          cs,
          [],
          { mergeGapMinutes: gap, minSeconds: 60 },
          () => false,
          (k) => k === 'A',
        );
        expect(p.outcomes.map((o) => o.row)).toEqual(cs.map((c) => c.row));
        const inSessions = p.sessions.flatMap((x) => x.rows).sort((a, b) => a - b);
        const taken = p.outcomes.filter((o) => o.outcome === 'accepted' || o.outcome === 'merged').map((o) => o.row);
        expect(inSessions).toEqual(taken);
        for (const x of p.sessions) {
          const members = x.rows.map((r) => cs[r - 1]);
          expect(x.startMs).toBe(Math.min(...members.map((m) => m.startMs)));
          expect(x.endMs).toBe(Math.max(...members.map((m) => m.endMs)));
        }
        // With no gap, nothing merges.
        if (gap === 0) expect(p.sessions.every((x) => x.rows.length === 1)).toBe(true);
      }),
    );
  });

  it('mergeConnections: overlapping connections join; another customer never does', () => {
    const m = mergeConnections(
      [
        conn(1, 'a', 'A', 't', '2026-10-05T09:00:00Z', '2026-10-05T10:00:00Z'),
        conn(2, 'b', 'A', 't', '2026-10-05T09:30:00Z', '2026-10-05T09:45:00Z'),
        conn(3, 'c', 'B', 't', '2026-10-05T10:01:00Z', '2026-10-05T10:10:00Z'),
      ],
      10,
    );
    expect(m.map((x) => [x.externalId, x.rows])).toEqual([
      ['tv:a', [1, 2]],
      ['tv:c', [3]],
    ]);
  });
});
