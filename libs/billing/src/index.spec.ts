import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as billing from './index';

describe('@app/billing', () => {
  it('re-exports every module', () => {
    for (const name of [
      'CURRENCY_CODES', 'isCurrencyCode', 'currencyExponent', 'roundHalfUp', 'multiplyRate', 'percentOf', 'toMinor',
      'fromMinor', 'formatMoney', 'isCalendarDate', 'isTimeZone', 'addDays', 'localDate', 'todayIn', 'startOfDay',
      'BILLING_CYCLES', 'periodAt', 'closedPeriods', 'periodIndexContaining', 'billDates', 'durationSeconds',
      'countActiveDevices', 'partitionSessions', 'billableSeconds', 'rateBill', 'usageRaterFor', 'adjustmentAmountMinor',
      'billTotals', 'checkAdjustment', 'checkPayment', 'isOverdue', 'settledStatus', 'formatBillNumber',
    ]) {
      expect(billing).toHaveProperty(name);
    }
  });

  it('stays pure: no framework, database, I/O, environment or clock', () => {
    const sources = readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const code = readFileSync(join(__dirname, file), 'utf8');
      const imports = [...code.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const source of imports) expect([file, source]).toEqual([file, expect.stringMatching(/^(\.\/[a-z-]+|luxon)$/)]);
      expect([file, /Date\.now\(|new Date\(\)|process\.|require\(|Math\.random/.test(code)]).toEqual([file, false]);
    }
  });
});
