import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import type { IpPermission } from '@aws-sdk/client-ec2';
import type { Direction } from '../rules/index.ts';
import type { SecurityGroupRule } from '../snapshot/types.ts';
import { batchThenEach } from './fallback.ts';
import { describeRule, rulesOf, splitPermission } from './permission.ts';
import { keyOf, naming, readGroupRules } from './state.ts';
import {
  failure,
  isCode,
  listed,
  plain,
  recordWrite,
  unchanged,
} from './write.ts';
import type {
  Achieved,
  Ec2Call,
  WriteOptions,
  WriteResult,
  WriteTarget,
} from './write.ts';

/** The EC2 calls of {@link authorizeRules}, for the IAM policies. */
export const AUTHORIZE_CALLS: readonly Ec2Call[] = [
  { action: 'ec2:AuthorizeSecurityGroupIngress', on: 'bound-group' },
  { action: 'ec2:AuthorizeSecurityGroupEgress', on: 'bound-group' },
];

/** What {@link authorizeRules} adds: permissions in one direction. */
export interface AuthorizeInput {
  groupId: string;
  direction: Direction;
  permissions: readonly IpPermission[];
}

/** What {@link authorizeRules} did. */
export interface AuthorizeResult extends WriteResult {
  /** The rules it created, as EC2 describes them, with their ids. */
  created: SecurityGroupRule[];
  /**
   * What was there already: ids of the rules found before the call, and
   * labels of peers EC2 called duplicate during it (someone was quicker).
   */
  present: string[];
}

/** One peer of a permission to authorize, and how to name it. */
export interface Wanted {
  permission: IpPermission;
  /** `ingress tcp 443 from 10.0.0.0/8`: its id until EC2 gives one. */
  label: string;
  key: string;
}

/**
 * Authorize permissions on a group. A peer already there (the same
 * traffic, whatever its description) is not authorized again; EC2's
 * `InvalidPermission.Duplicate` counts as already there, not as a
 * failure. The created rules are recorded so that release revokes
 * exactly those, with every rule of the group before and after.
 */
export async function authorizeRules(
  target: WriteTarget,
  input: AuthorizeInput,
  options: WriteOptions,
): Promise<AuthorizeResult> {
  const { groupId } = input;
  const isEgress = input.direction === 'egress';
  const wanted = wantedOf(input.permissions, groupId, isEgress);
  const all = await naming(groupId, readGroupRules(target, groupId));
  const before = all.filter((rule) => Boolean(rule.IsEgress) === isEgress);
  const present = before.filter((rule) => wanted.some((w) =>
    w.key === keyOf(rule))).map((rule) => rule.SecurityGroupRuleId ?? '');
  const missing = wanted.filter((w) => !before.some((rule) =>
    keyOf(rule) === w.key));
  if (missing.length === 0) {
    return { ...unchanged(options), created: [], present };
  }

  const planned = missing.map((w) => w.label);
  const plan = {
    action: 'authorize-rules' as const, groupId, planned, before: {},
    groupRules: all, intent: `authorize ${listed(planned)} on ${groupId}`,
  };
  const ids = new Set(before.map((rule) => rule.SecurityGroupRuleId));
  const { result, entry, achieved } = await recordWrite(target, options,
    plan, () => authorizeNow(target, groupId, isEgress, missing, ids));
  const created = entry.outcome?.createdRules ?? [];
  const found = [...present, ...achieved.present ?? []];
  return { ...result, created, present: found };
}

/**
 * Authorize `permissions` now, unrecorded (for the writes that record
 * themselves): one call, then one per peer if that fails. `done` are the
 * ids of the created rules, in `createdRules`; a peer already there is
 * in `present`, a peer that failed is named by its label.
 */
export async function authorizeNow(
  target: WriteTarget,
  groupId: string,
  isEgress: boolean,
  missing: readonly Wanted[],
  existingIds: ReadonlySet<string | undefined>,
): Promise<Achieved> {
  const answered: SecurityGroupRule[] = [];
  const send = async (batch: Wanted[]) => {
    const input = {
      GroupId: groupId,
      IpPermissions: batch.map((w) => w.permission),
    };
    const output = isEgress
      ? await target.ec2.send(new AuthorizeSecurityGroupEgressCommand(input))
      : await target.ec2.send(new AuthorizeSecurityGroupIngressCommand(input));
    answered.push(...output.SecurityGroupRules ?? []);
  };
  const operation = isEgress
    ? 'AuthorizeSecurityGroupEgress'
    : 'AuthorizeSecurityGroupIngress';

  const newRules = async () => (await readGroupRules(target, groupId))
    .filter((rule) => !existingIds.has(rule.SecurityGroupRuleId));
  const settled = await batchThenEach([...missing], {
    id: (w) => w.key,
    batch: send,
    single: (w) => send([w]),
    needless: (error) => isCode(error, 'InvalidPermission.Duplicate'),
    settled: async () => new Set((await newRules()).map(keyOf)),
    // There after a failed call: EC2 makes no part of a failed call, so
    // someone else added it, and release must not revoke it. (moto 5.2.5
    // keeps the permissions it added before a duplicate one.)
    settledAs: 'needless',
    fail: (w, error) => failure(target, operation, groupId, w.label, error),
  });

  const doneKeys = new Set(settled.done);
  const created = await createdRules(answered, doneKeys, newRules);
  return {
    done: created.map((rule) => rule.SecurityGroupRuleId ?? ''),
    failed: settled.failed,
    present: missing.filter((w) => settled.needless.includes(w.key))
      .map((w) => w.label),
    createdRules: plain(created),
  };
}

/** Each peer of `permissions`, with its label and rule key. */
export function wantedOf(
  permissions: readonly IpPermission[],
  groupId: string,
  isEgress: boolean,
): Wanted[] {
  const wanted = new Map<string, Wanted>();
  for (const permission of permissions.flatMap(splitPermission)) {
    const [shape] = rulesOf(permission, { groupId, isEgress });
    if (!shape) continue;
    const key = keyOf(shape);
    if (!wanted.has(key)) {
      wanted.set(key, { permission, key, label: describeRule(shape) });
    }
  }
  return [...wanted.values()];
}

/**
 * The rules created for `doneKeys`: from EC2's answers when they name
 * every one (AWS does; moto 5.2.5 answers a call of several permissions
 * with the rules of the last one only), else read back from the group.
 */
async function createdRules(
  answered: readonly SecurityGroupRule[],
  doneKeys: ReadonlySet<string>,
  newRules: () => Promise<SecurityGroupRule[]>,
): Promise<SecurityGroupRule[]> {
  if (doneKeys.size === 0) return [];
  const fromAnswers = answered.filter((rule) => doneKeys.has(keyOf(rule)));
  const covered = new Set(fromAnswers.map(keyOf));
  if ([...doneKeys].every((key) => covered.has(key))) return fromAnswers;
  return (await newRules()).filter((rule) => doneKeys.has(keyOf(rule)));
}
