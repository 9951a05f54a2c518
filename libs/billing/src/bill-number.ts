/**
 * Bill numbers: a prefix (BILL_NUMBER_PREFIX, default "INV-") followed by the organization's
 * gapless sequence, zero-padded to at least 6 digits.
 */

/** Default prefix of bill numbers. */
export const DEFAULT_BILL_NUMBER_PREFIX = 'INV-';

/** Default prefix of credit note numbers (their own gapless series; CREDIT_NOTE_PREFIX). */
export const DEFAULT_CREDIT_NOTE_PREFIX = 'CN-';

/** Digits a sequence is padded to. */
export const BILL_NUMBER_DIGITS = 6;

/**
 * `prefix` + `sequence` zero-padded to at least 6 digits: ('INV-', 1) → 'INV-000001',
 * ('INV-', 1234567) → 'INV-1234567'. The sequence is a safe integer >= 1.
 */
export function formatBillNumber(prefix: string, sequence: number): string {
  if (typeof prefix !== 'string') throw new RangeError('prefix must be a string');
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`Bill sequence must be an integer >= 1, got ${sequence}`);
  }
  return prefix + String(sequence).padStart(BILL_NUMBER_DIGITS, '0');
}
