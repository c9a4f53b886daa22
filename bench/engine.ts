// Evaluates a synthetic account of 10,000 groups with 60 rules each
// against the example profiles and prints one JSON line: groups and rules
// per second and peak memory against the target. Run by `npm run bench`;
// never a test.
import { performance } from 'node:perf_hooks';
import { evaluate } from '../shared/engine/index.ts';
import { loadProfiles } from '../shared/profiles/index.ts';
import { syntheticAccount } from './account.ts';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 10_000);
/** Peak resident memory the whole evaluation should stay under. */
const TARGET_MB = 256;
const mb = (kb: number) => Math.round(kb / 1024);

const { bundle } = await loadProfiles('examples/profiles');
if (!bundle) throw new Error('the example profiles do not load');
globalThis.gc?.();
const rssBaseline = process.resourceUsage().maxRSS;

const snapshot = syntheticAccount(GROUPS);
globalThis.gc?.();
const before = process.memoryUsage();
const rssBefore = process.resourceUsage().maxRSS;
const start = performance.now();
const result = evaluate(snapshot, bundle, { now: new Date('2026-12-01') });
const seconds = (performance.now() - start) / 1000;
const heapAfter = process.memoryUsage().heapUsed;
const peakRssMB = mb(process.resourceUsage().maxRSS);

console.log(JSON.stringify({
  bench: 'engine.evaluate',
  groups: result.stats.groups,
  rules: result.stats.rules,
  interfaces: result.stats.interfaces,
  findings: result.findings.length,
  seconds: Number(seconds.toFixed(3)),
  groupsPerSecond: Math.round(result.stats.groups / seconds),
  rulesPerSecond: Math.round(result.stats.rules / seconds),
  // The heap once the synthetic account is built and held, before
  // evaluation starts (the profiles and loaded code included).
  snapshotHeapMB: Math.round(before.heapUsed / 2 ** 20),
  // What evaluation left on the heap beyond it (findings, caches, garbage
  // not yet collected).
  evaluationHeapMB: Math.round((heapAfter - before.heapUsed) / 2 ** 20),
  // Peak resident memory of the process: with the runtime, the code and
  // the profiles loaded (this process strips TypeScript types as it loads
  // the sources, which a bundled deployment does not); then with the
  // account built; then in all. The last is what the target is about.
  baselineRssMB: mb(rssBaseline),
  rssBeforeEvaluationMB: mb(rssBefore),
  peakRssMB,
  targetMB: TARGET_MB,
  withinTarget: peakRssMB <= TARGET_MB,
}));
