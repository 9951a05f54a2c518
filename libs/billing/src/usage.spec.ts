import fc from 'fast-check';
import { durationSeconds, isDeviceActiveIn } from './usage';

const at = (s: string) => new Date(`2026-03-${s}Z`);
const period = { start: at('10T00:00:00'), end: at('20T00:00:00') };

describe('durationSeconds', () => {
  it('counts whole seconds, dropping partial ones', () => {
    expect(durationSeconds(at('10T00:00:00'), at('10T00:00:00'))).toBe(0);
    expect(durationSeconds(at('10T00:00:00'), at('10T00:00:00.999'))).toBe(0);
    expect(durationSeconds(at('10T00:00:00'), at('10T01:00:01.500'))).toBe(3601);
    expect(durationSeconds(at('10T23:59:59.600'), at('11T00:00:00.100'))).toBe(0);
  });

  it('rejects a session that ends before it starts, or invalid dates', () => {
    expect(() => durationSeconds(at('10T00:00:01'), at('10T00:00:00'))).toThrow(RangeError);
    expect(() => durationSeconds(new Date(NaN), at('10T00:00:00'))).toThrow(RangeError);
  });
});

describe('devices', () => {
  it.each([
    ['enrolled before, never removed', at('01T00:00:00'), null, true],
    ['enrolled before, removed inside', at('01T00:00:00'), at('10T00:00:01'), true],
    ['removed exactly at the start', at('01T00:00:00'), at('10T00:00:00'), false],
    ['enrolled exactly at the end', at('20T00:00:00'), null, false],
    ['enrolled one ms before the end', new Date(at('20T00:00:00').getTime() - 1), null, true],
    ['enrolled and removed inside', at('12T00:00:00'), at('13T00:00:00'), true],
    ['enrolled and removed at once (never active)', at('12T00:00:00'), at('12T00:00:00'), false],
    ['spanning the whole period', at('01T00:00:00'), at('25T00:00:00'), true],
    ['removed before the period', at('01T00:00:00'), at('05T00:00:00'), false],
  ])('%s → %p', (_, enrolledAt, removedAt, expected) => {
    expect(isDeviceActiveIn({ enrolledAt, removedAt }, period)).toBe(expected);
  });

  it('a device counts in exactly the periods its enrolment overlaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (enrolled, length, split) => {
          const device = { enrolledAt: new Date(enrolled), removedAt: new Date(enrolled + length) };
          const first = { start: new Date(0), end: new Date(split) };
          const second = { start: new Date(split), end: new Date(200) };
          const count = Number(isDeviceActiveIn(device, first)) + Number(isDeviceActiveIn(device, second));
          expect(count > 0).toBe(length > 0);
        },
      ),
    );
  });
});
