// How every Lambda function is bundled: one place, read by serverless-esbuild
// (through scripts/serverless/esbuild.cjs) when `npm run package` builds the
// deployment, and by scripts/build-functions.ts for the benchmark, so both
// measure and ship the same bundles.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';

const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
  '../shared');

/** The Lambda functions: name in serverless.yml → entry point. */
export const FUNCTIONS = {
  'on-change': 'functions/on-change.ts',
  sweep: 'functions/sweep.ts',
  'sweep-worker': 'functions/sweep-worker.ts',
} as const;

/** A function's name in serverless.yml. */
export type FunctionName = keyof typeof FUNCTIONS;

/** Node of the Lambda runtime the bundles target (nodejs24.x). */
export const TARGET = 'node24';

/**
 * An ES module bundle keeps CommonJS dependencies working (the AWS SDK
 * still calls `require` for Node built-ins in places) by giving them a
 * `require` of their own. No dependency bundled reads `__dirname` or
 * `__filename`, so those are not shimmed.
 */
export const ESM_BANNER = "import { createRequire } from 'module'; " +
  'const require = createRequire(import.meta.url);';

/**
 * driftguard's own modules (shared/) define things and do nothing else
 * when imported: no module registers itself or changes another's state
 * on import. Saying so lets esbuild leave out the modules of shared/
 * whose exports a function never uses, e.g. the YAML loading behind
 * shared/profiles/index.ts, when a function only reads the compiled
 * intent bundle. (Dependencies say so in their package.json; zod is
 * imported as a namespace, `import * as z`, so that its unused parts,
 * its locales above all, are left out too.)
 */
export const OWN_MODULES_ARE_PURE: Plugin = {
  name: 'driftguard-own-modules-are-pure',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = path.resolve(args.resolveDir, args.path);
      const own = file.startsWith(`${SHARED}${path.sep}`);
      return own ? { path: file, sideEffects: false } : undefined;
    });
  },
};

/**
 * esbuild's options for one function bundle, without entry and output: an
 * ES module for Node 24 holding every dependency (the AWS SDK included,
 * so a cold start reads one file), minified, with a linked source map
 * (the functions run with `--enable-source-maps`). ES module builds of
 * dependencies are preferred (`module` before `main`) so that unused
 * parts of the SDK are left out.
 */
export function functionBuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: TARGET,
    minify: true,
    sourcemap: 'linked',
    // Stack traces need the mappings, not the sources themselves.
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_BANNER },
    external: [],
    legalComments: 'eof',
    logLevel: 'warning',
    plugins: [OWN_MODULES_ARE_PURE],
  };
}

/**
 * The options serverless-esbuild takes: esbuild's, plus its own. Nothing
 * is external (`exclude: []`), so no node_modules are packed beside the
 * bundle; `.mjs` makes Lambda load it as an ES module.
 */
export function serverlessEsbuildOptions(): Record<string, unknown> {
  return {
    ...functionBuildOptions(),
    exclude: [],
    outputFileExtension: '.mjs',
    packager: 'npm',
    keepOutputDirectory: false,
  };
}
