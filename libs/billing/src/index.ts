/** Pure billing domain: money, currencies, calendar and periods, usage, rating, totals, taxes, bill numbers. */
export * from './money';
export * from './calendar';
export * from './periods';
export * from './usage';
export * from './rating';
export * from './lifecycle';
export * from './drafts';
export * from './totals';
export * from './corrections';
export * from './taxes';
export * from './bill-number';
export * from './prepaid';
export * from './time-zones';
export * from './business-hours';
export * from './rate-rules';
export * from './rate-versions';
export * from './ruled-bill';
