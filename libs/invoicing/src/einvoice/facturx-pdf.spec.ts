import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
} from '@cantoo/pdf-lib';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedFacturX, embedFacturXRewriting } from './facturx-pdf';
import { srgbIccProfile } from './srgb-icc';

/**
 * A one-page PDF written by hand, the way Chromium's Skia writes them: a classic cross-reference table (offsets
 * counted here), no object streams, a catalog with a few keys of its own. `extraCatalog` adds keys to the catalog,
 * `extraPage` to the page.
 */
function simplePdf({ extraCatalog = '', extraPage = '' } = {}): Buffer {
  const objects = [
    "<</Title (Invoice) /Creator (Chromium) /Producer (Skia/PDF m143) /CreationDate (D:20261130101500+01'00')>>",
    `<</Type /Catalog /Pages 3 0 R /MarkInfo <</Type /MarkInfo /Marked true>> /Lang (de-DE)${extraCatalog}>>`,
    '<</Type /Pages /Count 1 /Kids [4 0 R]>>',
    `<</Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R${extraPage}>>`,
    '<</Length 8>>\nstream\n0 0 m S\n\nendstream',
  ];
  let out = '%PDF-1.4\n%\xd3\xeb\xe9\xe1\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<</Size ${objects.length + 1}\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(out, 'latin1');
}

const XML = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<rsm:CrossIndustryInvoice xmlns:rsm="urn:x">Ä</rsm:CrossIndustryInvoice>\n',
);
const META = { title: 'Rechnung INV-000042', author: 'Müller IT GmbH', creator: 'Remote Billing', date: new Date('2026-11-30T09:15:00Z') };

const text = (o: unknown) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : String(o));

