import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { Command } from 'commander';
import {
  AwsCallError,
  createClient,
  memberCredentials,
  openSession,
  release,
  sessionAccount,
  WriteRefusedError,
  type Session,
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
import { addAwsOptions, type AwsOptions } from './snapshot.ts';

interface ReleaseOptions extends AwsOptions {
  table: string;
  region?: string;
  memberRole: string;
  externalId?: string;
  dryRun?: boolean;
  format: string;
}

function sessionOf(region: string, options: AwsOptions): Session {
  return openSession({
    region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    ...options.profile ? { profile: options.profile } : {},
    ...options.roleArn ? { roleArn: options.roleArn } : {},
  });
}

/** The EC2 client of the entry's account-region: the member role if need be. */
async function ec2Of(
  entry: AuditEntry,
  options: ReleaseOptions,
): Promise<EC2Client> {
  const session = sessionOf(entry.region, options);
  const own = await sessionAccount(session);
  const credentials = memberCredentials({ sts: session.sts, ownAccount: own,
    roleName: options.memberRole, externalId: options.externalId })
    .forAccount(entry.account);
  if (!credentials) return session.ec2;
  return createClient(EC2Client, { region: entry.region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    credentials });
}

async function stores(options: ReleaseOptions) {
  const region = options.region ?? process.env.AWS_REGION;
  if (!region) throw new UsageError('release needs --region (the table\'s)');
  const session = sessionOf(region, options);
  const client = createClient(DynamoDBClient, { region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    credentials: session.sts.config.credentials });
  const tableName = options.table;
  return {
    log: new DynamoAuditLog({ client, tableName }),
    quarantines: new DynamoQuarantineStore({ client, tableName }),
  };
}

function words(id: string, r: WriteResult, dryRun: boolean): string {
  if (dryRun) return `dry run: would release ${id} (${r.planned.join(', ')})`;
  const failed = r.failed.map((f) => `\n  not put back: ${f.id}: ${f.error}`);
  return `released ${id}: ${r.status}, put back ${r.done.join(', ') ||
    'nothing'}; recorded as ${r.entryId ?? '-'}${failed.join('')}`;
}

async function run(id: string, options: ReleaseOptions, io: Io) {
  if (isRotationId(id)) return releaseRotationById(id, options, io);
  const { log, quarantines } = await stores(options);
  const entry = await log.get(id).catch((error: unknown) => {
    if (error instanceof StoreError) {
      throw new InputError(`table ${options.table}: ${error.message}`);
    }
    throw error;
  });
  if (!entry) throw new InputError(`no audit entry ${id} in ${options.table}`);
  const ec2 = await ec2Of(entry, options);
  const target = { ec2, account: entry.account, region: entry.region };
  const dryRun = Boolean(options.dryRun);
  const result = await release(target, entry, log, { dryRun,
    reason: { findings: [], trigger: 'cli' } });
  if (!dryRun && result.status === 'done' && result.entryId &&
    entry.action === 'quarantine' && await quarantines.get(entry.id)) {
    await quarantines.release(entry.id, result.entryId);
  }
  io.out(options.format === 'json'
    ? `${JSON.stringify({ released: id, ...result }, null, 2)}\n`
    : `${words(id, result, dryRun)}\n`);
  return dryRun || result.status === 'done' ? 0 : 1;
}

/**
 * `driftguard release ID`: undoes a rollback or quarantine exactly as its
 * audit entry recorded it, and records the release too.
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
    .requiredOption('--table <name>', 'the driftguard DynamoDB table')
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
