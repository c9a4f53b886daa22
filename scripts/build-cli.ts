// Bundles the command line into dist/driftguard.mjs, the package's bin.
// Dependencies stay external: npm installs them beside the package.
import { build } from 'esbuild';

await build({
  entryPoints: ['cli/main.ts'],
  outfile: 'dist/driftguard.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  logLevel: 'warning',
});
