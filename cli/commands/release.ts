import type { Command } from 'commander';
import {
  AwsCallError,
  releaseTogether,
  sessionIdentity,
  WriteRefusedError,
  type EntryRelease,
  type WriteResult,
} from '../../shared/aws/index.ts';
import {
  DynamoAuditLog,
  DynamoQuarantineStore,
  StoreError,
} from '../../shared/store/index.ts';
import type { AuditEntry } from '../../shared/store/types.ts';
import { isRotationId } from '../../shared/store/rotations.ts';
import { InputError, UsageError, type Io, type Outcome } from '../io.ts';
import { formatOption } from '../options.ts';
import { releaseRotationById } from '../rotate/release.ts';
import {
  sessionIn,
  tableClient,
  writeTargets,
  type ReachOptions,
} from '../rotate/targets.ts';
import { addAwsOptions, requireTable, tableOption } from './snapshot.ts';

interface ReleaseOptions extends ReachOptions {
  table?: string;
  region?: string;
  dryRun?: boolean;
  format: string;
}

async function entryOf(
  log: DynamoAuditLog,
  id: string,
  table: string,
): Promise<AuditEntry> {
  const entry = await log.get(id).catch((error: unknown) => {
    if (error instanceof StoreError) {
      throw new InputError(`table ${table}: ${error.message}`);
    }
    throw error;
  });
  if (!entry) throw new InputError(`no audit entry ${id} in ${table}`);
  return entry;
}

function words(
  id: string,
  { releases, result: r }: EntryRelease,
  dryRun: boolean,
): string {
  const which = releases === id ? id : `${releases} (part of ${id})`;
  if (dryRun) {
    return `dry run: would release ${which} (${r.planned.join(', ')})`;
  }
  const failed = r.failed.map((f) => `\n  not put back: ${f.id}: ${f.error}`);
  return `released ${which}: ${r.status}, put back ${r.done.join(', ') ||
    'nothing'}; recorded as ${r.entryId ?? '-'}${failed.join('')}`;
}

/** What the release printed; `whole` is the release of the entry `id`. */
function report(
  id: string,
  released: EntryRelease[],
  whole: WriteResult | undefined,
  options: ReleaseOptions,
): string {
  const dryRun = Boolean(options.dryRun);
  if (options.format !== 'json') {
    return `${released.map((r) => words(id, r, dryRun)).join('\n')}\n`;
  }
  const entries = released.map((r) => ({ releases: r.releases, ...r.result }));
  return `${JSON.stringify({ released: id, ...whole, entries }, null, 2)}\n`;
}

async function run(id: string, options: ReleaseOptions, io: Io) {
  const table = requireTable(options.table, 'release',
    'the driftguard table that holds the entry');
  if (isRotationId(id)) {
    return releaseRotationById(id, { ...options, table }, io);
  }
  const region = options.region ?? process.env.AWS_REGION;
  if (!region) throw new UsageError('release needs --region (the table\'s)');
  const session = sessionIn(region, options);
  const client = tableClient(session, region, options);
  const log = new DynamoAuditLog({ client, tableName: table });
  const quarantines = new DynamoQuarantineStore({ client, tableName: table });
  const entry = await entryOf(log, id, table);
  const caller = await sessionIdentity(session);
  // The entry's account is reached from its region, as its own writes
  // were: the member role unless it is the caller's account.
  const there = { session: sessionIn(entry.region, options),
    own: caller.account };
  const target = writeTargets(there, [entry.account], options)
    .get(entry.account)!;
  const dryRun = Boolean(options.dryRun);
  const released = await releaseTogether(target, entry, log, { dryRun,
    reason: { findings: [], trigger: 'cli', actor: caller.arn } });

  const whole = released.find((r) => r.releases === entry.id)?.result;
  if (!dryRun && whole?.status === 'done' && whole.entryId &&
    entry.action === 'quarantine' && await quarantines.get(entry.id)) {
    await quarantines.release(entry.id, whole.entryId);
  }
  io.out(report(id, released, whole, options));
  return dryRun || released.every((r) => r.result.status === 'done') ? 0 : 1;
}

/**
 * `driftguard release ID`: undoes a rollback or quarantine exactly as its
 * audit entry recorded it, with the entries that are part of it (a
 * quarantine's isolation), and records each release with who ran it.
 */
export function releaseCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  const command = program.command('release')
    .description('undo a quarantine or rollback from its audit entry')
    .argument('<id>', 'the audit entry id (as alerts and history print ' +
      'it), or a rotation id')
    .addOption(tableOption())
    .option('--region <region>', 'the table\'s region (default AWS_REGION)')
    .option('--member-role <name>', 'role to assume in the entry\'s account',
      'driftguard-member')
    .option('--external-id <id>', 'external id of the member role')
    .option('--dry-run', 'say what would be put back, change nothing')
    .addOption(formatOption(['text', 'json'], 'text'));
  addAwsOptions(command).action(async (id: string, o: ReleaseOptions) => {
    try {
      outcome.code = await run(id, o, io);
    } catch (error) {
      if (error instanceof WriteRefusedError ||
        error instanceof AwsCallError) {
        throw new InputError(error.message, { cause: error });
      }
      throw error;
    }
  });
}
