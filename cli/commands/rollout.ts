import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { createClient, openSession } from '../../shared/aws/index.ts';
import {
  soakEnd,
  steer,
  type RolloutState,
} from '../../shared/rollout/state.ts';
import {
  DynamoRolloutStore,
  RecordConflictError,
  StoreError,
} from '../../shared/store/index.ts';
import { InputError, paint, UsageError, type Io, type Outcome } from '../io.ts';
import { formatOption } from '../options.ts';
import { addAwsOptions, type AwsOptions } from './snapshot.ts';

interface RolloutOptions extends AwsOptions {
  table: string;
  region?: string;
  format: string;
  reason?: string;
}

function storeOf(options: RolloutOptions): DynamoRolloutStore {
  const region = options.region ?? process.env.AWS_REGION;
  if (!region) throw new UsageError('rollout needs --region (the table\'s)');
  const session = openSession({ region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    ...options.profile ? { profile: options.profile } : {},
    ...options.roleArn ? { roleArn: options.roleArn } : {} });
  const client = createClient(DynamoDBClient, { region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    credentials: session.sts.config.credentials });
  return new DynamoRolloutStore({ client, tableName: options.table });
}

/** How far the current wave is: converged (and soaking), or not yet. */
function progress(s: RolloutState): string {
  const until = soakEnd(s);
  if (until !== undefined) {
    return `converged ${s.convergedAt}, soaks until ` +
      new Date(until).toISOString();
  }
  const wave = s.policy.waves[s.wave];
  const named = wave && wave.accounts !== 'all'
    ? ` of ${wave.accounts.length}` : '';
  return `${s.converged?.length ?? 0}${named} account(s) converged by a ` +
    'sweep';
}

/** The rollout in lines for people. */
export function describeRollout(s: RolloutState, io: Io): string {
  const c = paint(io);
  const waves = s.policy.waves.map((w, i) => {
    const accounts = w.accounts === 'all' ? 'all others'
      : w.accounts.join(', ');
    const mark = s.status === 'complete' || i < s.wave ? 'done'
      : i === s.wave ? `${s.status}; ${progress(s)}` : 'waiting';
    return `  ${i + 1}. ${w.name} (${accounts}): ${mark}`;
  });
  const cap = s.policy.maxWritesPerWave;
  const kept = Object.entries(s.base ?? {})
    .map(([account, version]) => `${account} (${version})`);
  return [
    `${c.bold('rollout')} ${s.from ?? '(none)'} -> ${s.to}: ` +
      `${c.bold(s.status)}${s.reason ? ` (${s.reason})` : ''}`,
    `  started ${s.startedAt}; wave ${s.wave + 1} of ` +
      `${s.policy.waves.length} since ${s.waveStartedAt}; soak ` +
      `${s.policy.soakMinutes} min; writes this wave ${s.waveWrites}` +
      (cap !== undefined ? ` of ${cap}` : ''),
    ...kept.length ? [`  until reached, kept on their version: ` +
      kept.join(', ')] : [],
    ...waves,
  ].join('\n') + '\n';
}

async function read(store: DynamoRolloutStore, options: RolloutOptions) {
  try {
    const stored = await store.get();
    if (!stored) {
      throw new InputError(`no rollout in ${options.table} yet: the ` +
        'functions start one on their first run');
    }
    return stored;
  } catch (error) {
    if (error instanceof StoreError) {
      throw new InputError(`table ${options.table}: ${error.message}`);
    }
    throw error;
  }
}

async function change(
  command: 'pause' | 'resume' | 'abort',
  options: RolloutOptions,
): Promise<RolloutState> {
  const store = storeOf(options);
  for (let attempt = 1; ; attempt += 1) {
    const stored = await read(store, options);
    let next: RolloutState;
    try {
      next = steer(stored.state, command, new Date(), options.reason);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    try {
      return (await store.put(next, stored.revision)).state;
    } catch (error) {
      if (!(error instanceof RecordConflictError) || attempt >= 5) throw error;
    }
  }
}

function print(io: Io, state: RolloutState, format: string): void {
  io.out(format === 'json'
    ? `${JSON.stringify(state, null, 2)}\n`
    : describeRollout(state, io));
}

/**
 * `driftguard rollout status|pause|resume|abort`: see and steer how a new
 * intent version reaches the accounts.
 */
export function rolloutCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  const rollout = program.command('rollout')
    .description('see and steer the rollout of a new intent version');
  const common = (name: string, about: string) => addAwsOptions(
    rollout.command(name).description(about)
      .requiredOption('--table <name>', 'the driftguard DynamoDB table')
      .option('--region <region>', 'the table\'s region (default AWS_REGION)')
      .addOption(formatOption(['text', 'json'], 'text')));
  common('status', 'where the rollout stands').action(
    async (options: RolloutOptions) => {
      print(io, (await read(storeOf(options), options)).state,
        options.format);
      outcome.code = 0;
    });
  for (const [name, about] of [
    ['pause', 'hold the rollout: no next wave, alerts only where it reached'],
    ['resume', 'go on from a pause (the wave soaks again) or a halt ' +
      '(the next sweep converges the wave again, with a fresh allowance)'],
    ['abort', 'return every account to the old version'],
  ] as const) {
    common(name, about).option('--reason <text>', 'why, for the record')
      .action(async (options: RolloutOptions) => {
        print(io, await change(name, options), options.format);
        outcome.code = 0;
      });
  }
}

