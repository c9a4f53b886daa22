import { EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { createClient } from './clients.ts';
import type { AwsCredentials, CallCounter, ClientOptions } from './clients.ts';
import { accountOfArn, roleCredentials } from './credentials.ts';
import { AwsCallError } from './errors.ts';

/** How an operator reaches an account-region, as the AWS CLI spells it. */
export interface SessionOptions {
  region: string;
  /** `--endpoint-url`; else DRIFTGUARD_ENDPOINT_URL, else AWS's own. */
  endpoint?: string;
  /** A named profile of the AWS config and credentials files. */
  profile?: string;
  /** A role to assume first (session name `driftguard`). */
  roleArn?: string;
  counter?: CallCounter;
}

/** Clients of one identity in one region. */
export interface Session {
  ec2: EC2Client;
  sts: STSClient;
  region: string;
  /** The account, when known without asking (from the role ARN). */
  account?: string;
  /** The credentials the clients hold; none: the default chain. */
  credentials?: AwsCredentials;
}

/**
 * Clients for an operator's command: the default credential chain, or a
 * named profile (`fromIni`), and then the role of `roleArn` assumed with
 * those credentials. Nothing is called until a client is used.
 */
export function openSession(options: SessionOptions): Session {
  const base: ClientOptions = { region: options.region };
  if (options.endpoint !== undefined) base.endpoint = options.endpoint;
  if (options.counter !== undefined) base.counter = options.counter;
  if (options.profile !== undefined) {
    base.credentials = fromIni({
      profile: options.profile,
      clientConfig: { region: options.region, endpoint: options.endpoint },
    });
  }

  let credentials: AwsCredentials | undefined = base.credentials;
  if (options.roleArn !== undefined) {
    const sts = createClient(STSClient, base);
    credentials = roleCredentials({
      sts, roleArn: options.roleArn, region: options.region,
    });
  }
  const all = credentials ? { ...base, credentials } : base;
  const session: Session = {
    ec2: createClient(EC2Client, all),
    sts: createClient(STSClient, all),
    region: options.region,
  };
  const account = options.roleArn && accountOfArn(options.roleArn);
  if (account) session.account = account;
  if (credentials) session.credentials = credentials;
  return session;
}

/** The account of a session's credentials (STS GetCallerIdentity). */
export async function sessionAccount(session: Session): Promise<string> {
  return (await sessionIdentity(session)).account;
}

/** Who a session's credentials are: their account and ARN. */
export interface CallerIdentity {
  account: string;
  /** `arn:aws:sts::…:assumed-role/Ops/alice`, `arn:aws:iam::…:user/bob`. */
  arn: string;
}

/** Who a session's credentials are (STS GetCallerIdentity). */
export async function sessionIdentity(
  session: Session,
): Promise<CallerIdentity> {
  const scope = {
    operation: 'GetCallerIdentity',
    account: session.account,
    region: session.region,
  };
  try {
    const identity = await session.sts.send(new GetCallerIdentityCommand({}));
    if (identity.Account && identity.Arn) {
      return { account: identity.Account, arn: identity.Arn };
    }
    throw new AwsCallError(scope, new Error('STS named no account or ARN'));
  } catch (error) {
    if (error instanceof AwsCallError) throw error;
    throw new AwsCallError(scope, error);
  }
}
