// Lets plain-Node entry points (Jest's globalSetup, scripts, benchmarks) load the TypeScript sources, with the
// tsconfig.json path aliases (`@app/billing`, `@app/invoicing`, …) resolved as tsc and Jest resolve them.
const { join } = require('path');

const project = join(__dirname, '../../tsconfig.json');
require('ts-node').register({ transpileOnly: true, swc: true, project });
const { absoluteBaseUrl, paths } = require('tsconfig-paths').loadConfig(project);
require('tsconfig-paths').register({ baseUrl: absoluteBaseUrl, paths });
