#!/usr/bin/env node
/**
 * `npm run contracts`: regenerates the API contract from the code, in three steps, each checked by
 * libs/contracts/contracts.spec.ts (CI fails when one is stale):
 *  1. apps/api/src/openapi-metadata.ts: what the @nestjs/swagger plugin reads from the TypeScript types of the
 *     controllers and of the `*.dto.ts` / `*.view.ts` classes (the same for the tsc build and for Jest's SWC);
 *  2. libs/contracts/openapi.json: the OpenAPI document the API serves at /api/docs-json;
 *  3. libs/contracts/src/api.ts: TypeScript types of every schema (openapi-typescript), used by the console.
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** Step 1, also used by the spec (into a temporary folder) to check the committed file. */
function generateMetadata(outputDir = join(root, 'apps/api/src'), filename = 'openapi-metadata.ts') {
  const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
  const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    new PluginMetadataGenerator().generate({
      visitors: [
        new ReadonlyVisitor({
          pathToSource: join(root, 'apps/api/src'),
          introspectComments: true,
          classValidatorShim: true,
          dtoFileNameSuffix: ['.dto.ts', '.view.ts'],
          controllerFileNameSuffix: ['.controller.ts'],
        }),
      ],
      outputDir,
      filename,
      watch: false,
      tsconfigPath: 'apps/api/tsconfig.app.json',
      printDiagnostics: false,
    });
  } finally {
    process.chdir(cwd);
  }
}

/** Step 3's command line: the types of every schema, exported by name (`BillDetail`), types only. */
const TYPES_ARGS = ['--root-types', '--root-types-no-schema-prefix', '--alphabetize'];

module.exports = { generateMetadata, TYPES_ARGS };

if (require.main === module) {
  generateMetadata();
  console.log('apps/api/src/openapi-metadata.ts written');
  // Steps 2 and 3 need the TypeScript sources with the new metadata: the spec writes them in a fresh process.
  const r = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--selectProjects', 'unit', '--testPathPatterns', 'libs/contracts/contracts.spec.ts'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC', RB_UPDATE_CONTRACTS: '1' } },
  );
  process.exit(r.status ?? 1);
}
