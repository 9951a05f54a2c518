/**
 * E-invoice electronic addresses as an admin enters them: the seller's and the buyer's electronic address
 * (EN 16931 BT-34 / BT-49, UBL `cbc:EndpointID/@schemeID`, the Peppol endpoint id) and the German Leitweg-ID
 * (BT-10 buyer reference, and EAS 0204). Pure: no framework, no I/O.
 *
 * What is checked:
 *  - the scheme is a code of the CEF EAS (Electronic Address Scheme) code list: version 14 as published for
 *    EN 16931, plus 0242, 0244, 0245, 0246 and 0248, which came after it and are in Peppol BIS Billing 3.0.21's
 *    code list (OpenPeppol/peppol-bis-invoice-3 `structure/codelist/eas.xml`, and its rule PEPPOL-EN16931-CL008).
 *    The CEN schematron's BR-CL-25 (ConnectingEurope/eInvoicing-EN16931, and the KoSIT copy of its list in
 *    itplr-kosit/xrechnung-schematron `src/validation/schematron/common.sch`) also still accepts 0219 and 0220,
 *    which the code list itself does not have: they are left out. Peppol accepts a subset (no EM, AN, AQ, AS, AU,
 *    0037, 0147, 0154, 0170, 0177, 0193, 0194, 0202, 0203, 0205, 0212, 0213, 0215, 0217): an address valid here
 *    may still be refused by a Peppol access point;
 *  - the identifier: 1 to 200 characters after trimming, no spaces, line breaks, control or other invisible
 *    characters inside (after the scheme's normalisation, which removes the separators of printed numbers);
 *  - per scheme, the rules of Peppol BIS Billing 3.0.21 (`rules/sch/PEPPOL-EN16931-UBL.sch`), as their XPath tests
 *    read, warnings included (an admin fixes an address once; a warning on every invoice helps nobody):
 *    0088 GLN (PEPPOL-COMMON-R040), 0192 (R041), 0184 (R042), 0208 (R043), 0201 (R044), 0210 (R045),
 *    0211 (R047), 0007 (R049), 0151 (R050), 0096 (R052), 0198 (R053), 0106 (R054), 0190 (R055), 9944 (R056-1),
 *    0217 (R057), and 9933 (GR-R-009 / GR-R-010: the Greek TIN);
 *  - beyond the Peppol rules: 0002 SIREN (9 digits) and 0009 SIRET (14 digits) with INSEE's Luhn check digit
 *    (SIRETs of La Poste, SIREN 356000000, use INSEE's exception: the sum of their digits is a multiple of 5),
 *    0060 D-U-N-S (9 digits, no check digit since D&B dropped it), EM (an addr-spec as the German rules check
 *    e-mail addresses, DE-R-028), 0204 (the Leitweg-ID, below), and the VAT-number schemes (99xx codes the list
 *    names as a country's VAT number, and 9914, Austria's Umsatzsteuer-Identifikationsnummer): the country's
 *    2-letter VAT prefix (EL for Greece) followed by 2 to 13 letters or digits.
 *  - the Leitweg-ID (KoSIT, "Leitweg-ID Format-Spezifikation" 2.0.x): coarse addressing of 2 to 12 digits, an
 *    optional fine addressing of up to 30 letters or digits, 2 check digits, separated by hyphens; the check
 *    digits by ISO/IEC 7064 MOD 97-10 over the id without hyphens, letters replaced by their place in the
 *    alphabet from A = 10 to Z = 35 (the specification's example: 04011000-1234512345-06).
 *
 * Normalisation (the value answered is the value to store): trim; schemes whose identifiers are digits (an
 * optional DK or IT prefix included) lose spaces, dots and hyphens ("974 760 673", "556036-0793",
 * "0403.170.701"); VAT numbers lose them too and are upper-cased ("de 123 456 789" → "DE123456789"); schemes
 * whose letters are case-insensitive (0201, 0204, 0210, the prefixes) are upper-cased. Other schemes are stored
 * as entered (trimmed): their identifiers may be case-sensitive.
 *
 * Not checked: that the address exists or is registered (Peppol SMP lookup, VIES, the Leitweg-ID directory), the
 * national check digits of VAT numbers, the codice fiscale's control character, the Leitweg-ID's coarse
 * addressing against the Länder codes, and the formats of the schemes without a rule (0037, 0130, 0199…).
 */

