// The deployed bundles: each function's size (raw and gzip), and the cold
// import of the on-change bundle beside that of a bundle holding only the
// EC2 client (target: at most 1.1 times it). Each import runs in a fresh
// `node` process; the two alternate, so that a busy machine slows both
// alike; the median of the runs is reported. One JSON line. Run by
// `npm run bench`; never a test.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildFunctions, EC2_ONLY } from '../scripts/build-functions.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** What a fresh process prints: how long `import(file)` took, in ms. */
const IMPORT = [
  "const { performance } = await import('node:perf_hooks');",
  'const start = performance.now();',
  'await import(process.argv[1]);',
  'console.log(performance.now() - start);',
].join('\n');

function importMs(file: string): number {
  const ran = spawnSync(process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', IMPORT, file],
    { encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(`importing ${file}:\n${ran.stderr}`);
  return Number(ran.stdout.trim());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const built = await buildFunctions();
const sizes = Object.fromEntries(built.map(({ name, file }) => {
  const bytes = readFileSync(file);
  return [name, { rawKB: round(bytes.length / 1024),
    gzipKB: round(gzipSync(bytes).length / 1024) }];
}));

const onChange = built.find((b) => b.name === 'on-change')!.file;
const ec2Only = built.find((b) => b.name === EC2_ONLY)!.file;
const times = { onChange: [] as number[], ec2Only: [] as number[] };
importMs(onChange);
importMs(ec2Only);
for (let run = 0; run < RUNS; run += 1) {
  times.onChange.push(importMs(onChange));
  times.ec2Only.push(importMs(ec2Only));
}
const onChangeMs = median(times.onChange);
const ec2OnlyMs = median(times.ec2Only);

console.log(JSON.stringify({
  bench: 'bundles',
  sizes,
  runs: RUNS,
  coldImportMs: { 'on-change': round(onChangeMs),
    [EC2_ONLY]: round(ec2OnlyMs) },
  // The target: at most 1.1.
  onChangeOverEc2Only: round(onChangeMs / ec2OnlyMs, 2),
  out: path.relative(process.cwd(), path.dirname(onChange)),
}));
