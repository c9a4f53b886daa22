import type { z } from 'zod';
import { record, text } from './fields.ts';
import type { Actor } from './types.ts';

// CloudTrail's `userIdentity`. Account ids in it are kept as given: AWS
// documentation masks them to other lengths, and the account a change
// belongs to is the event's, not the caller's.

/** The `userIdentity` fields driftguard reads. */
export const identitySchema = record({
  type: text,
  arn: text.optional(),
  principalId: text.optional(),
  accountId: text.optional(),
  userName: text.optional(),
  invokedBy: text.optional(),
  sessionContext: record({
    sessionIssuer: record({ arn: text.optional() }).optional(),
  }).optional(),
});

type Identity = z.output<typeof identitySchema>;

/** The actor of a change, from its identity and where the call came from. */
export function actorOf(
  identity: Identity,
  sourceIPAddress: string | undefined,
  userAgent: string | undefined,
): Actor {
  const fields: Record<string, string | undefined> = {
    type: identity.type,
    arn: identity.arn,
    principalId: identity.principalId,
    accountId: identity.accountId,
    userName: identity.userName,
    sessionIssuer: identity.sessionContext?.sessionIssuer?.arn,
    invokedBy: identity.invokedBy,
    sourceIPAddress,
    userAgent,
  };
  return Object.fromEntries(Object.entries(fields)
    .filter(([, value]) => value !== undefined)) as unknown as Actor;
}

interface RoleArn {
  partition: string;
  account: string;
  /** The role's path and name, e.g. `security/driftguard`. */
  resource: string;
  name: string;
}

const ROLE_ARN = /^arn:([\w-]+):iam::([^:]*):role\/(.+)$/;

function parseRoleArn(arn: string): RoleArn | undefined {
  const match = ROLE_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = '', account = '', resource = ''] = match;
  const name = resource.split('/').pop() ?? '';
  return name === '' ? undefined : { partition, account, resource, name };
}

/**
 * True when `entry` names the role. A role ARN names the role of that
 * partition, account and name (IAM role names are unique in an account,
 * whatever their path, so the ARN's path may be left out). A bare role
 * name, or `path/name`, names the role only in `account`, the account the
 * call changed: that is how a role deployed to every member account is
 * named, and a role of the same name elsewhere is someone else's.
 */
function names(entry: string, role: RoleArn, account: string): boolean {
  if (entry.startsWith('arn:')) {
    const other = parseRoleArn(entry);
    return other !== undefined && other.partition === role.partition &&
      other.account === role.account && other.name === role.name;
  }
  const wanted = entry.replace(/^\/+|\/+$/g, '');
  if (wanted === '' || role.account !== account) return false;
  return wanted.includes('/') ? role.resource === wanted
    : role.name === wanted;
}

/**
 * The session issuer's role ARN when it is one of `roles` (see
 * {@link names}), for a call that changed `account`. Entries that are not
 * non-empty strings name nothing.
 */
export function ownRole(
  actor: Actor,
  roles: readonly unknown[],
  account: string,
): string | undefined {
  const issuer = actor.sessionIssuer;
  const role = issuer === undefined ? undefined : parseRoleArn(issuer);
  if (role === undefined) return undefined;
  const mine = roles.some((entry) =>
    typeof entry === 'string' && names(entry.trim(), role, account));
  return mine ? issuer : undefined;
}

/**
 * True when the actor of a call that changed `account` is one of
 * `principals`: its session issuer is a role they name (a role ARN; or a
 * role name or `path/name`, of a role in `account`), or its own ARN is
 * listed (IAM users, root).
 */
export function isPrincipal(
  actor: Actor,
  principals: readonly string[],
  account: string,
): boolean {
  if (ownRole(actor, principals, account) !== undefined) return true;
  return actor.arn !== undefined && principals.includes(actor.arn);
}
