/**
 * Countries by name in the invoice's language (`Intl.DisplayNames`, CLDR): `DE` is "Germany", "Deutschland",
 * "Allemagne", "Alemania", "Duitsland", "Germania". A value that is not an ISO 3166-1 alpha-2 code Intl knows is
 * printed as given (an address from before countries were codes).
 */
const displayNames = new Map<string, Intl.DisplayNames>();

/** `code` if it is an ISO 3166-1 alpha-2 code (any case), uppercase; else null. */
export function countryCode(value: string | null | undefined): string | null {
  const code = value?.trim().toUpperCase() ?? '';
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

export function countryName(country: string, locale: string): string {
  const code = countryCode(country);
  if (!code || code === 'ZZ') return country; // ZZ is CLDR's "Unknown Region"
  let names = displayNames.get(locale);
  if (!names) displayNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })));
  return names.of(code) ?? country;
}