/** An electronic address: the EAS scheme (e.g. '0088', '9930', 'EM') and the identifier within it. */
export interface ElectronicAddress {
  scheme: string;
  id: string;
}

type Checked<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

/** Human name of a scheme (e.g. '0088' → 'GS1 Global Location Number (GLN)'), for the console's select. */
export const EAS_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '0002': 'SIRENE: French SIREN number',
  '0007': 'Organisationsnummer (Swedish legal entities)',
  '0009': 'SIRET code (France)',
  '0037': 'LY-tunnus (Finnish business ID)',
  '0060': 'Data Universal Numbering System (D-U-N-S number)',
  '0088': 'GS1 Global Location Number (GLN)',
  '0096': 'Danish Business Authority P-number (DK:P)',
  '0097': 'FTI - Ediforum Italia (EDIRA compliant)',
  '0106': 'Dutch Chamber of Commerce (KVK) number',
  '0130': 'Directorates of the European Commission',
  '0135': 'SIA Object Identifiers',
  '0142': 'SECETI Object Identifiers',
  '0147': 'Standard Company Code',
  '0151': 'Australian Business Number (ABN)',
  '0154': 'Identification number of economic subjects (ICO)',
  '0158': 'Identification number of economic subject (ICO), Act on State Statistics of 29 November 2001, § 27',
  '0170': 'Teikoku Company Code',
  '0177': 'Odette International Limited',
  '0183': 'Swiss Unique Business Identification Number (UID)',
  '0184': 'Danish Business Authority CVR number (DIGSTORG)',
  '0188': 'Corporate Number of the Social Security and Tax Number System (Japan)',
  '0190': "Dutch Originator's Identification Number (OIN)",
  '0191': 'Centre of Registers and Information Systems of the Ministry of Justice (Estonia)',
  '0192': 'Norwegian organisation number (Enhetsregisteret)',
  '0193': 'UBL.BE party identifier',
  '0194': 'KOIOS Open Technical Dictionary',
  '0195': 'Singapore UEN identifier',
  '0196': 'Kennitala (Iceland legal id for individuals and legal entities)',
  '0198': 'Danish Business Authority SE number (ERSTORG)',
  '0199': 'Legal Entity Identifier (LEI, GLEIF)',
  '0200': 'Legal entity code (Lithuania)',
  '0201': 'Codice Univoco Unità Organizzativa iPA (Italy)',
  '0202': 'Indirizzo di Posta Elettronica Certificata (Italy)',
  '0203': 'eDelivery Network Participant identifier',
  '0204': 'Leitweg-ID (German public buyers)',
  '0205': 'CODDEST (Italy)',
  '0208': "Belgian enterprise number (numéro d'entreprise / ondernemingsnummer)",
  '0209': 'GS1 identification keys',
  '0210': 'Codice fiscale (Italy)',
  '0211': 'Partita IVA (Italy)',
  '0212': 'Finnish Organization Identifier',
  '0213': 'Finnish Organization Value Add Tax Identifier',
  '0215': 'Net service ID (Finland)',
  '0216': 'OVTcode (Finland)',
  '0217': 'Netherlands Chamber of Commerce establishment number',
  '0218': 'Unified registration number (Latvia)',
  '0221': 'Registered number of the qualified invoice issuer (Japan)',
  '0225': 'FRCTC electronic address (France)',
  '0230': 'National e-Invoicing Framework (Malaysia)',
  '0235': 'UAE Tax Identification Number (TIN)',
  '0240': 'Register of legal persons (Répertoire des personnes morales)',
  '0242': 'OpenPeppol Service Provider Identification Scheme (SPIS)',
  '0244': 'Tax Identification Number (Nigeria)',
  '0245': 'Tax identification number (DIČ, Slovakia)',
  '0246': 'German Electronic Business Address',
  '0248': 'Oman VAT Identification Number (VATIN)',
  '9910': 'Hungary VAT number',
  '9913': 'Business Registers Network',
  '9914': 'Austria VAT number (Umsatzsteuer-Identifikationsnummer)',
  '9915': 'Austrian administration or organisation identifier (Verwaltungs- bzw. Organisationskennzeichen)',
  '9918': 'S.W.I.F.T. (Society for Worldwide Interbank Financial Telecommunication)',
  '9919': 'Kennziffer des Unternehmensregisters (Austria)',
  '9920': 'Agencia Española de Administración Tributaria (Spain)',
  '9922': 'Andorra VAT number',
  '9923': 'Albania VAT number',
  '9924': 'Bosnia and Herzegovina VAT number',
  '9925': 'Belgium VAT number',
  '9926': 'Bulgaria VAT number',
  '9927': 'Switzerland VAT number',
  '9928': 'Cyprus VAT number',
  '9929': 'Czech Republic VAT number',
  '9930': 'Germany VAT number',
  '9931': 'Estonia VAT number',
  '9932': 'United Kingdom VAT number',
  '9933': 'Greece VAT number',
  '9934': 'Croatia VAT number',
  '9935': 'Ireland VAT number',
  '9936': 'Liechtenstein VAT number',
  '9937': 'Lithuania VAT number',
  '9938': 'Luxembourg VAT number',
  '9939': 'Latvia VAT number',
  '9940': 'Monaco VAT number',
  '9941': 'Montenegro VAT number',
  '9942': 'North Macedonia VAT number',
  '9943': 'Malta VAT number',
  '9944': 'Netherlands VAT number',
  '9945': 'Poland VAT number',
  '9946': 'Portugal VAT number',
  '9947': 'Romania VAT number',
  '9948': 'Serbia VAT number',
  '9949': 'Slovenia VAT number',
  '9950': 'Slovakia VAT number',
  '9951': 'San Marino VAT number',
  '9952': 'Turkey VAT number',
  '9953': 'Holy See (Vatican City State) VAT number',
  '9957': 'France VAT number',
  '9959': 'Employer Identification Number (EIN, USA)',
  AN: 'O.F.T.P. (ODETTE File Transfer Protocol)',
  AQ: 'X.400 address for mail text',
  AS: 'AS2 exchange',
  AU: 'File Transfer Protocol',
  EM: 'E-mail address (SMTP)',
});

