// serverless-esbuild's `config`: the options scripts/esbuild-options.ts
// keeps for every function bundle. CommonJS, since the plugin loads it
// with require(); Node 24 requires the TypeScript module it hands over to.
const { serverlessEsbuildOptions } = require('../esbuild-options.ts');

module.exports = () => serverlessEsbuildOptions();
