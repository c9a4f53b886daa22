import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { createClient } from '../../shared/aws/clients.ts';
import { memberCredentials } from '../../shared/aws/credentials.ts';
import { deepestCall, rootFailure } from '../../shared/aws/errors.ts';
import { readRegion } from '../../shared/aws/read.ts';
import {
  openSession,
  sessionAccount,
  type Session,
} from '../../shared/aws/session.ts';
import type { WriteTarget } from '../../shared/aws/write.ts';
import type { Snapshot } from '../../shared/snapshot/types.ts';
import type { AwsOptions } from '../commands/snapshot.ts';
import { InputError } from '../io.ts';

/** How a command reaches its own and other accounts. */
export interface ReachOptions extends AwsOptions {
  memberRole: string;
  externalId?: string;
}

/** The operator's session in a region, and the account it is in. */
export interface Reach {
  session: Session;
  own: string;
}

/** The operator's session in `region`; nothing is called yet. */
export function sessionIn(region: string, options: AwsOptions): Session {
  return openSession({
    region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    ...options.profile ? { profile: options.profile } : {},
    ...options.roleArn ? { roleArn: options.roleArn } : {},
  });
}

/** Opens the operator's session in `region` and learns its account. */
export async function reach(
  region: string,
  options: AwsOptions,
): Promise<Reach> {
  const session = sessionIn(region, options);
  return { session, own: await sessionAccount(session) };
}

/**
 * A write target per account: the session's own clients for its own
 * account, the member role (assumed from the session) for the others.
 */
export function writeTargets(
  { session, own }: Reach,
  accounts: readonly string[],
  options: ReachOptions,
): Map<string, WriteTarget> {
  const members = memberCredentials({ sts: session.sts, ownAccount: own,
    roleName: options.memberRole, externalId: options.externalId });
  const region = session.region;
  return new Map(accounts.map((account) => {
    const credentials = members.forAccount(account);
    const ec2 = credentials
      ? createClient(EC2Client, { region, credentials,
        ...options.endpointUrl ? { endpoint: options.endpointUrl } : {} })
      : session.ec2;
    return [account, { ec2, account, region }];
  }));
}

/**
 * True when `error` comes of an AssumeRole that failed. An AssumeRole
 * fails of STS's own error, or of the AssumeRole that got the credentials
 * it was sent with, never of another call: so it is the deepest call.
 */
function assumeFailed(error: unknown): boolean {
  return deepestCall(error)?.operation === 'AssumeRole';
}

/**
 * Reads the region of every target. An account the member role cannot
 * be assumed in is an error that says how an operator gets in: the
 * deployed member role trusts only driftguard's function roles, never an
 * operator, so a rotation in another account needs a role of the
 * operator's own there.
 */
export async function readTargets(
  at: Reach,
  targets: ReadonlyMap<string, WriteTarget>,
  options: ReachOptions,
): Promise<Snapshot[]> {
  const snapshots: Snapshot[] = [];
  for (const [account, target] of targets) {
    try {
      snapshots.push(await readRegion(target));
    } catch (error) {
      if (account === at.own || !assumeFailed(error)) throw error;
      throw new InputError(`cannot enter account ${account} as ` +
        `${options.memberRole}: ${rootFailure(error)}; driftguard's member ` +
        'role trusts only driftguard\'s functions, not an operator: pass ' +
        '--member-role with a role of yours that every account of ' +
        '--accounts has and your session may assume, or --role-arn with ' +
        'your role in the one account to rotate in', { cause: error });
    }
  }
  return snapshots;
}

/** A DynamoDB client of the session's identity, in `region`. */
export function tableClient(
  session: Session,
  region: string,
  options: AwsOptions,
): DynamoDBClient {
  return createClient(DynamoDBClient, { region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    credentials: session.sts.config.credentials });
}