describe('embedFacturX: the PDF with factur-x.xml and PDF/A-3 metadata in one incremental update', () => {
  const original = simplePdf();
  const out = embedFacturX(original, XML, META)!;

  it('keeps every original byte and appends the update', () => {
    expect(out).not.toBeNull();
    expect(out.subarray(0, original.length).equals(original)).toBe(true);
    const tail = out.subarray(original.length).toString('latin1');
    expect(tail).toMatch(/\nxref\n2 1\n\d{10} 00000 n\r\n6 7\n(\d{10} 00000 n\r\n){7}trailer\n/);
    expect(tail).toMatch(/\/Prev \d+ /);
    expect(tail.endsWith('%%EOF\n')).toBe(true);
  });

  it('every offset of the new cross-reference section points at its object', () => {
    const s = out.toString('latin1');
    const section = /xref\n2 1\n(\d{10}) 00000 n\r\n6 7\n((?:\d{10} 00000 n\r\n){7})/.exec(s.slice(original.length))!;
    const offsets = [
      Number(section[1]),
      ...section[2]
        .trim()
        .split(/\r\n/)
        .map((l) => Number(l.slice(0, 10))),
    ];
    expect(offsets.map((o) => s.slice(o, s.indexOf('\n', o)))).toEqual([
      '2 0 obj',
      '6 0 obj',
      '7 0 obj',
      '8 0 obj',
      '9 0 obj',
      '10 0 obj',
      '11 0 obj',
      '12 0 obj',
    ]);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(s)![1]);
    expect(s.startsWith('xref\n', startxref)).toBe(true);
  });

  it('reads back (pdf-lib): the embedded file, its relationship, the catalog, the output intent, the XMP and the document information', async () => {
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    const catalog = doc.catalog;
    // The catalog keeps its own keys.
    expect(catalog.get(PDFName.of('Lang'))?.toString()).toBe('(de-DE)');
    expect(catalog.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))?.toString()).toBe('true');
    const names = catalog
      .lookup(PDFName.of('Names'), PDFDict)
      .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
      .lookup(PDFName.of('Names'), PDFArray);
    expect(text(names.lookup(0))).toBe('factur-x.xml');
    const spec = names.lookup(1, PDFDict);
    const af = catalog.lookup(PDFName.of('AF'), PDFArray);
    expect((af.get(0) as PDFRef).toString()).toBe((names.get(1) as PDFRef).toString());
    expect(spec.get(PDFName.of('AFRelationship'))?.toString()).toBe('/Alternative');
    expect(text(spec.get(PDFName.of('F')))).toBe('factur-x.xml');
    expect(text(spec.get(PDFName.of('UF')))).toBe('factur-x.xml');
    const file = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    expect(file).toBeInstanceOf(PDFRawStream);
    const stream = file as PDFRawStream;
    expect(stream.dict.get(PDFName.of('Subtype'))?.toString()).toBe('/text#2Fxml');
    expect(Buffer.from(decodePDFRawStream(stream).decode()).equals(XML)).toBe(true);
    expect(stream.dict.lookup(PDFName.of('Params'), PDFDict).get(PDFName.of('Size'))?.toString()).toBe(String(XML.length));

    const intent = catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))?.toString()).toBe('/GTS_PDFA1');
    const profile = intent.lookup(PDFName.of('DestOutputProfile')) as PDFRawStream;
    expect(Buffer.from(decodePDFRawStream(profile).decode()).equals(srgbIccProfile())).toBe(true);

    const metadata = catalog.lookup(PDFName.of('Metadata')) as PDFRawStream;
    const x = Buffer.from(metadata.getContents()).toString('utf8');
    expect(x).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(x).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(x).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(x).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(x).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
    expect(x).toContain('<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>');
    // The document information says what the XMP says (PDF/A-3 §6.6.3).
    expect(doc.getTitle()).toBe(META.title);
    expect(doc.getAuthor()).toBe(META.author);
    expect(doc.getCreator()).toBe(META.creator);
    expect(x).toContain(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${META.title}</rdf:li></rdf:Alt></dc:title>`);
    expect(x).toContain(`<rdf:li>${META.author}</rdf:li>`);
    expect(x).toContain(`<pdf:Producer>${doc.getProducer()}</pdf:Producer>`);
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-30T09:15:00.000Z');
    expect(x).toContain('<xmp:CreateDate>2026-11-30T09:15:00+00:00</xmp:CreateDate>');
    expect(x).toContain('<xmp:ModifyDate>2026-11-30T09:15:00+00:00</xmp:ModifyDate>');
    // The trailer has the /ID PDF/A asks for; the page is still there.
    expect(out.toString('latin1')).toMatch(/\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
    expect(doc.getPageCount()).toBe(1);
  });

  it('is a well-formed PDF to qpdf and poppler where they are installed', () => {
    if (!existsSync('/usr/bin/qpdf') && !existsSync('/usr/bin/pdfdetach')) return; // Debian's qpdf / poppler-utils
    const dir = mkdtempSync(join(tmpdir(), 'facturx-'));
    try {
      writeFileSync(join(dir, 'f.pdf'), out);
      if (existsSync('/usr/bin/qpdf'))
        expect(execFileSync('/usr/bin/qpdf', ['--check', join(dir, 'f.pdf')]).toString()).toContain('No syntax or stream encoding errors');
      if (existsSync('/usr/bin/pdfdetach')) {
        execFileSync('/usr/bin/pdfdetach', ['-saveall', '-o', dir, join(dir, 'f.pdf')]);
        expect(readFileSync(join(dir, 'factur-x.xml')).equals(XML)).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves to the general path what it does not write for: annotations, a catalog with names or metadata, a cross-reference stream', () => {
    expect(embedFacturX(simplePdf({ extraPage: ' /Annots []' }), XML, META)).toBeNull();
    expect(embedFacturX(simplePdf({ extraCatalog: ' /Names <<>>' }), XML, META)).toBeNull();
    expect(embedFacturX(simplePdf({ extraCatalog: ' /Metadata 5 0 R' }), XML, META)).toBeNull();
    const streamed = Buffer.from(
      simplePdf()
        .toString('latin1')
        .replace(/\nxref\n/, '\n1 0 obj\n<</Type /XRef>>\n'),
      'latin1',
    );
    expect(embedFacturX(streamed, XML, META)).toBeNull();
    expect(embedFacturX(Buffer.from('not a pdf'), XML, META)).toBeNull();
  });
});

describe('embedFacturXRewriting: the general path (pdf-lib) for a PDF the incremental writer leaves', () => {
  it('writes the same parts and gives link annotations the print flag PDF/A needs', async () => {
    const withLink = simplePdf({ extraPage: ' /Annots [<</Type /Annot /Subtype /Link /Rect [0 0 10 10] /F 2>>]' });
    expect(embedFacturX(withLink, XML, META)).toBeNull();
    const out = await embedFacturXRewriting(withLink, XML, META);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    const names = doc.catalog
      .lookup(PDFName.of('Names'), PDFDict)
      .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
      .lookup(PDFName.of('Names'), PDFArray);
    expect(text(names.lookup(0))).toBe('factur-x.xml');
    const spec = names.lookup(1, PDFDict);
    expect(spec.get(PDFName.of('AFRelationship'))?.toString()).toBe('/Alternative');
    const file = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F')) as PDFRawStream;
    expect(Buffer.from(decodePDFRawStream(file).decode()).equals(XML)).toBe(true);
    expect(doc.catalog.lookup(PDFName.of('AF'), PDFArray).size()).toBe(1);
    const x = Buffer.from((doc.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream).getContents()).toString('utf8');
    expect(x).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict).get(PDFName.of('S'))?.toString()).toBe(
      '/GTS_PDFA1',
    );
    const annot = doc.getPages()[0].node.lookup(PDFName.of('Annots'), PDFArray).lookup(0, PDFDict);
    expect(annot.get(PDFName.of('F'))?.toString()).toBe('4'); // print on, hidden (2) off
    expect(doc.getTitle()).toBe(META.title);
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-30T09:15:00.000Z');
    expect(out.toString('latin1')).toMatch(/\/ID \[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>\s*\]/);
  });
});

describe('srgbIccProfile', () => {
  const p = srgbIccProfile();
  it('is an ICC v2 display profile for RGB with XYZ connection space and a consistent tag table', () => {
    expect(p.readUInt32BE(0)).toBe(p.length);
    expect(p.readUInt32BE(8)).toBe(0x02100000);
    expect(p.toString('latin1', 12, 24)).toBe('mntrRGB XYZ ');
    expect(p.toString('latin1', 36, 40)).toBe('acsp');
    const count = p.readUInt32BE(128);
    const tags = Array.from({ length: count }, (_, i) => ({
      sig: p.toString('latin1', 132 + 12 * i, 136 + 12 * i),
      offset: p.readUInt32BE(136 + 12 * i),
      size: p.readUInt32BE(140 + 12 * i),
    }));
    expect(tags.map((t) => t.sig)).toEqual(['desc', 'cprt', 'wtpt', 'rXYZ', 'gXYZ', 'bXYZ', 'rTRC', 'gTRC', 'bTRC']);
    for (const t of tags) {
      expect(t.offset % 4).toBe(0);
      expect(t.offset + t.size).toBeLessThanOrEqual(p.length);
      expect(p.toString('latin1', t.offset, t.offset + 4)).toBe(
        { desc: 'desc', cprt: 'text' }[t.sig] ?? (t.sig.endsWith('TRC') ? 'curv' : 'XYZ '),
      );
    }
    // The white point: D50 (0.9642, 1, 0.8249) in s15Fixed16.
    const wtpt = tags.find((t) => t.sig === 'wtpt')!;
    expect([0, 1, 2].map((k) => p.readInt32BE(wtpt.offset + 8 + 4 * k))).toEqual([63190, 65536, 54061]);
    // The curve: 1024 samples of the sRGB transfer function; sample 512 is v = 512/1023 = 0.50049 → (0.555489 / 1.055)^2.4 = 0.52653^2.4 = exp(2.4 × ln 0.52653) = exp(−1.53943) = 0.21450.
    const trc = tags.find((t) => t.sig === 'rTRC')!;
    expect(p.readUInt32BE(trc.offset + 8)).toBe(1024);
    expect(p.readUInt16BE(trc.offset + 12)).toBe(0);
    expect(p.readUInt16BE(trc.offset + 12 + 2 * 1023)).toBe(65535);
    expect(Math.abs(p.readUInt16BE(trc.offset + 12 + 2 * 512) / 65535 - 0.2145)).toBeLessThan(0.0001);
  });
});
