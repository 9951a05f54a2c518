import { duplicateRecipients, planRateErrors } from './plan-rules';

describe('planRateErrors', () => {
  it('requires the rate of the billing type only', () => {
    expect(planRateErrors({ billingType: 'per_session' })).toEqual([{ field: 'sessionRateMinor', message: expect.any(String) }]);
    expect(planRateErrors({ billingType: 'per_hour', sessionRateMinor: 5 })).toEqual([
      { field: 'hourRateMinor', message: expect.any(String) },
    ]);
    expect(planRateErrors({ billingType: 'per_session', sessionRateMinor: 0 })).toEqual([]);
    expect(planRateErrors({ billingType: 'per_hour', hourRateMinor: 100, sessionRateMinor: null })).toEqual([]);
  });

  it('prefixes fields for nested paths', () => {
    expect(planRateErrors({ billingType: 'per_hour', hourRateMinor: null }, 'plan.')[0].field).toBe('plan.hourRateMinor');
  });
});

describe('duplicateRecipients', () => {
  it('finds case-insensitive repeats', () => {
    expect(duplicateRecipients(['a@x.io', 'b@x.io', 'A@X.io'])).toEqual(['A@X.io']);
    expect(duplicateRecipients(['a@x.io'])).toEqual([]);
  });
});
