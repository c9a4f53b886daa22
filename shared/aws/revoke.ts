import {
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import type { AuditAction } from '../store/types.ts';
import type { SecurityGroupRule } from '../snapshot/types.ts';
import { batchThenEach } from './fallback.ts';
import type { Settled } from './fallback.ts';
import {
  idsOf,
  missingIds,
  readGroupAndRules,
  readRulesById,
  refuseStrays,
} from './state.ts';
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
  Plan,
  WriteOptions,
  WriteResult,
  WriteTarget,
} from './write.ts';

/** What {@link revokeRules} revokes: rules of one group, by id. */
export interface RevokeInput {
  groupId: string;
  ruleIds: readonly string[];
}

/** The EC2 calls of {@link revokeRules}, for the IAM policies. */
export const REVOKE_CALLS: readonly Ec2Call[] = [
  { action: 'ec2:RevokeSecurityGroupIngress', on: 'bound-group' },
  { action: 'ec2:RevokeSecurityGroupEgress', on: 'bound-group' },
];

/** Error codes that mean a rule or its group no longer exists. */
export const RULE_GONE_CODES = [
  'InvalidSecurityGroupRuleId.NotFound',
  'InvalidPermission.NotFound',
  'InvalidGroup.NotFound',
];

/** How a revoke is tied to other writes, and what it has read. */
export interface RevokeLink {
  /** The entry this revoke completes (a quarantine's isolation). */
  partOf?: string;
  /** Every rule of the group, when the caller has just read them. */
  groupRules?: SecurityGroupRule[];
}

/**
 * Revoke rules of a group by their `sgr-` ids, never by their properties.
 * The rules are read first and recorded whole as the prior state, beside
 * every rule of the group (read again after the calls); ids that no
 * longer exist are reported in `gone`, not as failures. Ingress and
 * egress rules go to their own call.
 */
export async function revokeRules(
  target: WriteTarget,
  input: RevokeInput,
  options: WriteOptions,
): Promise<WriteResult> {
  return revokeAs('revoke-rules', target, input, options);
}

/** {@link revokeRules}, recorded as `action` (e.g. `isolate-group`). */
export async function revokeAs(
  action: AuditAction,
  target: WriteTarget,
  input: RevokeInput,
  options: WriteOptions,
  link: RevokeLink = {},
): Promise<WriteResult> {
  const { groupId } = input;
  const { all, asked: rules } = await readGroupAndRules(target, groupId,
    input.ruleIds, link.groupRules);
  refuseStrays(target, groupId, rules);
  const gone = missingIds(input.ruleIds, rules);
  if (rules.length === 0) return unchanged(options, gone);

  const planned = idsOf(rules);
  const plan: Plan = {
    action, groupId, planned, gone,
    before: { rules: plain(rules) },
    groupRules: all,
    intent: `revoke ${listed(planned)} from ${groupId}`,
  };
  if (link.partOf !== undefined) plan.partOf = link.partOf;
  const { result } = await recordWrite(target, options, plan,
    () => revokeNow(target, groupId, rules));
  return result;
}

/**
 * Revoke `rules` (as read) of `groupId` now, unrecorded: the calls of
 * {@link revokeRules}, for the writes that record themselves.
 */
export async function revokeNow(
  target: WriteTarget,
  groupId: string,
  rules: readonly SecurityGroupRule[],
): Promise<Achieved> {
  const ingress = rules.filter((rule) => !rule.IsEgress);
  const egress = rules.filter((rule) => rule.IsEgress);
  const settled = [
    await revokeDirection(target, groupId, ingress, false),
    await revokeDirection(target, groupId, egress, true),
  ];
  return {
    done: settled.flatMap((s) => s.done),
    failed: settled.flatMap((s) => s.failed),
    gone: settled.flatMap((s) => s.needless),
  };
}

async function revokeDirection(
  target: WriteTarget,
  groupId: string,
  rules: SecurityGroupRule[],
  egress: boolean,
): Promise<Settled> {
  const operation = egress
    ? 'RevokeSecurityGroupEgress'
    : 'RevokeSecurityGroupIngress';
  const send = async (ids: string[]) => {
    const input = { GroupId: groupId, SecurityGroupRuleIds: ids };
    const output = egress
      ? await target.ec2.send(new RevokeSecurityGroupEgressCommand(input))
      : await target.ec2.send(new RevokeSecurityGroupIngressCommand(input));
    if (output.Return === false) throw new Error('EC2 answered Return=false');
  };
  return batchThenEach(rules, {
    id: (rule) => rule.SecurityGroupRuleId ?? '',
    batch: (batch) => send(idsOf(batch)),
    single: (rule) => send(idsOf([rule])),
    needless: (error) => isCode(error, ...RULE_GONE_CODES),
    settled: async (batch) => {
      const left = await readRulesById(target, idsOf(batch), groupId);
      return new Set(missingIds(idsOf(batch), left));
    },
    // Gone after a failed call: the call may have been made, its answer
    // lost and the retry refused. Counted as revoked, it stays releasable,
    // as it was in the prior state.
    settledAs: 'done',
    fail: (rule, error) => failure(target, operation, groupId,
      rule.SecurityGroupRuleId ?? '', error),
  });
}
