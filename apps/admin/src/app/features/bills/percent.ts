/**
 * `percent` (text, up to 2 decimals, e.g. "12.5") of `baseMinor`, rounded half away from zero, with
 * integer math only: a preview of what the API will compute. null when the text is not a percentage.
 */
export function percentOf(baseMinor: number, percentText: string | null | undefined): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec((percentText ?? '').trim());
  if (!m) return null;
  const hundredths = BigInt(m[1]! + (m[2] ?? '').padEnd(2, '0')); // percent × 100
  const base = BigInt(Math.trunc(baseMinor));
  const numerator = base * hundredths;
  const denominator = 10000n;
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  let q = abs / denominator;
  if ((abs % denominator) * 2n >= denominator) q += 1n;
  return Number(negative ? -q : q);
}