/**
 * The EAS (Electronic Address Scheme) codes of the CEF/Peppol EAS code list, ascending. (Sorted explicitly:
 * `Object.keys` would put '9910'…'9959', integer-like keys, before '0002'.)
 */
export const EAS_CODES: readonly string[] = Object.freeze(Object.keys(EAS_NAMES).sort());

const MAX_LENGTH = 200;

/** The separators of printed numbers: spaces (also no-break ones), dots, hyphens. */
const SEPARATORS = /[ \u00a0\u202f.-]/g;
/** Whitespace, control and format (zero-width, bidi…) characters: never part of an identifier. */
const INVISIBLE = /[\s\p{Cc}\p{Cf}]/u;

const compact = (id: string): string => id.replace(SEPARATORS, '').toUpperCase();
const upper = (id: string): string => id.toUpperCase();
const asEntered = (id: string): string => id;

// ---------------------------------------------------------------------------------------------------------------
// Check digits, each as its rule defines it.

/** Luhn (mod 10, every second digit from the right doubled): SIREN, SIRET, 0007 (SE-R-013), 0211 (u:addPIVA). */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    const doubled = i % 2 === 1 ? d * 2 : d;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0;
}

/** u:gln (R040): weights 3, 1, 3… from the digit left of the check digit; check = (10 − sum mod 10) mod 10. */
function gs1CheckDigitValid(digits: string): boolean {
  const body = digits.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits.slice(-1));
}

/**
 * u:mod11 (R041): weights 2, 3, 4, 5, 6, 7, 2… from the digit left of the check digit (3 2 7 6 5 4 3 2 from the
 * left for 9 digits); check = (11 − sum mod 11) mod 11, so a remainder asking for 10 has no valid check digit;
 * the number must be above 0.
 */
function mod11Valid(digits: string): boolean {
  const body = digits.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * ((i % 6) + 2);
  return Number(digits) > 0 && (11 - (sum % 11)) % 11 === Number(digits.slice(-1));
}

/** u:mod97-0208 (R043): the last 2 digits = 97 − (the first 8 digits mod 97). */
function belgianCheckValid(digits: string): boolean {
  return 97 - (Number(digits.slice(0, 8)) % 97) === Number(digits.slice(8, 10));
}

