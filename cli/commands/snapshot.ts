import type { Command } from 'commander';
import { Option } from 'commander';
import { readRegion } from '../../shared/aws/read.ts';
import { openSession, sessionAccount } from '../../shared/aws/session.ts';
import type { Snapshot } from '../../shared/snapshot/index.ts';
import { emit, UsageError, type Io, type Outcome } from '../io.ts';

/** How a command reaches AWS: the options the AWS CLI spells so. */
export interface AwsOptions {
  endpointUrl?: string;
  profile?: string;
  roleArn?: string;
}

/** Add `--endpoint-url`, `--profile` and `--role-arn` to a command. */
export function addAwsOptions(command: Command): Command {
  return command
    .addOption(new Option('--endpoint-url <url>',
      'send AWS calls to this endpoint (e.g. an emulator)')
      .env('DRIFTGUARD_ENDPOINT_URL'))
    .option('--profile <name>', 'AWS named profile to use')
    .option('--role-arn <arn>',
      'assume this role first (session name driftguard)');
}

/** Environment variable of the table, as the functions read it. */
const TABLE_ENV = 'DRIFTGUARD_TABLE';

/** `--table`, which DRIFTGUARD_TABLE stands in for. */
export function tableOption(): Option {
  return new Option('--table <name>', 'the driftguard DynamoDB table')
    .env(TABLE_ENV);
}

/**
 * The table of `--table` (or DRIFTGUARD_TABLE); without one, a usage
 * error saying that `command` needs it and what the table is to it.
 */
export function requireTable(
  table: string | undefined,
  command: string,
  what: string,
): string {
  if (!table) {
    throw new UsageError(`${command} needs --table NAME (or ${TABLE_ENV} ` +
      `set): ${what}`);
  }
  return table;
}

/**
 * Read a live account-region, read-only (Describe calls only), in the
 * snapshot format. AWS errors are AwsCallErrors naming account and region.
 */
export async function liveSnapshot(
  region: string,
  options: AwsOptions,
): Promise<Snapshot> {
  const session = openSession({
    region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    ...options.profile ? { profile: options.profile } : {},
    ...options.roleArn ? { roleArn: options.roleArn } : {},
  });
  const account = await sessionAccount(session);
  return readRegion({ ec2: session.ec2, account, region });
}

interface SnapshotOptions extends AwsOptions {
  region: string;
  out?: string;
}

/** `driftguard snapshot`: export a live account-region as a snapshot. */
export function snapshotCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  const command = program.command('snapshot')
    .description('export a live account-region (read-only) as a snapshot')
    .requiredOption('--region <region>', 'AWS region to read')
    .option('--out <file>', 'write the snapshot to a file (else stdout)');
  addAwsOptions(command)
    .action(async (options: SnapshotOptions) => {
      const snapshot = await liveSnapshot(options.region, options);
      await emit(io, `${JSON.stringify(snapshot, null, 2)}\n`, options.out);
      outcome.code = 0;
    });
}
