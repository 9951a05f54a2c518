/**
 * FOR UNIT TESTS ONLY. A `PdfRenderer` that needs no browser: it turns the HTML's visible text into
 * a minimal one-page PDF (Helvetica, WinAnsi; characters outside Latin-1 become `?`). The result is a
 * structurally valid PDF whose text is extractable, which is enough for API unit tests that check
 * "a PDF came back and it is the right invoice". Never use it in e2e tests or in production.
 */
import type { PdfRenderer } from './pdf-renderer';

export class FakePdfRenderer implements PdfRenderer {
  /** The HTML of every render, in order. */
  readonly rendered: string[] = [];
  private closed = false;

  async render(html: string): Promise<Buffer> {
    if (this.closed) throw new Error('FakePdfRenderer is closed');
    this.rendered.push(html);
    return minimalPdf(htmlToTextLines(html));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Crude visible-text extraction: drops head/style/script, breaks lines at block elements. */
export function htmlToTextLines(html: string): string[] {
  const text = html
    .replace(/<(head|style|script)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?(div|p|tr|h[1-6]|header|footer|section|address|table|br|li)\b[^>]*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
}

/** A single A4 page listing `lines`, with a correct cross-reference table. */
export function minimalPdf(lines: string[]): Buffer {
  const content = ['BT', '/F1 9 Tf', '11 TL', '40 800 Td', ...lines.map((line) => `(${pdfString(line)}) Tj T*`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PDF literal string: Latin-1 only, with `\ ( )` escaped. */
function pdfString(text: string): string {
  return Array.from(text)
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 63;
      if (ch === '\\' || ch === '(' || ch === ')') return '\\' + ch;
      if (code < 0x20 || code > 0xff) return '?';
      return ch;
    })
    .join('');
}