/** u:abn (R050): (d1 − 1)·10 + d2·1 + d3·3 + d4·5 + … + d11·19 is a multiple of 89. */
function abnValid(digits: string): boolean {
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (Number(digits[i]) - (i === 0 ? 1 : 0)) * weights[i];
  return sum % 89 === 0;
}

/** u:TinVerification (GR-R-009): d1·256 + d2·128 + … + d8·2, mod 11, mod 10 = d9. */
function greekTinValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * 2 ** (8 - i);
  return (sum % 11) % 10 === Number(digits[8]);
}

/** SIRET: Luhn; La Poste's establishments (SIREN 356000000) instead have a digit sum that is a multiple of 5. */
function siretValid(digits: string): boolean {
  if (luhnValid(digits)) return true;
  const digitSum = [...digits].reduce((sum, d) => sum + Number(d), 0);
  return digits.startsWith('356000000') && digitSum % 5 === 0;
}

/** ISO/IEC 7064 MOD 97-10 remainder of letters and digits, letters A = 10 … Z = 35 (Leitweg-ID, IBAN style). */
function mod97(text: string): number {
  let remainder = 0;
  for (const ch of text) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

// ---------------------------------------------------------------------------------------------------------------
// One rule per scheme: how its identifiers are stored, and what is wrong with one (undefined: nothing).

interface SchemeRule {
  normalize(id: string): string;
  problem(id: string): string | undefined;
}

/** Digits (printed separators removed) of a given shape, optionally with a check digit. */
function digitRule(what: string, shape: string, pattern: RegExp, checkDigitValid?: (id: string) => boolean): SchemeRule {
  return {
    normalize: compact,
    problem: (id) => {
      if (!pattern.test(id)) return `The ${what} must be ${shape}.`;
      if (checkDigitValid && !checkDigitValid(id)) return `The ${what} ${id} has a wrong check digit.`;
      return undefined;
    },
  };
}

function vatRule(scheme: string, prefixes: readonly string[]): SchemeRule {
  const what = `${EAS_NAMES[scheme]} (${scheme})`;
  const pattern = new RegExp(`^(${prefixes.join('|')})[A-Z0-9]{2,13}$`);
  return {
    normalize: compact,
    problem: (id) =>
      pattern.test(id) ? undefined : `The ${what} must start with ${prefixes.join(' or ')} followed by 2 to 13 letters or digits.`,
  };
}

/**
 * The VAT prefix of each VAT-number scheme: the country the code list names, its VAT prefix (ISO 3166 code; EL for
 * Greece). 9932 also takes XI (Northern Ireland's traders under the Windsor Framework) and 9940 also takes FR
 * (Monaco is in the French VAT area; its VAT numbers are issued with the FR prefix). 9920 is named after the
 * Spanish tax agency, not as a VAT number: it is not checked. 9933 and 9944 have rules of their own (below).
 */
const VAT_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  '9910': ['HU'],
  '9914': ['AT'],
  '9922': ['AD'],
  '9923': ['AL'],
  '9924': ['BA'],
  '9925': ['BE'],
  '9926': ['BG'],
  '9927': ['CH'],
  '9928': ['CY'],
  '9929': ['CZ'],
  '9930': ['DE'],
  '9931': ['EE'],
  '9932': ['GB', 'XI'],
  '9934': ['HR'],
  '9935': ['IE'],
  '9936': ['LI'],
  '9937': ['LT'],
  '9938': ['LU'],
  '9939': ['LV'],
  '9940': ['MC', 'FR'],
  '9941': ['ME'],
  '9942': ['MK'],
  '9943': ['MT'],
  '9945': ['PL'],
  '9946': ['PT'],
  '9947': ['RO'],
  '9948': ['RS'],
  '9949': ['SI'],
  '9950': ['SK'],
  '9951': ['SM'],
  '9952': ['TR'],
  '9953': ['VA'],
  '9957': ['FR'],
};

/** R040 tests digits and the GS1 check digit of any length; a GLN is 13 digits by GS1's rules, which R040 cites. */
const GLN = digitRule('GLN (0088)', '13 digits', /^[0-9]{13}$/, gs1CheckDigitValid);

