/**
 * Makes the invoice PDF a Factur-X 1.0 / ZUGFeRD 2 PDF (PDF/A-3, ISO 19005-3, conformance B) by appending ONE
 * incremental update to the bytes Chromium wrote (ISO 32000-1 §7.5.6): the original bytes stay as they are, byte for
 * byte, and the update adds
 * - the XML as an embedded file `factur-x.xml` (Subtype text/xml, FlateDecode, /Params with size and date) and its file
 *   specification with `/AFRelationship /Alternative`, listed in the catalog's `/AF` and `/Names /EmbeddedFiles`;
 * - the XMP metadata stream: PDF/A-3 identification (part 3, conformance B), Dublin Core title and creator, the XMP
 *   and PDF properties that mirror the new document information dictionary, and the Factur-X extension schema
 *   (`fx:` DocumentType INVOICE, DocumentFileName factur-x.xml, Version 1.0, ConformanceLevel EN 16931) with its
 *   PDF/A extension schema description;
 * - the output intent (GTS_PDFA1) with an sRGB ICC profile (srgb-icc.ts);
 * - a document information dictionary matching the XMP, and the trailer's `/ID`.
 * Parsing and rewriting the whole document (what pdf-lib's load + save does) costs ~25 ms a page; this costs ~1 ms.
 *
 * It handles what Chromium (Skia) writes: a classic cross-reference table, no object streams, no encryption, a
 * catalog without `/Names`, `/AF`, `/Metadata`, `/OutputIntents`, no annotations (our invoices have no links, whose
 * print flag PDF/A would need). Anything else answers null, and the caller takes the general path
 * (`embedFacturXRewriting`, pdf-lib).
 */
