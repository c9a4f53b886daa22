// Builds each function's bundle exactly as the deployment packages it (the
// options of scripts/esbuild-options.ts) into out/functions/, plus a bundle
// holding only the EC2 client, the yardstick of the functions' cold import.
// `node scripts/build-functions.ts`; bench/bundles.ts runs it first.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import {
  FUNCTIONS,
  functionBuildOptions,
  type FunctionName,
} from './esbuild-options.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundles go. */
export const OUT = path.join(ROOT, 'out/functions');

/** The yardstick: a bundle that only loads the EC2 client. */
export const EC2_ONLY = 'ec2-client-only';

/** One built bundle. */
export interface Built {
  name: FunctionName | typeof EC2_ONLY;
  /** The bundle's file (`.mjs`), its source map beside it. */
  file: string;
}

/** Builds `entry` (a path, or source text) into `OUT/name.mjs`. */
async function bundle(
  name: Built['name'],
  entry: { path: string } | { contents: string },
): Promise<Built> {
  const file = path.join(OUT, `${name}.mjs`);
  const input = 'path' in entry
    ? { entryPoints: [path.join(ROOT, entry.path)] }
    : { stdin: { contents: entry.contents, resolveDir: ROOT,
      loader: 'ts' as const, sourcefile: `${name}.ts` } };
  await build({ ...functionBuildOptions(), ...input, outfile: file });
  return { name, file };
}

/** Builds every function and the EC2-only yardstick; returns them. */
export async function buildFunctions(): Promise<Built[]> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const functions = Object.entries(FUNCTIONS) as [FunctionName, string][];
  const built = await Promise.all(functions.map(([name, entry]) =>
    bundle(name, { path: entry })));
  // The client is made, as a function makes its clients at start-up.
  built.push(await bundle(EC2_ONLY, { contents: [
    "import { EC2Client } from '@aws-sdk/client-ec2';",
    "export const ec2 = new EC2Client({ region: 'eu-west-1' });",
  ].join('\n') }));
  await writeFile(path.join(OUT, 'package.json'), '{"type":"module"}\n');
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { file } of await buildFunctions()) {
    console.log(path.relative(ROOT, file));
  }
}
