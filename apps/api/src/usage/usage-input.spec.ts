import fc from 'fast-check';
import { parseBatch, parseDevice, parseSession } from './usage-input';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const ok = {
  externalId: 's-1',
  departmentId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  type: 'attended',
  startedAt: '2026-05-01T10:00:00+02:00',
  endedAt: '2026-05-01T10:30:00.500+02:00',
};
const fieldsOf = (r: { errors: { field: string }[] }) => r.errors.map((e) => e.field);

describe('parseSession', () => {
  it('accepts a valid session and computes whole seconds', () => {
    const r = parseSession(ok, '', NOW);
    expect(r.errors).toEqual([]);
    expect(r.value).toMatchObject({ externalId: 's-1', durationSeconds: 1800, type: 'attended', technician: null });
    expect(r.value!.startedAt).toBe('2026-05-01T08:00:00.000Z');
    expect(r.value!.endedAt).toBe('2026-05-01T08:30:00.500Z');
  });

  it('hands UTC text on unchanged and normalises everything else to UTC milliseconds', () => {
    const at = (startedAt: string) => parseSession({ ...ok, startedAt, endedAt: '2026-05-01T12:00:00Z' }, '', NOW).value!.startedAt;
    expect(at('2026-05-01T08:00:00Z')).toBe('2026-05-01T08:00:00Z');
    expect(at('2026-05-01T08:00:00.25Z')).toBe('2026-05-01T08:00:00.25Z');
    expect(at('2026-05-01T08:00:00.123456Z')).toBe('2026-05-01T08:00:00.123Z');
    expect(at('2026-05-01t08:00:00z')).toBe('2026-05-01T08:00:00.000Z');
    expect(at('2026-05-01T09:00:00+0100')).toBe('2026-05-01T08:00:00.000Z');
    expect(at('2026-05-01T08:00Z')).toBe('2026-05-01T08:00:00.000Z');
  });

  it.each([
    [{ ...ok, endedAt: '2026-05-01T09:59:59+02:00' }, 'endedAt'],
    [{ ...ok, endedAt: '2026-05-09T10:00:01+02:00' }, 'endedAt'],
    [{ ...ok, startedAt: '2026-05-01T10:00:00' }, 'startedAt'],
    [{ ...ok, startedAt: '2026-02-30T10:00:00Z' }, 'startedAt'],
    [{ ...ok, startedAt: 1714550400000 }, 'startedAt'],
    [{ ...ok, startedAt: '2027-01-01T00:00:00Z', endedAt: '2027-01-01T01:00:00Z' }, 'startedAt'],
    [{ ...ok, departmentId: 'dept-1' }, 'departmentId'],
    [{ ...ok, departmentId: undefined }, 'departmentId'],
    [{ ...ok, departmentExternalId: 'x' }, 'departmentExternalId'],
    [{ ...ok, type: 'remote' }, 'type'],
    [{ ...ok, externalId: '' }, 'externalId'],
    [{ ...ok, externalId: 'x'.repeat(201) }, 'externalId'],
    [{ ...ok, technician: 42 }, 'technician'],
    [{ ...ok, extra: 1 }, 'extra'],
    [{ ...ok, ['__proto__']: { x: 1 } }, '__proto__'],
  ])('refuses %j naming %s', (raw, field) => {
    const parsed = JSON.parse(JSON.stringify(raw).replace('"__proto__"', '"__proto__"'));
    expect(fieldsOf(parseSession(parsed, '', NOW))).toContain(field);
  });

  it('accepts a department named by the service’s own id', () => {
    const r = parseSession({ ...ok, departmentId: undefined, departmentExternalId: 'ext-7' }, '', NOW);
    expect(r.value).toMatchObject({ departmentId: null, departmentExternalId: 'ext-7' });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const r = parseSession(raw, 'sessions.0.', NOW);
        expect(Boolean(r.value) !== r.errors.length > 0).toBe(true);
      }),
    );
  });
});

describe('parseBatch', () => {
  it('reports every bad item with its index and nothing valid', () => {
    const r = parseBatch({ sessions: [ok, { ...ok, type: 'x' }, ok, { ...ok, endedAt: 'soon' }] }, 'sessions', 10, (x, p) =>
      parseSession(x, p, NOW),
    );
    expect(fieldsOf(r)).toEqual(['sessions.1.type', 'sessions.3.endedAt']);
  });

  it('bounds the size', () => {
    expect(fieldsOf(parseBatch({ sessions: [] }, 'sessions', 10, (x, p) => parseSession(x, p, NOW)))).toEqual(['sessions']);
    expect(fieldsOf(parseBatch({ sessions: Array(11).fill(ok) }, 'sessions', 10, (x, p) => parseSession(x, p, NOW)))).toEqual(['sessions']);
    expect(fieldsOf(parseBatch([ok], 'sessions', 10, (x, p) => parseSession(x, p, NOW)))).toEqual(['body']);
  });
});

describe('parseDevice', () => {
  it('validates enrolment and removal', () => {
    const d = { externalId: 'd1', departmentExternalId: 'e', name: 'Kiosk', enrolledAt: '2026-01-01T00:00:00Z' };
    expect(parseDevice(d, '').value).toMatchObject({ name: 'Kiosk', removedAt: null });
    expect(fieldsOf(parseDevice({ ...d, removedAt: '2025-12-31T00:00:00Z' }, ''))).toEqual(['removedAt']);
    expect(fieldsOf(parseDevice({ ...d, name: '' }, ''))).toEqual(['name']);
  });
});
