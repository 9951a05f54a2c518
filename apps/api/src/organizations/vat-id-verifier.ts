import { checkVatId } from './tax-ids';

/** What a verifier says about a VAT ID. */
export interface VatIdVerification {
  valid: boolean;
  /** Why it is refused (shown as the `vatId` error of the 400). */
  message?: string;
  /** Whether a registry (VIES, HMRC, the Swiss UID register) was asked, or only the format was checked. */
  checkedOnline: boolean;
}

/**
 * The hook for an online VAT ID check. `PATCH /organization` asks it about every VAT ID it is sent, after the
 * format check of the DTO and before the transaction (so a slow registry never holds a row lock); `valid: false`
 * is a 400 naming `vatId`. A verifier that can not reach its registry should answer the format result with
 * `checkedOnline: false` rather than refuse: VIES is often down.
 *
 * The default (no provider for VAT_ID_VERIFIER) is FormatOnlyVatIdVerifier: VIES is not reachable from here. A
 * deployment with access binds its own, e.g. in a global module:
 * `{ provide: VAT_ID_VERIFIER, useClass: ViesVatIdVerifier }`.
 */
export interface VatIdVerifier {
  verify(vatId: string): Promise<VatIdVerification>;
}

export const VAT_ID_VERIFIER = Symbol('VAT_ID_VERIFIER');

/** Format and check digits only (tax-ids.ts), no registry. */
export class FormatOnlyVatIdVerifier implements VatIdVerifier {
  verify(vatId: string): Promise<VatIdVerification> {
    const { error } = checkVatId(vatId);
    return Promise.resolve(error ? { valid: false, message: error, checkedOnline: false } : { valid: true, checkedOnline: false });
  }
}