/** R045 (u:checkCF): 16 characters as below (positions 12–14 any, 16 a letter) or 11 digits; no control character check. */
const CODICE_FISCALE: SchemeRule = {
  normalize: upper,
  problem: (id) =>
    /^[A-Z]{6}[0-9]{2}[A-Z][0-9]{2}.{3}[0-9][A-Z]$/.test(id) || /^[0-9]{11}$/.test(id)
      ? undefined
      : 'The codice fiscale (0210) must be 16 characters (6 letters, 2 digits, a letter, 2 digits, 3 characters, a digit, a letter) or 11 digits.',
};

/** R047 (u:checkPIVAseIT): only an id starting with IT is checked, as IT and 11 digits with a Luhn check digit. */
const PARTITA_IVA: SchemeRule = {
  normalize: compact,
  problem: (id) => {
    if (!id.startsWith('IT')) return undefined;
    if (!/^IT[0-9]{11}$/.test(id)) return 'The partita IVA (0211) must be IT followed by 11 digits.';
    return luhnValid(id.slice(2)) ? undefined : `The partita IVA (0211) ${id} has a wrong check digit.`;
  },
};

/**
 * R044 (u:checkCodiceIPA): 6 letters or digits. (0212 and 0213, requested here as Italian codes, are Finnish ones
 * with no Peppol rule: they are not checked.)
 */
const CODICE_IPA: SchemeRule = {
  normalize: upper,
  problem: (id) => (/^[A-Z0-9]{6}$/.test(id) ? undefined : 'The iPA code (0201) must be 6 letters or digits.'),
};

const LEITWEG_ID: SchemeRule = {
  normalize: upper,
  problem: (id) => checkLeitwegId(id).error,
};

/** DE-R-028's pattern (Peppol BIS German rules, KoSIT XR-EMAIL-REGEX): one @, a dot in the domain, no spaces. */
const EMAIL: SchemeRule = {
  normalize: asEntered,
  problem: (id) =>
    /^[^@\s]+@([^@.\s]+\.)+[^@.\s]+$/.test(id) ? undefined : 'The e-mail address (EM) must have the form name@example.com.',
};

const RULES: Readonly<Record<string, SchemeRule>> = {
  '0002': digitRule('SIREN number (0002)', '9 digits (a 14-digit SIRET goes under 0009)', /^[0-9]{9}$/, luhnValid),
  // R049: 10 digits, numeric, u:checkSEOrgnr (Luhn over the first 9 digits gives the 10th: the Luhn check of all 10).
  '0007': digitRule('Swedish organisation number (0007)', '10 digits', /^[0-9]{10}$/, luhnValid),
  '0009': digitRule('SIRET number (0009)', '14 digits', /^[0-9]{14}$/, siretValid),
  '0060': digitRule('D-U-N-S number (0060)', '9 digits', /^[0-9]{9}$/),
  '0088': GLN,
  '0096': digitRule('Danish P-number (0096)', '10 digits', /^[0-9]{10}$/), // R052
  '0106': digitRule('KVK number (0106)', '8 digits', /^[0-9]{8}$/), // R054
  '0151': digitRule('Australian Business Number (0151)', '11 digits', /^[0-9]{11}$/, abnValid), // R050
  // R042 (requested as R043, with a check digit): 8 digits, or DK and 8 digits; the rule has no check digit.
  '0184': digitRule('Danish CVR number (0184)', '8 digits, optionally after DK', /^(DK)?[0-9]{8}$/),
  '0190': digitRule('Dutch OIN (0190)', '20 digits', /^[0-9]{20}$/), // R055
  '0192': digitRule('Norwegian organisation number (0192)', '9 digits', /^[0-9]{9}$/, mod11Valid), // R041
  '0198': digitRule('Danish SE number (0198)', 'DK followed by 8 digits', /^DK[0-9]{8}$/), // R053
  '0201': CODICE_IPA,
  '0204': LEITWEG_ID,
  // R043 (requested as R044, "last 2 = first 8 mod 97"): the rule has last 2 = 97 − (first 8 mod 97).
  '0208': digitRule('Belgian enterprise number (0208)', '10 digits', /^[0-9]{10}$/, belgianCheckValid),
  '0210': CODICE_FISCALE,
  '0211': PARTITA_IVA,
  '0217': digitRule('KVK establishment number (0217)', '12 digits', /^[0-9]{12}$/), // R057
  // GR-R-009 / GR-R-010 (requested as EL and 2–13 characters, like the other VAT schemes): the rule runs
  // u:TinVerification on the endpoint itself, so it is the 9-digit TIN without EL.
  '9933': digitRule('Greece VAT number (9933)', 'the 9-digit TIN without the EL prefix', /^[0-9]{9}$/, greekTinValid),
  // R056-1.
  '9944': {
    normalize: compact,
    problem: (id) =>
      /^NL[0-9]{9}B[0-9]{2}$/.test(id) ? undefined : 'The Netherlands VAT number (9944) must have the form NL123456789B01.',
  },
  ...Object.fromEntries(Object.entries(VAT_PREFIXES).map(([scheme, prefixes]) => [scheme, vatRule(scheme, prefixes)])),
  EM: EMAIL,
};

