import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The import boundaries of eslint.config.mjs bite: a forbidden import in each directory is an error, an
 * allowed one is not. ESLint's Node API runs in a child Node (it loads the flat config with import(), which
 * Jest's module system does not allow), on the repository's real config with type information off (the
 * boundary rules need none, and a virtual file is in no tsconfig).
 */
const root = join(__dirname, '..');
const RUNNER = `
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
const cases = JSON.parse(readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });
const out = [];
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.filePath });
  out.push(result.messages.map((m) => ({ ruleId: m.ruleId, severity: m.severity, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
`;

type Message = { ruleId: string | null; severity: number; message: string };
type Case = { filePath: string; code: string };

function lint(cases: Case[]): Message[][] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', RUNNER], {
    cwd: root,
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`ESLint runner failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Message[][];
}

const importing = (source: string) => `import { thing } from '${source}';\nexport const used = thing;\n`;
const BILLING = 'libs/billing/src/boundary-check.ts';
const INVOICING = 'libs/invoicing/src/boundary-check.ts';
const ADMIN = 'apps/admin/src/app/features/bills/boundary-check.ts';

const forbidden: [string, string][] = [
  [BILLING, '@nestjs/common'],
  [BILLING, 'typeorm'],
  [BILLING, 'pg'],
  [BILLING, 'express'],
  [BILLING, 'puppeteer-core'],
  [BILLING, 'nodemailer'],
  [BILLING, 'node:fs'],
  [BILLING, 'fs/promises'],
  [BILLING, 'node:net'],
  [BILLING, 'http'],
  [BILLING, 'node:child_process'],
  [BILLING, '../../../apps/api/src/config/app-config'],
  [BILLING, '@app/invoicing'],
  [BILLING, '../../invoicing/src/invoice-html'],
  [INVOICING, '../../../apps/api/src/config/app-config'],
  [ADMIN, '../../../../../api/src/billing/bills.service'],
  [ADMIN, 'apps/api/src/billing/bills.view'],
  [ADMIN, '@nestjs/common'],
  [ADMIN, 'typeorm'],
  [ADMIN, 'pg'],
  [ADMIN, 'node:fs'],
  [ADMIN, 'crypto'],
];
const allowed: [string, string][] = [
  [BILLING, 'luxon'],
  [BILLING, './money'],
  [INVOICING, '@app/billing'],
  [INVOICING, 'node:fs/promises'],
  [INVOICING, 'puppeteer-core'],
  [ADMIN, '@angular/common/http'],
  [ADMIN, 'rxjs'],
  [ADMIN, '../../core/api/api-client'],
  [ADMIN, '@app/contracts'],
];

describe('eslint.config.mjs import boundaries', () => {
  const results = lint([...forbidden, ...allowed].map(([filePath, source]) => ({ filePath, code: importing(source) })));

  it.each(forbidden.map(([file, source], i) => [file, source, i]))('%s may not import %s', (_file, _source, i) => {
    expect(results[i as number]).toEqual([expect.objectContaining({ ruleId: 'no-restricted-imports', severity: 2 })]);
  });

  it.each(allowed.map(([file, source], i) => [file, source, forbidden.length + i]))('%s may import %s', (_file, _source, i) => {
    expect(results[i as number]).toEqual([]);
  });

  it('says which boundary an import crosses', () => {
    expect(results[0][0].message).toBe(
      "'@nestjs/common' import is restricted from being used by a pattern. libs/billing is pure (no framework, no I/O, no app code): this import is a framework, database, browser or mail library.",
    );
  });

  it('checks the console templates, inline and in .html files', () => {
    const component = (template: string) =>
      `import { Component } from '@angular/core';\n@Component({ selector: 'app-x', template: '${template}' })\nexport class XComponent {}\n`;
    const [inline, html] = lint([
      { filePath: 'apps/admin/src/app/x.component.ts', code: component('<img src="logo.png">') },
      { filePath: 'apps/admin/src/app/x.component.html', code: '<img src="logo.png">\n' },
    ]);
    expect(inline.map((m) => m.ruleId)).toEqual(['@angular-eslint/template/alt-text']);
    expect(html.map((m) => m.ruleId)).toEqual(['@angular-eslint/template/alt-text']);
  });
});
