import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { STSClient } from '@aws-sdk/client-sts';
import { createClient, type ClientOptions } from './clients.ts';
import { memberCredentials } from './credentials.ts';
import { openSession, sessionAccount, type Session } from './session.ts';
import type { SessionOptions } from './session.ts';

/** How an operator reaches the accounts of an organization. */
export interface ReachOptions extends SessionOptions {
  /** Role assumed in every other account (default `driftguard-member`). */
  memberRole?: string;
  externalId?: string;
}

/** Clients in any account and region an operator can reach. */
export interface AccountReach {
  /** STS with the operator's own credentials: member roles are assumed. */
  readonly sts: STSClient;
  /** Organizations, with the operator's own credentials. */
  readonly organizations: OrganizationsClient;
  /** The operator's own account (STS GetCallerIdentity, asked once). */
  ownAccount(): Promise<string>;
  /**
   * EC2 in an account and region: the operator's own credentials in
   * their own account, the member role's elsewhere. The role is assumed
   * once per account before any client is made, so an account that
   * refuses it fails every region with that one AccessDenied.
   */
  ec2For(account: string, region: string): Promise<EC2Client>;
}

/**
 * Clients for an operator's multi-account command (`sweep --accounts`):
 * the options are the AWS CLI's, as for a single-account session, plus
 * the member role to assume. Nothing is called until something is used.
 */
export function reachAccounts(options: ReachOptions): AccountReach {
  const sessions = new Map<string, Session>();
  const sessionIn = (region: string) => {
    let session = sessions.get(region);
    if (!session) {
      session = openSession({ ...options, region });
      sessions.set(region, session);
    }
    return session;
  };
  const home = sessionIn(options.region);
  let own: Promise<string> | undefined;
  const ownAccount = () => own ??= sessionAccount(home);
  const base: ClientOptions = { region: options.region };
  if (options.endpoint !== undefined) base.endpoint = options.endpoint;
  if (options.counter !== undefined) base.counter = options.counter;
  if (home.credentials) base.credentials = home.credentials;

  let members: ReturnType<typeof memberCredentials> | undefined;
  const access = new Map<string, Promise<unknown>>();
  const assumed = async (account: string) => {
    members ??= memberCredentials({ sts: home.sts,
      roleName: options.memberRole, externalId: options.externalId,
      ownAccount: await ownAccount() });
    const first = access.get(account) ?? members.assume(account);
    access.set(account, first);
    await first;
    return members.forAccount(account);
  };

  return {
    sts: home.sts,
    organizations: createClient(OrganizationsClient, base),
    ownAccount,
    async ec2For(account, region) {
      if (account === await ownAccount()) return sessionIn(region).ec2;
      const credentials = await assumed(account);
      return createClient(EC2Client, { ...base, region,
        ...(credentials ? { credentials } : {}) });
    },
  };
}
