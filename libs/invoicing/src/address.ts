/**
 * Postal addresses in the order of their country, with the country by name in the invoice's language.
 *
 * The order comes from `@fragaria/address-formatter` (OpenCage's address-formatting templates, one per
 * country, shipped in the package: nothing is fetched): postal code before the city for most of Europe
 * ("10115 Berlin"), "Springfield, OR 97403" in the US, "Toronto, ON M5X 1A9" in Canada, "Sydney NSW 2000" in
 * Australia, the UK and Irish postcode on a line of its own. `line2` follows `line1`; the region is printed
 * where the country's template has it (US/CA/AU states, Italian provinces) and left out where addresses do not
 * carry it (Germany, France…). The country is always the last line (`Intl.DisplayNames`).
 *
 * The formatter may drop a component its template has no place for (a postal code in a country without
 * postal codes, a value that looks like a URL). Nothing the customer entered may go missing from an invoice,
 * so when any of name, lines, postal code or city is not in its output, the address is printed in the
 * common European order instead (name, line 1, line 2, postal code and city, region).
 */
import { format } from '@fragaria/address-formatter';
import { countryCode, countryName } from './i18n/countries';

export interface PostalAddress {
  line1: string;
  line2?: string | null;
  postalCode?: string | null;
  city: string;
  region?: string | null;
  /** ISO 3166-1 alpha-2 (any other value is printed as given, after the generic order) */
  country: string;
}

function nonBlank(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The lines of `address` (with `name` first when given) as its country writes them, ending with the country's
 * name in `locale`'s language.
 */
export function addressLines(address: PostalAddress, locale: string, name?: string | null): string[] {
  const a = {
    name: nonBlank(name) ? squash(name) : null,
    line1: squash(address.line1 ?? ''),
    line2: nonBlank(address.line2) ? squash(address.line2) : null,
    postalCode: nonBlank(address.postalCode) ? squash(address.postalCode) : null,
    city: squash(address.city ?? ''),
    region: nonBlank(address.region) ? squash(address.region) : null,
  };
  const code = countryCode(address.country);
  const lines = (code && countryOrder(a, code)) || genericOrder(a);
  const country = nonBlank(address.country) ? countryName(address.country.trim(), locale) : null;
  return country ? [...lines, country] : lines;
}

type Parts = { name: string | null; line1: string; line2: string | null; postalCode: string | null; city: string; region: string | null };

function countryOrder(a: Parts, code: string): string[] | null {
  let lines: string[];
  try {
    lines = format(
      {
        ...(a.name ? { attention: a.name } : {}),
        road: a.line2 ? `${a.line1}\n${a.line2}` : a.line1,
        ...(a.postalCode ? { postcode: a.postalCode } : {}),
        city: a.city,
        // A region is a state (US, CA, AU, ES…) or, in Italy, a province (the template's county).
        ...(a.region ? { state: a.region, county: a.region } : {}),
      },
      { countryCode: code, output: 'array', cleanupPostcode: false },
    )
      .map(squash)
      .filter((line) => line !== '');
  } catch {
    return null;
  }
  const printed = lines.join('\n');
  const kept = [a.name, a.line1, a.line2, a.postalCode, a.city].every((part) => !part || printed.includes(part));
  return kept ? lines : null;
}

function genericOrder(a: Parts): string[] {
  const cityLine = [a.postalCode, a.city].filter(nonBlank).join(' ');
  return [a.name, a.line1, a.line2, cityLine, a.region].filter(nonBlank);
}