import { AFRelationship, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from '@cantoo/pdf-lib';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { srgbIccProfile } from './srgb-icc';
import { escapeXml } from './xml-writer';

export interface FacturXMetadata {
  /** the document's title, e.g. "Invoice INV-000042" */
  title: string;
  /** the seller's name (dc:creator, /Author) */
  author: string;
  /** what made it (xmp:CreatorTool, /Creator) */
  creator: string;
  /** ISO instant of the document (its PDF's creation), e.g. the archived PDF's date */
  date: Date;
  /** Factur-X document type: INVOICE (also for credit notes: the XML's type code says which) */
  documentType?: 'INVOICE';
  /** Factur-X conformance level of the XML */
  conformanceLevel?: 'EN 16931';
}

/** A PDF text string: literal when printable ASCII, else UTF-16BE with BOM in hex. */
function pdfText(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const utf16 = Buffer.from(s, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

const two = (n: number) => String(n).padStart(2, '0');
/** D:YYYYMMDDHHmmSS+00'00' (UTC) */
const pdfDate = (d: Date) =>
  `D:${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}+00'00'`;
/** YYYY-MM-DDTHH:mm:ss+00:00, the same instant as pdfDate */
const xmpDate = (d: Date) => `${d.toISOString().slice(0, 19)}+00:00`;

function xmp(meta: FacturXMetadata, producer: string): string {
  const fx = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';
  const property = (name: string, description: string) =>
    `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>` +
    `<pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${description}</pdfaProperty:description></rdf:li>`;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${escapeXml(meta.author)}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>${escapeXml(meta.creator)}</xmp:CreatorTool>
<xmp:CreateDate>${xmpDate(meta.date)}</xmp:CreateDate>
<xmp:ModifyDate>${xmpDate(meta.date)}</xmp:ModifyDate>
<xmp:MetadataDate>${xmpDate(meta.date)}</xmp:MetadataDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>${escapeXml(producer)}</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>${fx}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
${property('DocumentFileName', 'The name of the embedded XML document')}
${property('DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER')}
${property('Version', 'The actual version of the standard applying to the embedded XML document')}
${property('ConformanceLevel', 'The conformance level of the embedded XML document')}
</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="${fx}">
<fx:DocumentType>${meta.documentType ?? 'INVOICE'}</fx:DocumentType>
<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
<fx:Version>1.0</fx:Version>
<fx:ConformanceLevel>${meta.conformanceLevel ?? 'EN 16931'}</fx:ConformanceLevel>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

let deflated: Buffer | null = null;
const deflatedProfile = () => (deflated ??= deflateSync(srgbIccProfile()));

interface Trailer {
  size: number;
  root: number;
  prevXref: number;
}

/** The last trailer of a classic cross-reference table, or null when the file is not of that kind. */
function readTrailer(text: string): Trailer | null {
  const end = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024));
  if (!end) return null;
  const prevXref = Number(end[1]);
  if (!text.startsWith('xref', prevXref)) return null; // a cross-reference stream
  const at = text.lastIndexOf('trailer');
  if (at < prevXref) return null;
  const dict = text.slice(at, text.lastIndexOf('startxref'));
  if (/\/Encrypt\b|\/XRefStm\b/.test(dict)) return null;
  const size = /\/Size\s+(\d+)/.exec(dict);
  const root = /\/Root\s+(\d+)\s+0\s+R/.exec(dict);
  if (!size || !root) return null;
  return { size: Number(size[1]), root: Number(root[1]), prevXref };
}

/** The dictionary text of object `num` (generation 0), without its outer << >>; null when it is not a plain dictionary. */
function objectDict(text: string, num: number): string | null {
  const head = new RegExp(`(^|[\\r\\n])${num} 0 obj\\s*<<`).exec(text);
  if (!head) return null;
  const start = head.index + head[0].length;
  const end = text.indexOf('endobj', start);
  if (end < 0) return null;
  const body = text.slice(start, end).trimEnd();
  if (!body.endsWith('>>')) return null;
  return body.slice(0, -2);
}

/**
 * The PDF with `xml` embedded as factur-x.xml and the PDF/A-3 / Factur-X metadata, or null when `pdf` is not the
 * simple kind this writes for (see the header).
 */
export function embedFacturX(pdf: Buffer, xml: Buffer, meta: FacturXMetadata): Buffer | null {
  const text = pdf.toString('latin1');
  if (!text.startsWith('%PDF-1.') || /\/ObjStm\b|\/Annots\b/.test(text)) return null;
  const trailer = readTrailer(text);
  if (!trailer) return null;
  const catalog = objectDict(text, trailer.root);
  if (catalog === null || !/\/Type\s*\/Catalog\b/.test(catalog) || /\/(Names|AF|Metadata|OutputIntents)\b/.test(catalog)) return null;

  const producer = `${meta.creator} (Factur-X)`;
  const n = trailer.size;
  const [file, spec, metadata, icc, intent, names, info] = [n, n + 1, n + 2, n + 3, n + 4, n + 5, n + 6];
  const packed = deflateSync(xml);
  const profile = deflatedProfile();
  const xmpBytes = Buffer.from(xmp(meta, producer), 'utf8');
  const date = pdfDate(meta.date);
  const objects: [number, Buffer[]][] = [
    [
      trailer.root,
      [
        Buffer.from(
          `${trailer.root} 0 obj\n<<${catalog}\n/Metadata ${metadata} 0 R\n/AF [${spec} 0 R]\n/Names ${names} 0 R\n/OutputIntents [${intent} 0 R]>>\nendobj\n`,
          'latin1',
        ),
      ],
    ],
    [
      file,
      [
        Buffer.from(
          `${file} 0 obj\n<</Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length ${packed.length} /Params <</Size ${xml.length} /ModDate (${date})>>>>\nstream\n`,
          'latin1',
        ),
        packed,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ],
    ],
    [
      spec,
      [
        Buffer.from(
          `${spec} 0 obj\n<</Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /Desc (Factur-X XML invoice) /AFRelationship /Alternative /EF <</F ${file} 0 R /UF ${file} 0 R>>>>\nendobj\n`,
          'latin1',
        ),
      ],
    ],
    [
      metadata,
      [
        Buffer.from(`${metadata} 0 obj\n<</Type /Metadata /Subtype /XML /Length ${xmpBytes.length}>>\nstream\n`, 'latin1'),
        xmpBytes,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ],
    ],
    [
      icc,
      [
        Buffer.from(`${icc} 0 obj\n<</N 3 /Filter /FlateDecode /Length ${profile.length}>>\nstream\n`, 'latin1'),
        profile,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ],
    ],
    [
      intent,
      [
        Buffer.from(
          `${intent} 0 obj\n<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB) /Info (sRGB IEC61966-2.1) /DestOutputProfile ${icc} 0 R>>\nendobj\n`,
          'latin1',
        ),
      ],
    ],
    [names, [Buffer.from(`${names} 0 obj\n<</EmbeddedFiles <</Names [(factur-x.xml) ${spec} 0 R]>>>>\nendobj\n`, 'latin1')]],
    [
      info,
      [
        Buffer.from(
          `${info} 0 obj\n<</Title ${pdfText(meta.title)} /Author ${pdfText(meta.author)} /Creator ${pdfText(meta.creator)} /Producer ${pdfText(producer)} /CreationDate (${date}) /ModDate (${date})>>\nendobj\n`,
          'latin1',
        ),
      ],
    ],
  ];

  const parts: Buffer[] = [pdf];
  let offset = pdf.length;
  if (text[text.length - 1] !== '\n') {
    parts.push(Buffer.from('\n', 'latin1'));
    offset += 1;
  }
  const offsets = new Map<number, number>();
  for (const [num, chunks] of objects) {
    offsets.set(num, offset);
    for (const c of chunks) {
      parts.push(c);
      offset += c.length;
    }
  }
  const entry = (num: number) => `${String(offsets.get(num)).padStart(10, '0')} 00000 n\r\n`;
  const id = createHash('md5').update(pdf).update(xml).digest('hex');
  const xref =
    `xref\n${trailer.root} 1\n${entry(trailer.root)}${n} 7\n${[file, spec, metadata, icc, intent, names, info].map(entry).join('')}` +
    `trailer\n<</Size ${n + 7} /Root ${trailer.root} 0 R /Info ${info} 0 R /Prev ${trailer.prevXref} /ID [<${id}> <${id}>]>>\n` +
    `startxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/**
 * The general path, for a PDF `embedFacturX` does not write for: pdf-lib loads the whole document, adds the same
 * parts (the embedded file with its relationship and /AF, the XMP, the output intent, the document information) and
 * sets the print flag PDF/A needs on link annotations, then saves it whole (~25 ms more a page).
 */
export async function embedFacturXRewriting(pdf: Buffer, xml: Buffer, meta: FacturXMetadata): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const producer = `${meta.creator} (Factur-X)`;
  await doc.attach(xml, 'factur-x.xml', {
    mimeType: 'text/xml',
    description: 'Factur-X XML invoice',
    creationDate: meta.date,
    modificationDate: meta.date,
    afRelationship: AFRelationship.Alternative,
  });
  const context = doc.context;
  doc.catalog.set(
    PDFName.of('Metadata'),
    context.register(context.stream(Buffer.from(xmp(meta, producer), 'utf8'), { Type: 'Metadata', Subtype: 'XML' })),
  );
  const profile = context.register(context.flateStream(srgbIccProfile(), { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; annots && i < annots.size(); i++) {
      const a = annots.lookupMaybe(i, PDFDict);
      if (a) a.set(PDFName.of('F'), PDFNumber.of(((a.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0) | 4) & ~(1 | 2 | 32)));
    }
  }
  doc.setTitle(meta.title);
  doc.setAuthor(meta.author);
  doc.setCreator(meta.creator);
  doc.setProducer(producer);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  const id = PDFHexString.of(createHash('md5').update(pdf).update(xml).digest('hex'));
  context.trailerInfo.ID = context.obj([id, id]);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
