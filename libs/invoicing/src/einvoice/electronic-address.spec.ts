import { checkElectronicAddress, checkLeitwegId, EAS_CODES, EAS_NAMES, looksLikeLeitwegId } from './electronic-address';

/** The stored value of a valid address (fails the test with the error when it is not valid). */
function stored(scheme: string, id: string): { scheme: string; id: string } {
  const result = checkElectronicAddress({ scheme, id });
  if (result.error !== undefined) throw new Error(`expected ${scheme} ${id} to be valid, got: ${result.error}`);
  return result.value;
}

/** The error of an invalid address (fails the test when it is valid). */
function errorOf(scheme: string, id: string): string {
  const result = checkElectronicAddress({ scheme, id });
  if (result.error === undefined) throw new Error(`expected ${scheme} ${id} to be invalid, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('EAS_CODES and EAS_NAMES', () => {
  it('are the CEF EAS code list (version 14, plus 0242, 0244, 0245, 0246, 0248 of Peppol BIS 3.0.21), ascending', () => {
    expect(EAS_CODES).toEqual(
      (
        '0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177 0183 0184 0188 ' +
        '0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 0210 0211 0212 0213 ' +
        '0215 0216 0217 0218 0221 0225 0230 0235 0240 0242 0244 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 ' +
        '9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 ' +
        '9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM'
      ).split(' '),
    );
    expect([...EAS_CODES].sort()).toEqual(EAS_CODES);
    expect(new Set(EAS_CODES).size).toBe(EAS_CODES.length);
  });

  it('name every code, for the console select', () => {
    expect(Object.keys(EAS_NAMES).sort()).toEqual(EAS_CODES);
    for (const code of EAS_CODES) expect(EAS_NAMES[code].length).toBeGreaterThan(3);
    expect(EAS_NAMES['0088']).toBe('GS1 Global Location Number (GLN)');
    expect(EAS_NAMES['9930']).toBe('Germany VAT number');
    expect(EAS_NAMES['EM']).toBe('E-mail address (SMTP)');
  });

  it('are frozen', () => {
    expect(Object.isFrozen(EAS_CODES)).toBe(true);
    expect(Object.isFrozen(EAS_NAMES)).toBe(true);
  });
});

describe('checkElectronicAddress: scheme and generic identifier rules', () => {
  it('refuses an unknown scheme, naming it and asking for an EAS code', () => {
    expect(errorOf('1234', 'x')).toBe('"1234" is not an electronic address scheme; it must be an EAS code such as 0088 or 9930.');
    expect(errorOf('VAT', 'DE123456789')).toContain('"VAT" is not an electronic address scheme');
    // 0219 and 0220 are still in the CEN schematron's BR-CL-25 list, not in the code list.
    expect(errorOf('0219', '1')).toContain('must be an EAS code such as 0088 or 9930');
    // A long scheme is quoted shortened.
    expect(errorOf('X'.repeat(50), '1')).toBe(
      `"${'X'.repeat(20)}…" is not an electronic address scheme; it must be an EAS code such as 0088 or 9930.`,
    );
  });

  it('refuses a missing scheme', () => {
    expect(errorOf('  ', '4006381333931')).toBe('The electronic address scheme is missing; it must be an EAS code such as 0088 or 9930.');
  });

  it('trims and upper-cases the scheme', () => {
    expect(stored(' em ', 'billing@example.com')).toEqual({ scheme: 'EM', id: 'billing@example.com' });
    expect(stored(' 0088', '4006381333931').scheme).toBe('0088');
  });

  it('refuses an empty identifier', () => {
    expect(errorOf('0088', '')).toBe('The electronic address is empty.');
    expect(errorOf('0037', ' \t ')).toBe('The electronic address is empty.');
  });

  it('trims the identifier and keeps it as entered for a scheme without a rule', () => {
    expect(stored('0037', '  003712345678 ')).toEqual({ scheme: '0037', id: '003712345678' });
    expect(stored('9920', 'ESb12345678')).toEqual({ scheme: '9920', id: 'ESb12345678' }); // 9920 is not named as a VAT number
    expect(stored('0199', 'abc-DEF.123')).toEqual({ scheme: '0199', id: 'abc-DEF.123' });
  });

  it('refuses spaces, line breaks, control and invisible characters inside', () => {
    const message = 'The electronic address must not contain spaces, line breaks, control or other invisible characters.';
    expect(errorOf('0037', '0037 1234')).toBe(message);
    expect(errorOf('0037', '0037\n1234')).toBe(message);
    expect(errorOf('0037', '0037\u00001234')).toBe(message);
    expect(errorOf('0037', '0037\u200b1234')).toBe(message); // zero-width space
    expect(errorOf('EM', 'bill ing@example.com')).toBe(message);
    // A tab is not a separator of printed numbers: not removed, refused.
    expect(errorOf('0088', '4006381\t333931')).toBe(message);
  });

  it('takes up to 200 characters', () => {
    expect(stored('0037', 'A'.repeat(200)).id).toHaveLength(200);
    expect(errorOf('0037', 'A'.repeat(201))).toBe('The electronic address must be at most 200 characters long.');
    expect(errorOf('0088', '1'.repeat(201))).toBe('The electronic address must be at most 200 characters long.');
  });
});

describe('checkElectronicAddress: 0088 GLN (PEPPOL-COMMON-R040)', () => {
  it('takes 13 digits with the GS1 mod-10 check digit, separators removed', () => {
    // 4 0 0 6 3 8 1 3 3 3 9 3 | 1, weights 3, 1, 3… from the right of the 12 digits:
    // 4·1 + 0·3 + 0·1 + 6·3 + 3·1 + 8·3 + 1·1 + 3·3 + 3·1 + 3·3 + 9·1 + 3·3 = 89; (10 − 89 mod 10) mod 10 = 1
    expect(stored('0088', '4006381333931').id).toBe('4006381333931');
    // 4·1 + 0·3 + 1·1 + 2·3 + 3·1 + 4·3 + 5·1 + 0 + 0 + 0 + 0 + 0 = 31; (10 − 1) mod 10 = 9
    expect(stored('0088', '40 1234 5000 009').id).toBe('4012345000009');
  });

  it('refuses a wrong check digit, another length, letters', () => {
    expect(errorOf('0088', '4006381333932')).toBe('The GLN (0088) 4006381333932 has a wrong check digit.');
    expect(errorOf('0088', '400638133393')).toBe('The GLN (0088) must be 13 digits.');
    expect(errorOf('0088', '40063813339311')).toBe('The GLN (0088) must be 13 digits.');
    expect(errorOf('0088', '400638133393A')).toBe('The GLN (0088) must be 13 digits.');
  });
});

describe('checkElectronicAddress: 0192 Norwegian organisation number (PEPPOL-COMMON-R041)', () => {
  it('takes 9 digits with the mod-11 check digit', () => {
    // 9·3 + 7·2 + 4·7 + 7·6 + 6·5 + 0·4 + 6·3 + 7·2 = 173; 173 mod 11 = 8; (11 − 8) mod 11 = 3
    expect(stored('0192', '974 760 673').id).toBe('974760673');
  });

  it('refuses a wrong check digit, a number asking for check digit 10, zero, another length', () => {
    expect(errorOf('0192', '974760674')).toBe('The Norwegian organisation number (0192) 974760674 has a wrong check digit.');
    // 1·3 + 0 + 0 + 0 + 0 + 0 + 1·3 + 3·2 = 12; 12 mod 11 = 1; 11 − 1 = 10: no digit fits
    expect(errorOf('0192', '100000130')).toContain('has a wrong check digit');
    // 0: the weighted sum is 0 and check 0 would fit, but R041 wants a number above 0
    expect(errorOf('0192', '000000000')).toContain('has a wrong check digit');
    expect(errorOf('0192', '97476067')).toBe('The Norwegian organisation number (0192) must be 9 digits.');
  });
});

describe('checkElectronicAddress: 0184 Danish CVR (PEPPOL-COMMON-R042)', () => {
  it('takes 8 digits or DK and 8 digits, without a check digit', () => {
    expect(stored('0184', '12345678').id).toBe('12345678');
    expect(stored('0184', 'dk 12 34 56 78').id).toBe('DK12345678');
  });

  it('refuses other shapes', () => {
    expect(errorOf('0184', '1234567')).toBe('The Danish CVR number (0184) must be 8 digits, optionally after DK.');
    expect(errorOf('0184', 'DK1234567X')).toBe('The Danish CVR number (0184) must be 8 digits, optionally after DK.');
    expect(errorOf('0184', 'SE12345678')).toBe('The Danish CVR number (0184) must be 8 digits, optionally after DK.');
  });
});

describe('checkElectronicAddress: 0208 Belgian enterprise number (PEPPOL-COMMON-R043)', () => {
  it('takes 10 digits whose last 2 are 97 − (the first 8 mod 97)', () => {
    // 04031707 = 97 · 41563 + 96 → 97 − 96 = 01
    expect(stored('0208', '0403.170.701').id).toBe('0403170701');
    // 02022399 = 97 · 20849 + 46 → 97 − 46 = 51
    expect(stored('0208', '0202239951').id).toBe('0202239951');
    // 09700000 = 97 · 100000 + 0 → 97 − 0 = 97
    expect(stored('0208', '0970000097').id).toBe('0970000097');
  });

  it('refuses wrong check digits (also the "first 8 mod 97" reading) and another length', () => {
    expect(errorOf('0208', '0403170702')).toBe('The Belgian enterprise number (0208) 0403170702 has a wrong check digit.');
    expect(errorOf('0208', '0403170796')).toContain('has a wrong check digit'); // 96 = 04031707 mod 97
    expect(errorOf('0208', '0970000000')).toContain('has a wrong check digit');
    expect(errorOf('0208', '403170701')).toBe('The Belgian enterprise number (0208) must be 10 digits.');
  });
});

describe('checkElectronicAddress: 0201 iPA code (PEPPOL-COMMON-R044)', () => {
  it('takes 6 letters or digits, upper-cased', () => {
    expect(stored('0201', 'ufy9mh').id).toBe('UFY9MH');
  });

  it('refuses other lengths and other characters', () => {
    expect(errorOf('0201', 'UFY9M')).toBe('The iPA code (0201) must be 6 letters or digits.');
    expect(errorOf('0201', 'UFY9MHX')).toBe('The iPA code (0201) must be 6 letters or digits.');
    expect(errorOf('0201', 'UFY-MH')).toBe('The iPA code (0201) must be 6 letters or digits.');
  });
});

describe('checkElectronicAddress: 0210 codice fiscale (PEPPOL-COMMON-R045)', () => {
  it('takes 16 characters of the personal pattern or 11 digits, upper-cased', () => {
    expect(stored('0210', 'rssbbr69c48f839a').id).toBe('RSSBBR69C48F839A');
    expect(stored('0210', '06363391001').id).toBe('06363391001');
  });

  it('refuses other patterns', () => {
    const message =
      'The codice fiscale (0210) must be 16 characters (6 letters, 2 digits, a letter, 2 digits, 3 characters, a digit, a letter) or 11 digits.';
    expect(errorOf('0210', 'RSSBBR69C48F83AA')).toBe(message); // position 15 must be a digit
    expect(errorOf('0210', 'RSSBB169C48F839A')).toBe(message); // positions 1–6 letters
    expect(errorOf('0210', '0636339100')).toBe(message);
  });
});

describe('checkElectronicAddress: 0211 partita IVA (PEPPOL-COMMON-R047)', () => {
  it('takes IT and 11 digits with the Luhn check digit', () => {
    // 0 6 3 6 3 3 9 1 0 0 | 1, every second digit from the right doubled (6→12→3, 6→3, 3→6, 1→2, 0→0):
    // 0 + 3 + 3 + 3 + 3 + 6 + 9 + 2 + 0 + 0 + 1 = 30, a multiple of 10
    expect(stored('0211', 'it 063 6339 1001').id).toBe('IT06363391001');
  });

  it('refuses IT with a wrong check digit or another length', () => {
    // same sum with 2 last: 31
    expect(errorOf('0211', 'IT06363391002')).toBe('The partita IVA (0211) IT06363391002 has a wrong check digit.');
    expect(errorOf('0211', 'IT0636339100')).toBe('The partita IVA (0211) must be IT followed by 11 digits.');
  });

  it('checks nothing more without the IT prefix, as R047 (u:checkPIVAseIT answers true)', () => {
    expect(stored('0211', '06363391002').id).toBe('06363391002');
  });
});

describe('checkElectronicAddress: 0007 Swedish organisation number (PEPPOL-COMMON-R049)', () => {
  it('takes 10 digits with the Luhn check digit, the hyphen removed', () => {
    // 5 5 6 0 3 6 0 7 9 | 3: 5→10→1, 5, 6→12→3, 0, 3→6, 6, 0→0, 7, 9→18→9: 1+5+3+0+6+6+0+7+9 = 37; (10 − 7) mod 10 = 3
    expect(stored('0007', '556036-0793').id).toBe('5560360793');
  });

  it('refuses a wrong check digit and another length', () => {
    expect(errorOf('0007', '5560360794')).toBe('The Swedish organisation number (0007) 5560360794 has a wrong check digit.');
    expect(errorOf('0007', '556036079')).toBe('The Swedish organisation number (0007) must be 10 digits.');
  });
});

describe('checkElectronicAddress: 0151 Australian Business Number (PEPPOL-COMMON-R050)', () => {
  it('takes 11 digits whose ABN weighted sum is a multiple of 89', () => {
    // (5−1)·10 + 1·1 + 8·3 + 2·5 + 4·7 + 7·9 + 5·11 + 3·13 + 5·15 + 5·17 + 6·19
    // = 40 + 1 + 24 + 10 + 28 + 63 + 55 + 39 + 75 + 85 + 114 = 534 = 89 · 6
    expect(stored('0151', '51 824 753 556').id).toBe('51824753556');
  });

  it('refuses another sum and another length', () => {
    // 534 − 6·19 + 7·19 = 553 = 89 · 6 + 19
    expect(errorOf('0151', '51824753557')).toBe('The Australian Business Number (0151) 51824753557 has a wrong check digit.');
    expect(errorOf('0151', '5182475355')).toBe('The Australian Business Number (0151) must be 11 digits.');
  });
});

describe('checkElectronicAddress: the other Peppol format rules (R052–R057)', () => {
  it('0096 Danish P-number: 10 digits (R052)', () => {
    expect(stored('0096', '1234567890').id).toBe('1234567890');
    expect(errorOf('0096', '123456789')).toBe('The Danish P-number (0096) must be 10 digits.');
  });

  it('0198 Danish SE number: DK and 8 digits (R053)', () => {
    expect(stored('0198', 'dk12345678').id).toBe('DK12345678');
    expect(errorOf('0198', '12345678')).toBe('The Danish SE number (0198) must be DK followed by 8 digits.');
  });

  it('0106 KVK number: 8 digits (R054)', () => {
    expect(stored('0106', '1234 5678').id).toBe('12345678');
    expect(errorOf('0106', '123456789')).toBe('The KVK number (0106) must be 8 digits.');
  });

  it('0190 OIN: 20 digits (R055)', () => {
    expect(stored('0190', '00000001820029336000').id).toBe('00000001820029336000');
    expect(errorOf('0190', '0000000182002933600')).toBe('The Dutch OIN (0190) must be 20 digits.');
  });

  it('9944 Netherlands VAT number: NL, 9 digits, B, 2 digits (R056-1)', () => {
    expect(stored('9944', 'nl 1234.56789 b01').id).toBe('NL123456789B01');
    expect(errorOf('9944', 'NL123456789')).toBe('The Netherlands VAT number (9944) must have the form NL123456789B01.');
    expect(errorOf('9944', 'DE123456789B01')).toBe('The Netherlands VAT number (9944) must have the form NL123456789B01.');
  });

  it('0217 KVK establishment number: 12 digits (R057)', () => {
    expect(stored('0217', '123456789012').id).toBe('123456789012');
    expect(errorOf('0217', '12345678901')).toBe('The KVK establishment number (0217) must be 12 digits.');
  });
});

describe('checkElectronicAddress: France, 0002 SIREN and 0009 SIRET', () => {
  it('takes a 9-digit SIREN with the Luhn check digit', () => {
    // 7 8 4 3 0 1 7 7 | 2: 7, 8→16→7, 4, 3→6, 0, 1→2, 7, 7→14→5, 2: 7+7+4+6+0+2+7+5+2 = 40
    expect(stored('0002', '784 301 772').id).toBe('784301772');
  });

  it('refuses a wrong SIREN check digit, and a SIRET under 0002', () => {
    expect(errorOf('0002', '784301773')).toBe('The SIREN number (0002) 784301773 has a wrong check digit.'); // sum 41
    expect(errorOf('0002', '78430177200025')).toBe('The SIREN number (0002) must be 9 digits (a 14-digit SIRET goes under 0009).');
  });

  it('takes a 14-digit SIRET with the Luhn check digit', () => {
    // 7→5, 8, 4→8, 3, 0→0, 1, 7→5, 7, 2→4, 0, 0→0, 0, 2→4, 5: 5+8+8+3+0+1+5+7+4+0+0+0+4+5 = 50
    expect(stored('0009', '784 301 772 00025').id).toBe('78430177200025');
    expect(errorOf('0009', '78430177200026')).toBe('The SIRET number (0009) 78430177200026 has a wrong check digit.'); // 51
    expect(errorOf('0009', '784301772')).toBe('The SIRET number (0009) must be 14 digits.');
  });

  it("takes La Poste's SIRETs by their digit sum", () => {
    // 3 5 6 0 0 0 0 0 0 0 0 0 1 5: Luhn 6+5+3+0+0+0+0+0+0+0+0+0+2+5 = 21 (fails); digit sum 3+5+6+1+5 = 20 = 5 · 4
    expect(stored('0009', '35600000000015').id).toBe('35600000000015');
    // digit sum 21, Luhn 22: neither
    expect(errorOf('0009', '35600000000016')).toContain('has a wrong check digit');
  });
});

describe('checkElectronicAddress: 0060 D-U-N-S', () => {
  it('takes 9 digits, without a check digit', () => {
    expect(stored('0060', '81-281-0734').id).toBe('812810734');
    expect(stored('0060', '812810735').id).toBe('812810735');
  });

  it('refuses another length', () => {
    expect(errorOf('0060', '81281073')).toBe('The D-U-N-S number (0060) must be 9 digits.');
  });
});

describe('checkElectronicAddress: EM e-mail address', () => {
  it('takes name@domain with a dot in the domain, as entered', () => {
    expect(stored('EM', ' Billing.Dept@Example.co.uk ')).toEqual({ scheme: 'EM', id: 'Billing.Dept@Example.co.uk' });
  });

  it('refuses a domain without a dot, two @, no @, an empty part', () => {
    const message = 'The e-mail address (EM) must have the form name@example.com.';
    expect(errorOf('EM', 'billing@example')).toBe(message);
    expect(errorOf('EM', 'billing@bill@example.com')).toBe(message);
    expect(errorOf('EM', 'billing.example.com')).toBe(message);
    expect(errorOf('EM', '@example.com')).toBe(message);
    expect(errorOf('EM', 'billing@example.')).toBe(message);
    expect(errorOf('EM', 'billing@.example.com')).toBe(message);
  });
});

describe('checkElectronicAddress: VAT-number schemes', () => {
  it('takes the country prefix and 2 to 13 letters or digits, upper-cased without separators', () => {
    expect(stored('9930', 'de 123 456 789')).toEqual({ scheme: '9930', id: 'DE123456789' });
    expect(stored('9957', 'FR 40 303265045').id).toBe('FR40303265045');
    expect(stored('9914', 'atu12345678').id).toBe('ATU12345678');
    expect(stored('9927', 'CHE-123.456.789').id).toBe('CHE123456789');
    expect(stored('9925', 'BE0403170701').id).toBe('BE0403170701');
    expect(stored('9930', 'DE12').id).toBe('DE12'); // 2 characters after the prefix
    expect(stored('9930', 'DE1234567890123').id).toBe('DE1234567890123'); // 13
  });

  it("takes the United Kingdom's GB and XI, and Monaco's MC and FR", () => {
    expect(stored('9932', 'GB123456789').id).toBe('GB123456789');
    expect(stored('9932', 'xi123456789').id).toBe('XI123456789');
    expect(stored('9940', 'FR12345678901').id).toBe('FR12345678901');
    expect(stored('9940', 'MC12345678901').id).toBe('MC12345678901');
  });

  it("refuses a missing or another country's prefix, too few or too many characters, other characters", () => {
    expect(errorOf('9930', '123456789')).toBe('The Germany VAT number (9930) must start with DE followed by 2 to 13 letters or digits.');
    expect(errorOf('9930', 'FR40303265045')).toBe(
      'The Germany VAT number (9930) must start with DE followed by 2 to 13 letters or digits.',
    );
    expect(errorOf('9930', 'DE1')).toContain('must start with DE followed by 2 to 13 letters or digits');
    expect(errorOf('9930', 'DE12345678901234')).toContain('must start with DE followed by 2 to 13 letters or digits'); // 14
    expect(errorOf('9930', 'DE123_456')).toContain('must start with DE followed by 2 to 13 letters or digits');
    expect(errorOf('9932', 'UK123456789')).toBe(
      'The United Kingdom VAT number (9932) must start with GB or XI followed by 2 to 13 letters or digits.',
    );
  });

  it('9933 Greece: the 9-digit TIN without EL (GR-R-009)', () => {
    // 0·256 + 9·128 + 4·64 + 0·32 + 1·16 + 9·8 + 2·4 + 4·2 = 0 + 1152 + 256 + 0 + 16 + 72 + 8 + 8 = 1512;
    // 1512 = 11 · 137 + 5; 5 mod 10 = 5, the last digit
    expect(stored('9933', '094 019 245').id).toBe('094019245');
    expect(errorOf('9933', '094019246')).toBe('The Greece VAT number (9933) 094019246 has a wrong check digit.');
    expect(errorOf('9933', 'EL094019245')).toBe('The Greece VAT number (9933) must be the 9-digit TIN without the EL prefix.');
  });
});

describe('checkElectronicAddress: 0204 Leitweg-ID', () => {
  it('takes a Leitweg-ID, upper-cased', () => {
    expect(stored('0204', ' 04011000-1234512345-06 ')).toEqual({ scheme: '0204', id: '04011000-1234512345-06' });
    expect(stored('0204', '991-33333test-33').id).toBe('991-33333TEST-33');
  });

  it("refuses one with wrong check digits, with the Leitweg-ID's error", () => {
    expect(errorOf('0204', '04011000-1234512345-07')).toBe('The Leitweg-ID 04011000-1234512345-07 has wrong check digits.');
    expect(errorOf('0204', '04011000.1234512345.06')).toContain('The Leitweg-ID must be 2 to 12 digits');
  });
});

describe('checkLeitwegId', () => {
  it("takes the KoSIT specification's example", () => {
    // "Leitweg-ID Format-Spezifikation" (KoSIT), section 2.4, quoted at github-wiki-see.page/m/homebeaver/ungueltig/wiki/MOD-97-10:
    // 04011000 1234512345 00 = 04011000123451234500; mod 97 = 92; 98 − 92 = 06.
    // Check: 04011000123451234506 = 04011000123451234500 + 6 ≡ 92 + 6 = 98 ≡ 1 (mod 97).
    expect(checkLeitwegId('04011000-1234512345-06')).toEqual({ value: '04011000-1234512345-06' });
  });

  it('takes public Leitweg-IDs with letters and without fine addressing', () => {
    // e-rechnung's test id, X = 33: 04011000 900 33 999 and 00 = 040110009003399900; mod 97 = 90; 98 − 90 = 08
    expect(checkLeitwegId('04011000-900x999-08')).toEqual({ value: '04011000-900X999-08' });
    // Deutsche Bahn: 9929000900 mod 97 = 2; 98 − 2 = 96
    expect(checkLeitwegId('992-90009-96').value).toBe('992-90009-96');
    // coarse addressing only: 9900 = 97 · 102 + 6; 98 − 6 = 92
    expect(checkLeitwegId('99-92').value).toBe('99-92');
  });

  it('refuses wrong check digits, naming the id', () => {
    // 04011000123451234507 ≡ 92 + 7 = 99 ≡ 2 (mod 97), not 1
    expect(checkLeitwegId('04011000-1234512345-07')).toEqual({ error: 'The Leitweg-ID 04011000-1234512345-07 has wrong check digits.' });
    // 9906 ≡ 6 + 6 = 12 (mod 97)
    expect(checkLeitwegId('99-06').error).toBe('The Leitweg-ID 99-06 has wrong check digits.');
    // swapped digits in the coarse addressing
    expect(checkLeitwegId('04010100-1234512345-06').error).toContain('has wrong check digits');
  });

  it('refuses another format', () => {
    const message =
      'The Leitweg-ID must be 2 to 12 digits, optionally a hyphen and up to 30 letters or digits, then a hyphen and 2 check digits (e.g. 04011000-1234512345-06).';
    expect(checkLeitwegId('0401100012345123456').error).toBe(message); // no hyphens
    expect(checkLeitwegId('0-1234512345-06').error).toBe(message); // 1 digit of coarse addressing
    expect(checkLeitwegId('1234567890123-1-06').error).toBe(message); // 13 digits
    expect(checkLeitwegId(`04011000-${'1'.repeat(31)}-06`).error).toBe(message); // 31 characters of fine addressing
    expect(checkLeitwegId('04011000-12345-6').error).toBe(message); // 1 check digit
    expect(checkLeitwegId('04011000--06').error).toBe(message);
    expect(checkLeitwegId('04011000-123 45-06').error).toBe(message);
    expect(checkLeitwegId('04011000-1234ä-06').error).toBe(message);
    expect(checkLeitwegId('0401100A-12345-06').error).toBe(message); // letters only in the fine addressing
  });

  it('takes the longest form', () => {
    // 123456789012 + ABCDEFGHIJKLMNOPQRSTUVWXYZ0123 with A = 10 … Z = 35, then "00": the number mod 97 is r, the check
    // digits 98 − r. Here r = 95 (computed digit by digit: remainder = (remainder · 10 + digit) mod 97), so 03.
    expect(checkLeitwegId('123456789012-abcdefghijklmnopqrstuvwxyz0123-03').value).toBe('123456789012-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123-03');
    expect(checkLeitwegId('123456789012-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123-04').error).toContain('has wrong check digits');
  });

  it('refuses an empty id', () => {
    expect(checkLeitwegId('  ')).toEqual({ error: 'The Leitweg-ID is empty.' });
  });
});

describe('looksLikeLeitwegId', () => {
  it('is true for the whole shape: 2 to 12 digits, an optional fine addressing, 2 check digits', () => {
    expect(looksLikeLeitwegId('04011000-1234512345-06')).toBe(true);
    expect(looksLikeLeitwegId(' 99-92')).toBe(true);
    expect(looksLikeLeitwegId('123456789012-x-00')).toBe(true);
    expect(looksLikeLeitwegId('04011000-wrong-11')).toBe(true); // then checked, and refused, as a Leitweg-ID
  });

  it('is false for other buyer references', () => {
    expect(looksLikeLeitwegId('PO-2026-17')).toBe(false);
    expect(looksLikeLeitwegId('1-2026')).toBe(false); // 1 digit
    expect(looksLikeLeitwegId('1234567890123-1')).toBe(false); // 13 digits
    expect(looksLikeLeitwegId('04011000')).toBe(false);
    expect(looksLikeLeitwegId('123456789012-x')).toBe(false); // no check digits
    expect(looksLikeLeitwegId('2026-118')).toBe(false);
    expect(looksLikeLeitwegId('')).toBe(false);
  });
});
