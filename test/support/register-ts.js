// Lets plain-Node entry points (Jest's globalSetup, scripts, benchmarks) load the TypeScript sources.
require('ts-node').register({
  transpileOnly: true,
  swc: true,
  project: require('path').join(__dirname, '../../tsconfig.json'),
});