const UNCHECKED: SchemeRule = { normalize: asEntered, problem: () => undefined };

/** A value as an error message quotes it: at most 20 characters. */
const quoted = (text: string): string => `"${text.length > 20 ? `${text.slice(0, 20)}…` : text}"`;

/**
 * Normalizes (trim, uppercase the scheme-specific letters where the scheme is case-insensitive, remove
 * spaces/dots/dashes where the scheme's identifiers are digits) and checks; answers the value as stored, or
 * `error`, one English sentence naming what is wrong (the API's 400 shows it under the field).
 */
export function checkElectronicAddress(input: { scheme: string; id: string }): Checked<ElectronicAddress> {
  const scheme = (typeof input.scheme === 'string' ? input.scheme : '').trim().toUpperCase();
  if (scheme === '') return { error: 'The electronic address scheme is missing; it must be an EAS code such as 0088 or 9930.' };
  if (!Object.hasOwn(EAS_NAMES, scheme)) {
    return { error: `${quoted(scheme)} is not an electronic address scheme; it must be an EAS code such as 0088 or 9930.` };
  }
  const trimmed = (typeof input.id === 'string' ? input.id : '').trim();
  if (trimmed === '') return { error: 'The electronic address is empty.' };

  const rule = RULES[scheme] ?? UNCHECKED;
  const id = rule.normalize(trimmed);
  if (INVISIBLE.test(id)) {
    return { error: 'The electronic address must not contain spaces, line breaks, control or other invisible characters.' };
  }
  if ([...id].length > MAX_LENGTH) return { error: `The electronic address must be at most ${MAX_LENGTH} characters long.` };
  const problem = rule.problem(id);
  return problem === undefined ? { value: { scheme, id } } : { error: problem };
}

const LEITWEG_FORMAT = /^([0-9]{2,12})(?:-([A-Z0-9]{1,30}))?-([0-9]{2})$/;

/**
 * A Leitweg-ID (German public buyer routing id, used as BT-10 buyer reference and as EAS 0204 endpoint): format
 * coarse[-fine]-check digits, check digits by ISO 7064 MOD 97-10 as the KoSIT Leitweg-ID specification defines;
 * answers the normalized (uppercase) id or an error.
 */
export function checkLeitwegId(id: string): Checked<string> {
  const value = (typeof id === 'string' ? id : '').trim().toUpperCase();
  if (value === '') return { error: 'The Leitweg-ID is empty.' };
  if (!LEITWEG_FORMAT.test(value)) {
    return {
      error:
        'The Leitweg-ID must be 2 to 12 digits, optionally a hyphen and up to 30 letters or digits, then a hyphen and 2 check digits (e.g. 04011000-1234512345-06).',
    };
  }
  // The specification computes 98 − (id without hyphens, check digits 00) mod 97; checking gives remainder 1.
  if (mod97(value.replaceAll('-', '')) !== 1) return { error: `The Leitweg-ID ${value} has wrong check digits.` };
  return { value };
}

/**
 * Whether a buyer reference has the whole shape of a Leitweg-ID (so an XRechnung checks it as one): 2–12 digits, an
 * optional fine addressing, and 2 check digits, separated by hyphens. A reference of another shape is not one.
 */
export function looksLikeLeitwegId(text: string): boolean {
  return /^[0-9]{2,12}(-[A-Za-z0-9]{1,30})?-[0-9]{2}$/.test(typeof text === 'string' ? text.trim() : '');
}
