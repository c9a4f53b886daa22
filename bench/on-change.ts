// The event path against the emulator: warm latency of one event through
// the whole handler body (read, decide, record, act), and the AWS calls an
// event costs, by operation. One JSON line. Run by `npm run bench`.
import { performance } from 'node:perf_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { runDemo } from '../cli/demo/script.ts';
import { cloudTrailEvent, ingressParameters } from '../cli/demo/events.ts';
import { onChange } from '../functions/on-change.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createClient } from '../shared/aws/index.ts';
import { readConfig } from '../shared/config.ts';
import { createTable } from '../shared/store/index.ts';
import { createRuntime } from '../shared/pipeline/runtime.ts';
import { loadProfiles } from '../shared/profiles/index.ts';
import {
  ensureVenv,
  startEmulator,
} from '../test/aws/emulator/emulator.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1,
    Math.floor((p / 100) * sorted.length))]!;
}

function perEvent(calls: Record<string, number>, n: number) {
  return Object.fromEntries(Object.entries(calls).sort()
    .map(([op, count]) => [op, Number((count / n).toFixed(2))]));
}

const emulator = await startEmulator({ venv: await ensureVenv() });
try {
  const { bundle } = await loadProfiles('examples/profiles');
  // The demo builds the example account (and leaves a table behind).
  const { world } = await runDemo(emulator.endpoint, bundle!);
  const options = { region: 'eu-west-1', endpoint: emulator.endpoint };
  await createTable({ client: createClient(DynamoDBClient, options),
    tableName: 'bench' });
  const runtime = createRuntime(readConfig({ AWS_REGION: 'eu-west-1',
    DRIFTGUARD_ENDPOINT_URL: emulator.endpoint,
    DRIFTGUARD_TABLE: 'bench', DRIFTGUARD_DRY_RUN: 'true' }),
  { info() {}, warn() {}, error() {} }, bundle!);
  const handle = onChange(runtime, new Logger({ logLevel: 'SILENT' }));
  const account = await runtime.ownAccount();
  // A change on the clients' group that needs nothing done: the group is
  // as its profiles want it, so the event costs only its reads.
  const event = () => cloudTrailEvent({ account, region: 'eu-west-1' },
    'UpdateSecurityGroupRuleDescriptionsIngress',
    ingressParameters(world.client, 'tcp', 443, 443, '10.10.0.0/16'));
  for (let i = 0; i < 20; i += 1) await handle(event());

  const counter = runtime.counter;
  for (const key of Object.keys(counter.calls)) delete counter.calls[key];
  const times: number[] = [];
  for (let i = 0; i < EVENTS; i += 1) {
    const start = performance.now();
    const result = await handle(event());
    times.push(performance.now() - start);
    if (result.actions.length) throw new Error('the event needed action');
  }
  times.sort((a, b) => a - b);
  const reads = Object.values(counter.calls).reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({
    bench: 'on-change.warm',
    events: EVENTS,
    p50Ms: Number(percentile(times, 50).toFixed(1)),
    p99Ms: Number(percentile(times, 99).toFixed(1)),
    awsCallsPerEvent: perEvent(counter.calls, EVENTS),
    readsPerEvent: Number((reads / EVENTS).toFixed(2)),
    note: 'emulator on loopback; latency is driftguard plus moto, not AWS',
  }));
} finally {
  await emulator.stop();
}
