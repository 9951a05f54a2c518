/**
 * Test helper: the text of a PDF, extracted with pdf-parse (pdf.js) in a plain `node` child process.
 * pdf-parse 2.x is an ES module built on pdf.js, which does not load inside Jest's module system,
 * so it runs outside it. (File name ends in `spec.ts`, so it stays out of the library build.)
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

// stdin: JSON array of base64 PDFs; stdout: JSON array of { text, pages }
const EXTRACT_SCRIPT = `
import { PDFParse } from 'pdf-parse';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const results = [];
for (const base64 of JSON.parse(Buffer.concat(chunks).toString())) {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.from(base64, 'base64')) });
  try {
    const result = await parser.getText();
    results.push({ text: result.text, pages: result.total });
  } finally {
    await parser.destroy();
  }
}
process.stdout.write(JSON.stringify(results));
`;

/** Repository root, so that the child resolves `pdf-parse` from the project's node_modules. */
const PROJECT_ROOT = resolve(__dirname, '../../..');

export interface PdfText {
  text: string;
  pages: number;
}

export async function extractPdfText(pdf: Buffer): Promise<PdfText> {
  return (await extractPdfTexts([pdf]))[0];
}

/** Several PDFs in one child process (starting pdf.js is the slow part). */
export function extractPdfTexts(pdfs: Buffer[]): Promise<PdfText[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', EXTRACT_SCRIPT], {
      cwd: PROJECT_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`pdf text extraction failed (exit ${code}): ${Buffer.concat(err).toString()}`));
        return;
      }
      try {
        resolvePromise(JSON.parse(Buffer.concat(out).toString()) as PdfText[]);
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(JSON.stringify(pdfs.map((pdf) => pdf.toString('base64'))));
  });
}

/** Collapse whitespace (incl. NBSP) so assertions do not depend on how pdf.js splits text runs. */
export function normalizeSpace(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}
