import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials } from './clients.ts';
import { AwsCallError } from './errors.ts';

/** Role driftguard assumes in a member account unless told otherwise. */
export const DEFAULT_MEMBER_ROLE = 'driftguard-member';

/** Session name of every assumed role, as CloudTrail shows it. */
export const SESSION_NAME = 'driftguard';

/** Cached credentials are renewed this long before they expire. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** Resolved keys of an assumed role (with their expiry). */
export type AwsCredentialIdentity = Extract<
  AwsCredentials,
  { accessKeyId: string }
>;

/** Options of {@link memberCredentials}. */
export interface MemberCredentialsOptions {
  /** STS client holding the caller's own credentials. */
  sts: STSClient;
  /** Role name in each member account (default `driftguard-member`). */
  roleName?: string;
  /** External id the member role's trust policy asks for. */
  externalId?: string;
  /** The caller's own account: no role is assumed for it. */
  ownAccount?: string;
  /** Lifetime asked of STS, in seconds (default: the role's default). */
  durationSeconds?: number;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/** Credentials for the accounts of an organisation, cached per role. */
export interface MemberCredentials {
  /**
   * What to give a client for `account`: a provider of the member role's
   * credentials, or `undefined` for the own account, where the default
   * chain applies.
   */
  forAccount(account: string, roleName?: string): AwsCredentials | undefined;
  /** The member role's keys, from the cache while they are fresh enough. */
  assume(account: string, roleName?: string): Promise<AwsCredentialIdentity>;
}

interface CacheEntry {
  identity: Promise<AwsCredentialIdentity>;
  expires?: number;
}

/** ARN of the role driftguard assumes in `account`. */
export function memberRoleArn(
  account: string,
  roleName = DEFAULT_MEMBER_ROLE,
): string {
  return `arn:aws:iam::${account}:role/${roleName}`;
}

/**
 * Credentials for member accounts by STS AssumeRole, cached per account and
 * role, reused until {@link REFRESH_MARGIN_MS} before they expire. Calls for
 * the same role while one is in flight share it.
 */
export function memberCredentials(
  options: MemberCredentialsOptions,
): MemberCredentials {
  const defaultRole = options.roleName ?? DEFAULT_MEMBER_ROLE;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();

  const assume = (account: string, roleName = defaultRole) => {
    checkAccountId(account);
    const key = `${account}/${roleName}`;
    const cached = cache.get(key);
    if (cached && isFresh(cached, now())) return cached.identity;

    const entry: CacheEntry = {
      identity: assumeRole(options, account, roleName),
    };
    cache.set(key, entry);
    entry.identity.then(
      (identity) => { entry.expires = identity.expiration?.getTime(); },
      () => { if (cache.get(key) === entry) cache.delete(key); },
    );
    return entry.identity;
  };

  return {
    assume,
    forAccount(account, roleName) {
      checkAccountId(account);
      if (account === options.ownAccount) return undefined;
      return () => assume(account, roleName);
    },
  };
}

/** Options of {@link roleCredentials}. */
export interface RoleCredentialsOptions {
  /** STS client holding the caller's own credentials. */
  sts: STSClient;
  /** ARN of the role to assume. */
  roleArn: string;
  externalId?: string;
  /** Region, to name in errors. */
  region?: string;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/** The account id in a role ARN, if it has one. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
}

/**
 * A provider of one role's credentials by STS AssumeRole (session name
 * `driftguard`), cached until {@link REFRESH_MARGIN_MS} before they
 * expire: for an operator's `--role-arn`.
 */
export function roleCredentials(
  options: RoleCredentialsOptions,
): () => Promise<AwsCredentialIdentity> {
  const now = options.now ?? Date.now;
  let cached: CacheEntry | undefined;
  return () => {
    if (cached && isFresh(cached, now())) return cached.identity;
    const entry: CacheEntry = {
      identity: assumeRoleArn(options.sts, options.roleArn, options),
    };
    cached = entry;
    entry.identity.then(
      (identity) => { entry.expires = identity.expiration?.getTime(); },
      () => { if (cached === entry) cached = undefined; },
    );
    return entry.identity;
  };
}

function assumeRole(
  options: MemberCredentialsOptions,
  account: string,
  roleName: string,
): Promise<AwsCredentialIdentity> {
  return assumeRoleArn(options.sts, memberRoleArn(account, roleName), options);
}

async function assumeRoleArn(
  sts: STSClient,
  roleArn: string,
  options: { externalId?: string; durationSeconds?: number; region?: string },
): Promise<AwsCredentialIdentity> {
  const command = new AssumeRoleCommand({
    RoleArn: roleArn,
    RoleSessionName: SESSION_NAME,
    ExternalId: options.externalId,
    DurationSeconds: options.durationSeconds,
  });
  const account = accountOfArn(roleArn);
  const scope = { operation: 'AssumeRole', account, region: options.region };
  let output;
  try {
    output = await sts.send(command);
  } catch (error) {
    throw new AwsCallError(scope, error);
  }

  const keys = output.Credentials;
  if (!keys?.AccessKeyId || !keys.SecretAccessKey) {
    const missing = new Error('STS answered without credentials');
    throw new AwsCallError(scope, missing);
  }
  return {
    accessKeyId: keys.AccessKeyId,
    secretAccessKey: keys.SecretAccessKey,
    sessionToken: keys.SessionToken,
    expiration: keys.Expiration,
    accountId: account,
  };
}

function isFresh(entry: CacheEntry, now: number): boolean {
  // Still in flight (no expiry known yet), or never expiring, counts as fresh.
  if (entry.expires === undefined) return true;
  return entry.expires - REFRESH_MARGIN_MS > now;
}

function checkAccountId(account: string): void {
  if (!/^\d{12}$/.test(account)) {
    throw new Error(`not an AWS account id (12 digits): '${account}'`);
  }
}
