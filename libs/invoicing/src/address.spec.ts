import { addressLines } from './address';

describe('addressLines: the order of the address country, the country by name in the invoice language', () => {
  it.each([
    [
      'Germany: postal code before the city',
      { line1: 'Friedrichstraße 10', line2: '2. OG', postalCode: '10117', city: 'Berlin', country: 'DE' },
      'de-DE',
      ['Beispiel AG', 'Friedrichstraße 10', '2. OG', '10117 Berlin', 'Deutschland'],
    ],
    [
      'France',
      { line1: '12 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      'fr-FR',
      ['Beispiel AG', '12 rue de la Paix', '75002 Paris', 'France'],
    ],
    [
      'Netherlands: a postal code with a space',
      { line1: 'Damrak 1', postalCode: '1012 LG', city: 'Amsterdam', country: 'NL' },
      'nl-NL',
      ['Beispiel AG', 'Damrak 1', '1012 LG Amsterdam', 'Nederland'],
    ],
    [
      'US: "City, REGION POSTCODE", line 2 after line 1',
      { line1: '1 Industrial Way', line2: 'Building 4', postalCode: '97403', city: 'Springfield', region: 'OR', country: 'US' },
      'en-US',
      ['Beispiel AG', '1 Industrial Way', 'Building 4', 'Springfield, OR 97403', 'United States'],
    ],
    [
      'Canada',
      { line1: '100 King St W', postalCode: 'M5X 1A9', city: 'Toronto', region: 'ON', country: 'CA' },
      'fr-FR',
      ['Beispiel AG', '100 King St W', 'Toronto, ON M5X 1A9', 'Canada'],
    ],
    [
      'Australia: "City REGION POSTCODE"',
      { line1: '1 George St', postalCode: '2000', city: 'Sydney', region: 'NSW', country: 'AU' },
      'en-US',
      ['Beispiel AG', '1 George St', 'Sydney NSW 2000', 'Australia'],
    ],
    [
      'UK: the postcode on a line of its own',
      { line1: '10 Downing Street', postalCode: 'SW1A 2AA', city: 'London', country: 'GB' },
      'de-DE',
      ['Beispiel AG', '10 Downing Street', 'London', 'SW1A 2AA', 'Vereinigtes Königreich'],
    ],
    [
      'Italy: the province after the city',
      { line1: 'Via Roma 1', postalCode: '00185', city: 'Roma', region: 'RM', country: 'IT' },
      'it-IT',
      ['Beispiel AG', 'Via Roma 1', '00185 Roma RM', 'Italia'],
    ],
    [
      'Switzerland, in Spanish',
      { line1: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'ch' },
      'es-ES',
      ['Beispiel AG', 'Bahnhofstrasse 1', '8001 Zürich', 'Suiza'],
    ],
  ])('%s', (_, address, locale, expected) => {
    expect(addressLines(address, locale, 'Beispiel AG')).toEqual(expected);
  });

  it('leaves the name out when there is none', () => {
    expect(addressLines({ line1: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' }, 'en-US')).toEqual([
      'Hauptstraße 5',
      '10115 Berlin',
      'Germany',
    ]);
  });

  it('keeps every entered part: where the template would drop one, the generic order prints them all', () => {
    // Hong Kong's template has no postal code; the customer entered one, so it is printed.
    expect(
      addressLines({ line1: '1 Queen’s Road', postalCode: '999077', city: 'Central', region: null, country: 'HK' }, 'en-US', 'Acme'),
    ).toEqual(['Acme', '1 Queen’s Road', '999077 Central', 'Hong Kong SAR China']);
  });

  it('prints a country that is not a code as given, in the generic order', () => {
    expect(
      addressLines({ line1: '1 Main St', postalCode: '12345', city: 'Springfield', region: 'Ohio', country: 'Freedonia' }, 'en-US'),
    ).toEqual(['1 Main St', '12345 Springfield', 'Ohio', 'Freedonia']);
  });

  it('keeps text that looks like markup or a template as plain text (the HTML template escapes it)', () => {
    expect(addressLines({ line1: '<b>{{road}}</b>', postalCode: '{{{postcode}}}', city: '"&\'', country: 'DE' }, 'de-DE')).toEqual([
      '<b>{{road}}</b>',
      '{{{postcode}}} "&\'',
      'Deutschland',
    ]);
  });
});
