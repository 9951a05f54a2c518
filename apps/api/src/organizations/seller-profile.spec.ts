import { inspectLogo, LOGO_MAX_BYTES, mediaType } from './logo';
import { checkBic, checkIban, checkVatId } from './tax-ids';
import { FormatOnlyVatIdVerifier } from './vat-id-verifier';

/** A JPEG made of marker segments: SOI, then [marker, payload] pairs (each payload gets its length), then EOI. */
function jpeg(...segments: [number, number[]][]): Buffer {
  const parts = [Buffer.from([0xff, 0xd8])];
  for (const [marker, payload] of segments) {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(payload.length + 2, 2);
    parts.push(head, Buffer.from(payload));
  }
  parts.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}
/** A frame header payload: precision 8, height, width, 1 component. */
const frame = (height: number, width: number) => [8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0];
const APP0 = [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];

describe('logo inspection (the bytes decide, not the name or the declared type)', () => {
  it('reads the size of baseline and progressive JPEGs, past other segments and fill bytes', () => {
    expect(inspectLogo(jpeg([0xe0, APP0], [0xdb, Array(65).fill(1)], [0xc0, frame(6, 12)]))).toEqual({
      contentType: 'image/jpeg',
      width: 12,
      height: 6,
    });
    expect(inspectLogo(jpeg([0xe1, [1, 2, 3]], [0xc2, frame(300, 400)]))).toEqual({ contentType: 'image/jpeg', width: 400, height: 300 });
    const filled = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xff]), jpeg([0xc0, frame(2, 3)]).subarray(2)]);
    expect(inspectLogo(filled)).toEqual({ contentType: 'image/jpeg', width: 3, height: 2 });
  });

  it('refuses a JPEG without a frame header before its scan, and one whose header says 0 × 0', () => {
    expect(inspectLogo(jpeg([0xe0, APP0], [0xda, [1, 2, 3]]))).toEqual({ error: expect.stringContaining('not a complete JPEG') });
    expect(inspectLogo(jpeg([0xc4, [0, 1, 2]]))).toEqual({ error: expect.stringContaining('not a complete JPEG') }); // DHT is no frame
    expect(inspectLogo(Buffer.from([0xff, 0xd8, 0xff]))).toEqual({ error: expect.stringContaining('not a complete JPEG') });
    expect(inspectLogo(jpeg([0xc0, frame(0, 10)]))).toEqual({ error: 'logo has no pixels (its header says 0 × 0)' });
  });

  it('tells SVG apart from other non-images, with or without an XML declaration, BOM or leading space', () => {
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '\uFEFF  <?xml version="1.0"?><svg/>',
      '<!DOCTYPE svg><svg/>',
      '\n<SVG/>',
    ]) {
      expect(inspectLogo(Buffer.from(svg))).toEqual({ error: 'logo must be a PNG or JPEG image; SVG is not accepted' });
    }
    for (const other of ['GIF89a', '<html></html>', 'BM....', '%PDF-1.7']) {
      expect(inspectLogo(Buffer.from(other))).toEqual({ error: expect.stringContaining('logo is not a PNG or JPEG image') });
    }
  });

  it('refuses an empty or too large body before looking at it', () => {
    expect(inspectLogo(Buffer.alloc(0))).toEqual({ error: expect.stringContaining('logo is empty') });
    expect(inspectLogo(Buffer.alloc(LOGO_MAX_BYTES + 1, 0xff))).toEqual({
      error: 'logo must be at most 256 KB (262144 bytes); it has 262145 bytes',
    });
  });

  it('reads the media type of a Content-Type header', () => {
    expect(mediaType('Image/PNG; charset=binary')).toBe('image/png');
    expect(mediaType(undefined)).toBe('');
  });
});

describe('VAT IDs, IBANs and BICs', () => {
  it('normalizes what people type', () => {
    expect(checkVatId(' de-136.695.976 ')).toEqual({ value: 'DE136695976' });
    expect(checkVatId('che 116 281 710 tva')).toEqual({ value: 'CHE116281710TVA' });
    expect(checkIban('gb82 west 1234 5698 7654 32')).toEqual({ value: 'GB82WEST12345698765432' });
    expect(checkBic('deut de db')).toEqual({ value: 'DEUTDEDB' });
  });

  it('checks a Northern Ireland VAT ID as the UK number it is', () => {
    expect(checkVatId('XI980780684')).toEqual({ value: 'XI980780684' });
    expect(checkVatId('XI980780685')).toEqual({ error: 'vatId has a wrong check digit for a VAT ID of Northern Ireland' });
  });

  it('does not let a three-letter code pick another country', () => {
    // jsvat also matches countries by ISO alpha-3 and numeric codes; here only the two-letter VAT prefix counts.
    expect(checkVatId('DEU136695976')).toEqual({ error: 'vatId does not have the format of a VAT ID of Germany' });
    expect(checkVatId('CH116281710')).toEqual({ error: 'vatId does not have the format of a VAT ID of Switzerland' });
  });

  it('names what is wrong with an IBAN', () => {
    expect(checkIban('FR1420041010050500013M02606')).toEqual({ value: 'FR1420041010050500013M02606' });
    expect(checkIban('FR1420041010050500013M0260')).toEqual({ error: 'iban must have 27 characters for FR (it has 26)' });
    expect(checkIban('XX89370400440532013000')).toEqual({ error: 'iban: XX is not a country that uses IBANs' });
  });

  it('the default VAT ID verifier checks the format only', async () => {
    const verifier = new FormatOnlyVatIdVerifier();
    await expect(verifier.verify('ATU13585627')).resolves.toEqual({ valid: true, checkedOnline: false });
    await expect(verifier.verify('ATU13585626')).resolves.toEqual({
      valid: false,
      message: 'vatId has a wrong check digit for a VAT ID of Austria',
      checkedOnline: false,
    });
  });
});
