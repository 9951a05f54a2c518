/**
 * How plans and customers name tax rates (`taxRateIds`), for their DTOs and views: the OpenAPI shape, written once.
 * The rule (0..2 live rates of the organization with different names) is TaxRatesService.checkAssignable.
 */
export const TAX_RATE_IDS_RULE =
  'At most 2 ids of live tax rates of the organization, with different names (e.g. GST and PST), each applied to the net';

/** The OpenAPI schema of a `taxRateIds` property; `nullable` where null has a meaning of its own. */
export const taxRateIdsSchema = (description: string, nullable = false) =>
  ({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    maxItems: 2,
    ...(nullable ? { nullable: true } : {}),
    description,
  }) as const;
