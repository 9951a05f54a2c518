import * as billing from './index';

describe('@app/billing', () => {
  it('re-exports every module', () => {
    for (const name of [
      'CURRENCY_CODES',
      'isCurrencyCode',
      'currencyExponent',
      'roundHalfUp',
      'multiplyRate',
      'percentOf',
      'toMinor',
      'fromMinor',
      'formatMoney',
      'formatPercent',
      'displayExponent',
      'decimalToMinor',
      'minorToDecimal',
      'formatDay',
      'formatDateTime',
      'formatMonth',
      'periodDays',
      'localDateTime',
      'instantAt',
      'utcOffsetMinutes',
      'isCalendarDate',
      'isTimeZone',
      'addDays',
      'localDate',
      'startOfDay',
      'BILLING_CYCLES',
      'periodAt',
      'closedPeriods',
      'billDates',
      'durationSeconds',
      'billableSeconds',
      'rateBill',
      'usageRaterFor',
      'adjustmentAmountMinor',
      'billTotals',
      'checkAdjustment',
      'checkPayment',
      'settledStatus',
      'formatBillNumber',
    ]) {
      expect(billing).toHaveProperty(name);
    }
  });
});
