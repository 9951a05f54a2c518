/**
 * The organization's logo (`PUT /organization/logo`): a PNG or a JPEG, recognized by its bytes, never by its
 * name or declared type alone. SVG is refused: it is a document that can carry scripts and fetch URLs, and
 * the invoice PDF embeds the logo as data. The image's own header gives its size in pixels.
 */

/** The largest logo accepted: 256 KB. A logo printed on an invoice needs far less, and it is read with every PDF. */
export const LOGO_MAX_BYTES = 256 * 1024;
/** The largest side in pixels: a small file can still decode into a huge bitmap (a PNG of one colour compresses ~1000:1). */
export const LOGO_MAX_SIDE = 4096;

export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg'] as const;
export type LogoContentType = (typeof LOGO_CONTENT_TYPES)[number];

export interface LogoImage {
  contentType: LogoContentType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The IEND chunk every complete PNG ends with: length 0, type, CRC. */
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** The type and pixel size of a PNG or JPEG, or why `bytes` is not one (a sentence about `logo`). */
export function inspectLogo(bytes: Buffer): LogoImage | { error: string } {
  if (bytes.length === 0) return { error: 'logo is empty: send the image as the request body' };
  if (bytes.length > LOGO_MAX_BYTES) return { error: tooLarge(bytes.length) };
  const image = bytes.subarray(0, 8).equals(PNG_SIGNATURE)
    ? png(bytes)
    : bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
      ? jpeg(bytes)
      : looksLikeSvg(bytes)
        ? { error: 'logo must be a PNG or JPEG image; SVG is not accepted' }
        : { error: 'logo is not a PNG or JPEG image (its content starts with neither the PNG signature nor the JPEG SOI marker)' };
  if ('error' in image) return image;
  if (image.width < 1 || image.height < 1) return { error: 'logo has no pixels (its header says 0 × 0)' };
  if (image.width > LOGO_MAX_SIDE || image.height > LOGO_MAX_SIDE) {
    return { error: `logo must be at most ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE} pixels (it is ${image.width} × ${image.height})` };
  }
  return image;
}

export function tooLarge(size?: number): string {
  return `logo must be at most 256 KB (${LOGO_MAX_BYTES} bytes)${size === undefined ? '' : `; it has ${size} bytes`}`;
}

/** The first chunk of a PNG is IHDR (width, height: 4 bytes each, big-endian); the last is IEND. */
function png(bytes: Buffer): LogoImage | { error: string } {
  if (bytes.length < 8 + 25 + PNG_END.length || bytes.toString('latin1', 12, 16) !== 'IHDR' || bytes.readUInt32BE(8) !== 13) {
    return { error: 'logo is not a complete PNG image (no IHDR header)' };
  }
  if (!bytes.subarray(bytes.length - PNG_END.length).equals(PNG_END))
    return { error: 'logo is not a complete PNG image (no IEND chunk at its end)' };
  return { contentType: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Walks the JPEG's marker segments up to its frame header (SOFn: precision, height, width), which every
 * decodable JPEG has before its first scan (SOS).
 */
function jpeg(bytes: Buffer): LogoImage | { error: string } {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // TEM, RSTn: no length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // a scan or the end before any frame header
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2) break;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 9 > bytes.length || length < 7) break;
      return { contentType: 'image/jpeg', height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return { error: 'logo is not a complete JPEG image (no frame header before its image data)' };
}

function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes
    .toString('utf8', 0, Math.min(bytes.length, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<svg') || ((head.startsWith('<?xml') || head.startsWith('<!doctype')) && head.includes('<svg'));
}

/** The media type of a Content-Type header without parameters, lowercase ('' when there is none). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}
