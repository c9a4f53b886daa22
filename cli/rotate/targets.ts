import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { createClient } from '../../shared/aws/clients.ts';
import { memberCredentials } from '../../shared/aws/credentials.ts';
import {
  openSession,
  sessionAccount,
  type Session,
} from '../../shared/aws/session.ts';
import type { WriteTarget } from '../../shared/aws/write.ts';
import type { AwsOptions } from '../commands/snapshot.ts';

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

/** Opens the operator's session in `region` and learns its account. */
export async function reach(
  region: string,
  options: AwsOptions,
): Promise<Reach> {
  const session = openSession({
    region,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    ...options.profile ? { profile: options.profile } : {},
    ...options.roleArn ? { roleArn: options.roleArn } : {},
  });
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
