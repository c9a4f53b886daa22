// Evaluates a synthetic account of 10,000 groups with 60 rules each
// against the example profiles and prints one JSON line: groups and rules
// per second and peak memory. Run by `npm run bench`; never a test.
import { performance } from 'node:perf_hooks';
import { evaluate } from '../shared/engine/index.ts';
import { loadProfiles } from '../shared/profiles/index.ts';
import { syntheticAccount } from './account.ts';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 10_000);
const { bundle } = await loadProfiles('examples/profiles');
if (!bundle) throw new Error('the example profiles do not load');

const snapshot = syntheticAccount(GROUPS);
globalThis.gc?.();
const before = process.memoryUsage();
const rssBefore = process.resourceUsage().maxRSS;
const start = performance.now();
const result = evaluate(snapshot, bundle, { now: new Date('2026-12-01') });
const seconds = (performance.now() - start) / 1000;
const heapAfter = process.memoryUsage().heapUsed;

console.log(JSON.stringify({
  bench: 'engine.evaluate',
  groups: result.stats.groups,
  rules: result.stats.rules,
  interfaces: result.stats.interfaces,
  findings: result.findings.length,
  seconds: Number(seconds.toFixed(3)),
  groupsPerSecond: Math.round(result.stats.groups / seconds),
  rulesPerSecond: Math.round(result.stats.rules / seconds),
  // The synthetic account itself, held in memory before evaluation starts.
  snapshotHeapMB: Math.round(before.heapUsed / 2 ** 20),
  // What evaluation left on the heap beyond it (findings, caches, garbage
  // not yet collected).
  evaluationHeapMB: Math.round((heapAfter - before.heapUsed) / 2 ** 20),
  // Peak resident memory of the process before evaluation (generating the
  // account) and in all; evaluation raised the peak by the difference.
  rssBeforeEvaluationMB: Math.round(rssBefore / 1024),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
}));
