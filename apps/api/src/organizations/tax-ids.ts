/**
 * Checks of the seller's VAT ID, IBAN and BIC: pure functions over well-kept libraries (jsvat for VAT IDs,
 * ibantools for IBAN and BIC), each answering the value as stored (normalized) or why it is refused.
 *
 * VAT IDs: the ID names its own country by its prefix (the VIES prefix: `EL` for Greece, `XI` for Northern
 * Ireland), and must have that country's format and check digits. Known prefixes: the 27 EU member states,
 * XI, GB, CH (`CHE…` with an optional MWST/TVA/IVA) and NO (optional MVA). The prefix does not have to be the
 * country of the seller's address (a seller may invoice under a VAT registration abroad). Other tax
 * identifiers (a US EIN, a German Steuernummer, an Australian ABN) go into `taxNumber`, which is free text.
 */
import {
  electronicFormatIBAN,
  getCountrySpecifications,
  validateBIC,
  validateIBAN,
  ValidationErrorsBIC,
  ValidationErrorsIBAN,
} from 'ibantools';
import {
  austria,
  belgium,
  bulgaria,
  checkVAT,
  croatia,
  cyprus,
  czechRepublic,
  denmark,
  estonia,
  finland,
  france,
  germany,
  greece,
  hungary,
  ireland,
  italy,
  latvia,
  lithuania,
  luxembourg,
  malta,
  netherlands,
  norway,
  poland,
  portugal,
  romania,
  slovakiaRepublic,
  slovenia,
  spain,
  sweden,
  switzerland,
  unitedKingdom,
} from 'jsvat';
import type { Country } from 'jsvat';

/** A checked value: `value` as it is stored, or `error`, a sentence naming what is wrong. */
export type Checked = { value: string; error?: undefined } | { value?: undefined; error: string };

/** jsvat's rules per VAT prefix. XI (Northern Ireland) numbers are United Kingdom numbers under another prefix. */
const VAT_COUNTRIES: Record<string, Country> = {
  AT: austria,
  BE: belgium,
  BG: bulgaria,
  CY: cyprus,
  CZ: czechRepublic,
  DE: germany,
  DK: denmark,
  EE: estonia,
  EL: greece,
  ES: spain,
  FI: finland,
  FR: france,
  HR: croatia,
  HU: hungary,
  IE: ireland,
  IT: italy,
  LT: lithuania,
  LU: luxembourg,
  LV: latvia,
  MT: malta,
  NL: netherlands,
  PL: poland,
  PT: portugal,
  RO: romania,
  SE: sweden,
  SI: slovenia,
  SK: slovakiaRepublic,
  XI: unitedKingdom,
  GB: unitedKingdom,
  CH: switzerland,
  NO: norway,
};

/** The VAT prefixes the format check knows, for documentation and messages. */
export const VAT_ID_PREFIXES = Object.keys(VAT_COUNTRIES);

/** Uppercase, without the spaces, dots, dashes and slashes people write into VAT IDs (`CHE-123.456.789 MWST`). */
export function normalizeVatId(raw: string): string {
  return raw.toUpperCase().replace(/[\s.\-/]+/g, '');
}

/** The format and check digits of a VAT ID for the country of its prefix (see the top of this file). */
export function checkVatId(raw: string): Checked {
  const vat = normalizeVatId(raw);
  if (!/^[A-Z]{2}[A-Z0-9]{2,16}$/.test(vat)) {
    return { error: 'vatId must be a country prefix and 2 to 16 letters or digits, e.g. DE123456788' };
  }
  const prefix = vat.slice(0, 2);
  if (prefix === 'GR') return { error: 'vatId: Greek VAT IDs start with EL, not GR (e.g. EL094259216)' };
  const country = VAT_COUNTRIES[prefix];
  if (!country) {
    return {
      error:
        `vatId: ${prefix} is not a VAT ID prefix known here (the EU member states with EL for Greece, XI, GB, CH, NO); ` +
        'other tax identifiers go into taxNumber',
    };
  }
  // jsvat reads the GB prefix; a Northern Ireland number is checked as the same number under it.
  const result = checkVAT(prefix === 'XI' ? `GB${vat.slice(2)}` : vat, [country]);
  if (!result.isValidFormat) return { error: `vatId does not have the format of a VAT ID of ${countryName(prefix, country)}` };
  if (!result.isValid) return { error: `vatId has a wrong check digit for a VAT ID of ${countryName(prefix, country)}` };
  return { value: vat };
}

function countryName(prefix: string, country: Country): string {
  return prefix === 'XI' ? 'Northern Ireland' : country.name;
}

/** Uppercase, without spaces and dashes (the IBAN's electronic format). */
export function normalizeIban(raw: string): string {
  return electronicFormatIBAN(raw.replace(/\s+/g, '')) ?? '';
}

/** An IBAN of a country of the IBAN registry, with that country's length and format and a valid mod-97 checksum. */
export function checkIban(raw: string): Checked {
  const iban = normalizeIban(raw);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(iban)) {
    return { error: 'iban must be a country code, 2 check digits and the account number, e.g. DE89 3704 0044 0532 0130 00' };
  }
  const country = iban.slice(0, 2);
  const spec = getCountrySpecifications()[country];
  const { errorCodes } = validateIBAN(iban);
  if (errorCodes.length === 0) return { value: iban };
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry) || !spec?.chars) {
    return { error: `iban: ${country} is not a country that uses IBANs` };
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) {
    return { error: `iban must have ${spec.chars} characters for ${country} (it has ${iban.length})` };
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) return { error: `iban does not have the account format of ${country}` };
  if (errorCodes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)) {
    return { error: `iban has a wrong national check digit for ${country}` };
  }
  return { error: 'iban has a wrong check digit (mod-97 checksum): check it for a typo' };
}

/** Uppercase, without spaces. */
export function normalizeBic(raw: string): string {
  return raw.toUpperCase().replace(/\s+/g, '');
}

/** A BIC (SWIFT code): 4 letters of the bank, an ISO country code, 2 of the location, optionally 3 of the branch. */
export function checkBic(raw: string): Checked {
  const bic = normalizeBic(raw);
  const { valid, errorCodes } = validateBIC(bic);
  if (valid) return { value: bic };
  if (errorCodes.includes(ValidationErrorsBIC.NoBICCountry) && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    return { error: `bic: ${bic.slice(4, 6)} is not a country code` };
  }
  return { error: 'bic must be 8 or 11 characters: bank (4 letters), country (2), location (2), optional branch (3), e.g. COBADEFFXXX' };
}
