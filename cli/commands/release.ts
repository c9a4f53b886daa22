import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { Option, type Command } from 'commander';
import {
  AwsCallError,
  createClient,
  memberCredentials,
  openSession,
  releaseTogether,
  sessionIdentity,
  WriteRefusedError,
  type EntryRelease,
  type Session,
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
import { addAwsOptions, type AwsOptions } from './snapshot.ts';

interface ReleaseOptions extends AwsOptions {
  table?: string;
  region?: string;
  memberRole: string;
  externalId?: string;
  dryRun?: boolean;
  format: string;
}

/** Environment variable of the table, as the functions read it. */
const TABLE_ENV = 'DRIFTGUARD_TABLE';

function sessionOf(region: string, options: AwsOptions): Session {
  return openSession({
    region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    ...options.profile ? { profile: options.profile } : {},
    ...options.roleArn ? { roleArn: options.roleArn } : {},
  });
}

/** The EC2 client of the entry's account-region: the member role if need be. */
function ec2Of(
  entry: AuditEntry,
  options: ReleaseOptions,
  ownAccount: string,
): EC2Client {
  const session = sessionOf(entry.region, options);
  const credentials = memberCredentials({ sts: session.sts, ownAccount,
    roleName: options.memberRole, externalId: options.externalId })
    .forAccount(entry.account);
  if (!credentials) return session.ec2;
  return createClient(EC2Client, { region: entry.region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    credentials });
}

function stores(session: Session, table: string, options: ReleaseOptions) {
  const client = createClient(DynamoDBClient, { region: session.region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    credentials: session.sts.config.credentials });
  return {
    log: new DynamoAuditLog({ client, tableName: table }),
    quarantines: new DynamoQuarantineStore({ client, tableName: table }),
  };
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

function report(
  id: string,
  released: EntryRelease[],
  options: ReleaseOptions,
): string {
  const dryRun = Boolean(options.dryRun);
  if (options.format !== 'json') {
    return `${released.map((r) => words(id, r, dryRun)).join('\n')}\n`;
  }
  const whole = released.find((r) => r.releases === id)?.result;
  const entries = released.map((r) => ({ releases: r.releases, ...r.result }));
  return `${JSON.stringify({ released: id, ...whole, entries }, null, 2)}\n`;
}

async function run(id: string, options: ReleaseOptions, io: Io) {
  const table = options.table;
  if (!table) {
    throw new UsageError(`release needs --table NAME (or ${TABLE_ENV} ` +
      'set): the driftguard table that holds the entry');
  }
  if (isRotationId(id)) {
    return releaseRotationById(id, { ...options, table }, io);
  }
  const region = options.region ?? process.env.AWS_REGION;
  if (!region) throw new UsageError('release needs --region (the table\'s)');
  const session = sessionOf(region, options);
  const { log, quarantines } = stores(session, table, options);
  const entry = await entryOf(log, id, table);
  const caller = await sessionIdentity(session);
  const target = { ec2: ec2Of(entry, options, caller.account),
    account: entry.account, region: entry.region };
  const dryRun = Boolean(options.dryRun);
  const released = await releaseTogether(target, entry, log, { dryRun,
    reason: { findings: [], trigger: 'cli', actor: caller.arn } });

  const whole = released.find((r) => r.releases === entry.id)?.result;
  if (!dryRun && whole?.status === 'done' && whole.entryId &&
    entry.action === 'quarantine' && await quarantines.get(entry.id)) {
    await quarantines.release(entry.id, whole.entryId);
  }
  io.out(report(id, released, options));
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
    .addOption(new Option('--table <name>',
      'the driftguard DynamoDB table').env(TABLE_ENV))
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
