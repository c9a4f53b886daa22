// One account-region at its quota, swept once: 2,500 security groups of
// 60 rules each (150,000 rules) and 500 interfaces, built in the emulator,
// then one `sweepRegion` in dry run, timed in a process of its own so its
// peak memory is its own. One JSON line. Run by `npm run bench sweep`.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { createCallCounter, createClient } from '../shared/aws/index.ts';
import { readConfig } from '../shared/config.ts';
import { readRegion } from '../shared/aws/read.ts';
import { convergeSnapshot } from '../shared/pipeline/region.ts';
import { createRuntime } from '../shared/pipeline/runtime.ts';
import { loadProfiles } from '../shared/profiles/index.ts';
import type { Snapshot } from '../shared/snapshot/types.ts';
import { createTable } from '../shared/store/index.ts';
import {
  ensureVenv,
  startEmulator,
} from '../test/aws/emulator/emulator.ts';
import { buildRegion, type Built } from './sweep-region.ts';

const REGION = 'eu-west-1';
const PAGE = 1000;
process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';

/** The pages AWS serves a whole-region read in (MaxResults 1000). */
function pagesOnAws(snapshot: Snapshot): Record<string, number> {
  const pages = (list: unknown[] | undefined) =>
    Math.max(1, Math.ceil((list?.length ?? 0) / PAGE));
  return {
    DescribeSecurityGroups: pages(snapshot.SecurityGroups),
    DescribeSecurityGroupRules: pages(snapshot.SecurityGroupRules),
    DescribeNetworkInterfaces: pages(snapshot.NetworkInterfaces),
    DescribeManagedPrefixLists: Math.max(1,
      Math.ceil((snapshot.PrefixLists?.length ?? 0) / 100)),
  };
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/**
 * The measured part, in its own process: one dry-run sweep of the
 * region, timed in the two halves `sweepRegion` is made of (region.ts):
 * the whole read, then judging and converging what was read.
 */
async function measure(endpoint: string, built: Built): Promise<void> {
  const { bundle } = await loadProfiles('examples/profiles');
  const runtime = createRuntime(readConfig({ AWS_REGION: REGION,
    DRIFTGUARD_ENDPOINT_URL: endpoint, DRIFTGUARD_TABLE: 'bench-sweep',
    DRIFTGUARD_DRY_RUN: 'true' }), { info() {}, warn() {}, error() {} },
  bundle!);
  const account = await runtime.ownAccount();
  const read = createCallCounter();
  const reader = createClient(EC2Client, { region: REGION, endpoint,
    counter: read });
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const snapshot = await readRegion({ ec2: reader, account, region: REGION });
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const heapRead = process.memoryUsage().heapUsed;
  const sweep = await convergeSnapshot(snapshot, runtime.changeDeps(),
    'bench');
  const t2 = performance.now();
  const cpu2 = process.cpuUsage();
  // driftguard's own CPU time (this process), apart from moto's.
  const cpuSeconds = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => Number(
    ((b.user - a.user + b.system - a.system) / 1e6).toFixed(2));
  const rest = Object.fromEntries(Object.entries(runtime.counter.calls)
    .filter(([op]) => op !== 'GetCallerIdentity').sort());
  console.log(JSON.stringify({
    bench: 'sweep.region',
    groups: snapshot.SecurityGroups.length,
    rules: (snapshot.SecurityGroupRules ?? []).length,
    interfaces: (snapshot.NetworkInterfaces ?? []).length,
    findings: sweep.evaluation.findings.length,
    plannedWrites: sweep.actions.length,
    budget: sweep.budget ?? null,
    seconds: Number(((t2 - t0) / 1000).toFixed(2)),
    readSeconds: Number(((t1 - t0) / 1000).toFixed(2)),
    convergeSeconds: Number(((t2 - t1) / 1000).toFixed(2)),
    readCpuSeconds: cpuSeconds(cpu0, cpu1),
    convergeCpuSeconds: cpuSeconds(cpu1, cpu2),
    // moto answers each Describe whole; AWS pages 1,000 items at a time.
    readCalls: read.calls,
    readCallsOnAws: pagesOnAws(snapshot),
    // Planning and recording the dry-run writes, remembering bindings.
    otherCalls: rest,
    snapshotHeapMB: mb(heapRead - heapBefore),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    setupSeconds: built.seconds,
    note: 'emulator on loopback: time is driftguard plus moto, not AWS',
  }));
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ venv: await ensureVenv() });
  try {
    const options = { region: REGION, endpoint: emulator.endpoint };
    await createTable({ client: createClient(DynamoDBClient, options),
      tableName: 'bench-sweep' });
    const built = await buildRegion(createClient(EC2Client, options));
    const child = spawnSync(process.execPath, [...process.execArgv,
      import.meta.filename, '--measure', emulator.endpoint,
      JSON.stringify(built)], { stdio: ['ignore', 'inherit', 'inherit'] });
    process.exitCode = child.status ?? 1;
  } finally {
    await emulator.stop();
  }
}

const at = process.argv.indexOf('--measure');
if (at > 0) {
  await measure(process.argv[at + 1]!, JSON.parse(process.argv[at + 2]!));
} else {
  await main();
}
