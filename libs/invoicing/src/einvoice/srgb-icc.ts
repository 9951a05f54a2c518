/**
 * An sRGB ICC profile (ICC.1:2001-04, version 2.1, display class), built from the numbers that define sRGB (IEC
 * 61966-2-1): the D50-adapted colorants and white point of the ICC's own sRGB profile, and the sRGB transfer curve as
 * a 1024-entry table. PDF/A needs one as the output intent (ISO 19005-3 §6.2.3); building it here keeps a binary
 * blob out of the repository.
 *
 * Layout: 128-byte header, tag count and table, then the tags (each at a 4-byte boundary): desc, cprt, wtpt, rXYZ,
 * gXYZ, bXYZ, and one curv shared by rTRC, gTRC and bTRC (tags may share data).
 */
const s15Fixed16 = (v: number) => Math.round(v * 65536);

function xyz(x: number, y: number, z: number): Buffer {
  const b = Buffer.alloc(20);
  b.write('XYZ ', 0, 'latin1');
  b.writeInt32BE(s15Fixed16(x), 8);
  b.writeInt32BE(s15Fixed16(y), 12);
  b.writeInt32BE(s15Fixed16(z), 16);
  return b;
}

/** textDescriptionType: the ASCII description, no Unicode or ScriptCode parts (their counts 0). */
function desc(text: string): Buffer {
  const ascii = Buffer.from(`${text}\0`, 'latin1');
  const b = Buffer.alloc(12 + ascii.length + 4 + 4 + 2 + 1 + 67);
  b.write('desc', 0, 'latin1');
  b.writeUInt32BE(ascii.length, 8);
  ascii.copy(b, 12);
  return b;
}

function textType(text: string): Buffer {
  const b = Buffer.alloc(8 + text.length + 1);
  b.write('text', 0, 'latin1');
  b.write(text, 8, 'latin1');
  return b;
}

/** The sRGB electro-optical transfer function, sampled at 1024 points, as 16-bit values. */
function curve(): Buffer {
  const n = 1024;
  const b = Buffer.alloc(12 + 2 * n);
  b.write('curv', 0, 'latin1');
  b.writeUInt32BE(n, 8);
  for (let i = 0; i < n; i++) {
    const v = i / (n - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    b.writeUInt16BE(Math.round(linear * 65535), 12 + 2 * i);
  }
  return b;
}

const pad4 = (b: Buffer) => (b.length % 4 === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]));

let cached: Buffer | null = null;

/** The profile's bytes (built once). */
export function srgbIccProfile(): Buffer {
  if (cached) return cached;
  const trc = curve();
  const tags: [string, Buffer][] = [
    ['desc', desc('sRGB IEC61966-2.1')],
    ['cprt', textType('No copyright, use freely')],
    ['wtpt', xyz(0.9642, 1.0, 0.8249)],
    ['rXYZ', xyz(0.4361, 0.2225, 0.0139)],
    ['gXYZ', xyz(0.3851, 0.7169, 0.0971)],
    ['bXYZ', xyz(0.1431, 0.0606, 0.7141)],
    ['rTRC', trc],
    ['gTRC', trc],
    ['bTRC', trc],
  ];
  const tableSize = 4 + 12 * tags.length;
  const table = Buffer.alloc(tableSize);
  table.writeUInt32BE(tags.length, 0);
  const data: Buffer[] = [];
  const placed = new Map<Buffer, number>();
  let offset = 128 + tableSize;
  tags.forEach(([sig, body], i) => {
    let at = placed.get(body);
    if (at === undefined) {
      at = offset;
      placed.set(body, at);
      const padded = pad4(body);
      data.push(padded);
      offset += padded.length;
    }
    table.write(sig, 4 + 12 * i, 'latin1');
    table.writeUInt32BE(at, 8 + 12 * i);
    table.writeUInt32BE(body.length, 12 + 12 * i);
  });
  const header = Buffer.alloc(128);
  header.writeUInt32BE(offset, 0); // profile size
  header.writeUInt32BE(0x02100000, 8); // version 2.1.0
  header.write('mntr', 12, 'latin1'); // display device
  header.write('RGB ', 16, 'latin1');
  header.write('XYZ ', 20, 'latin1'); // profile connection space
  [2026, 1, 1, 0, 0, 0].forEach((v, i) => header.writeUInt16BE(v, 24 + 2 * i));
  header.write('acsp', 36, 'latin1');
  header.writeUInt32BE(0, 64); // rendering intent: perceptual
  header.writeInt32BE(s15Fixed16(0.9642), 68); // the PCS illuminant, D50
  header.writeInt32BE(s15Fixed16(1.0), 72);
  header.writeInt32BE(s15Fixed16(0.8249), 76);
  cached = Buffer.concat([header, table, ...data]);
  return cached;
}
