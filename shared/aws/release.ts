import type {
  AuditEntry,
  AuditLog,
  AuditReason,
} from '../store/types.ts';
import type { SecurityGroupRule } from '../snapshot/types.ts';
import { authorizeNow, wantedOf } from './authorize.ts';
import type { Wanted } from './authorize.ts';
import { WriteRefusedError } from './errors.ts';
import { groupIdsOf, setGroupsNow } from './interfaces.ts';
import { matches, modifyNow } from './modify.ts';
import { permissionOf, requestOf } from './permission.ts';
import { revokeNow } from './revoke.ts';
import {
  idsOf,
  keyOf,
  missingIds,
  naming,
  readGroup,
  readGroupAndRules,
  readGroupRules,
  readInterfaces,
} from './state.ts';
import { tagNow, tagsOf } from './tag.ts';
import { listed, recordWrite } from './write.ts';
import type { Achieved, Plan, WriteResult, WriteTarget } from './write.ts';

/** Options of {@link release}. */
export interface ReleaseOptions {
  /** Why (default: an operator's command, no findings). */
  reason?: AuditReason;
  /** Record what would be put back, and change nothing. */
  dryRun?: boolean;
}

/** Rules to authorize again in one group and direction. */
interface Reauthorize {
  groupId: string;
  egress: boolean;
  wanted: Wanted[];
  /** Ids of the rules there before, to tell the new ones apart. */
  existing: Set<string | undefined>;
}

/** What to record for an undo, and the calls that make it. */
interface Undo {
  plan: Omit<Plan, 'action' | 'groupId' | 'releases'>;
  act: () => Promise<Achieved>;
}

/**
 * Undo exactly what an audit entry recorded: re-authorize the rules it
 * revoked, revoke the rules it created, modify rules back, put tags back
 * as they were, and give each interface it moved its exact group set.
 * The release is recorded as its own entry (`action: 'release'`), and the
 * entry is marked released once everything is back; a partial release
 * can be run again. A quarantine group stays: other quarantines of its
 * VPC may use it. Refuses an entry
 * that is pending, a dry run, already released, a release itself, of
 * another account or region, or that changed nothing.
 */
export async function release(
  target: WriteTarget,
  entry: AuditEntry,
  log: AuditLog,
  options: ReleaseOptions = {},
): Promise<WriteResult> {
  refuse(target, entry);
  const undo = await undoOf(target, entry);
  const plan: Plan = {
    ...undo.plan, action: 'release', groupId: entry.groupId,
    releases: entry.id,
  };
  const dryRun = options.dryRun ?? false;
  const reason = options.reason ?? { findings: [], trigger: 'cli' };
  const { result } = await recordWrite(target,
    { reason, intentVersion: entry.intentVersion, log, dryRun },
    plan, undo.act);
  if (!dryRun && result.status === 'done' && result.entryId) {
    await log.markReleased(entry.id, result.entryId);
  }
  return result;
}

function undoOf(target: WriteTarget, entry: AuditEntry): Promise<Undo> {
  switch (entry.action) {
    case 'revoke-rules':
    case 'isolate-group':
      return reauthorize(target, entry);
    case 'authorize-rules':
      return revokeCreated(target, entry);
    case 'modify-rules':
      return modifyBack(target, entry);
    case 'restore-tag':
      return tagBack(target, entry);
    case 'quarantine':
    case 'detach-group':
    case 'rotate-interface':
      return regroup(target, entry);
    case 'release':
      throw new Error('a release cannot be released');
  }
}

async function reauthorize(
  target: WriteTarget,
  entry: AuditEntry,
): Promise<Undo> {
  const steps: Reauthorize[] = [];
  const read = new Map<string, SecurityGroupRule[]>();
  const rulesOf = async (groupId: string) => {
    const known = read.get(groupId) ??
      await naming(groupId, readGroupRules(target, groupId));
    read.set(groupId, known);
    return known;
  };
  for (const [groupId, egress, rules] of byPlace(doneRules(
    entry.before.rules, entry))) {
    const current = (await rulesOf(groupId))
      .filter((rule) => Boolean(rule.IsEgress) === egress);
    const keys = new Set(current.map(keyOf));
    const wanted = wantedOf(rules.map(permissionOf), groupId, egress)
      .filter((w) => !keys.has(w.key));
    const existing = new Set(idsOf(current));
    if (wanted.length > 0) steps.push({ groupId, egress, wanted, existing });
  }
  const planned = steps.flatMap((step) => step.wanted.map((w) => w.label));
  return {
    plan: { planned, before: {}, groupRules: await rulesOf(entry.groupId),
      intent: `re-authorize ${listed(planned)}` },
    act: async () => {
      const parts: Achieved[] = [];
      for (const { groupId, egress, wanted, existing } of steps) {
        parts.push(await authorizeNow(target, groupId, egress, wanted,
          existing));
      }
      return merge(parts);
    },
  };
}

async function revokeCreated(
  target: WriteTarget,
  entry: AuditEntry,
): Promise<Undo> {
  const created = doneRules(entry.outcome?.createdRules, entry);
  const ids = idsOf(created);
  const { all, asked: current } = await readGroupAndRules(target,
    entry.groupId, ids);
  const planned = idsOf(current);
  return {
    plan: {
      planned, gone: missingIds(ids, current), groupRules: all,
      before: { rules: current }, intent: `revoke ${listed(planned)}`,
    },
    act: () => revokeNow(target, entry.groupId, current),
  };
}

async function modifyBack(
  target: WriteTarget,
  entry: AuditEntry,
): Promise<Undo> {
  const was = doneRules(entry.before.rules, entry);
  const { all, asked: current } = await readGroupAndRules(target,
    entry.groupId, idsOf(was));
  const changes = was.flatMap((rule) => {
    const now = current.find((c) =>
      c.SecurityGroupRuleId === rule.SecurityGroupRuleId);
    const request = requestOf(rule);
    if (!now || matches(now, request)) return [];
    return [{ ruleId: rule.SecurityGroupRuleId ?? '', rule: request }];
  });
  const planned = changes.map((change) => change.ruleId);
  return {
    plan: {
      planned, gone: missingIds(idsOf(was), current), groupRules: all,
      before: { rules: current.filter((r) =>
        planned.includes(r.SecurityGroupRuleId ?? '')) },
      intent: `modify ${listed(planned)} back`,
    },
    act: () => modifyNow(target, entry.groupId, changes),
  };
}

async function tagBack(target: WriteTarget, entry: AuditEntry): Promise<Undo> {
  const key = entry.outcome?.done[0] ?? '';
  const old = tagsOf(entry.before.tags, key)[0]?.Value;
  const group = await readGroup(target, entry.groupId);
  const current = tagsOf(group?.Tags, key);
  const same = current[0]?.Value === old;
  const planned = group && !same ? [key] : [];
  const what = old === undefined ? `delete tag ${key}`
    : `set tag ${key}=${old}`;
  return {
    plan: {
      planned, gone: group ? [] : [entry.groupId],
      before: { tags: current }, intent: `${what} on ${entry.groupId}`,
    },
    act: async () => planned.length === 0 ? { done: [], failed: [] }
      : tagNow(target, entry.groupId, key, old),
  };
}

async function regroup(target: WriteTarget, entry: AuditEntry): Promise<Undo> {
  const sets = entry.before.interfaceGroups ?? {};
  const enis = (entry.outcome?.done ?? []).filter((eni) => eni in sets);
  const current = await readInterfaces(target, enis, entry.groupId);
  const before: Record<string, string[]> = {};
  const wanted: Record<string, string[]> = {};
  for (const eni of current) {
    const id = eni.NetworkInterfaceId ?? '';
    const groups = groupIdsOf(eni);
    const back = sets[id] ?? [];
    if (sameSet(groups, back)) continue;
    before[id] = groups;
    wanted[id] = back;
  }
  const found = current.map((eni) => eni.NetworkInterfaceId ?? '');
  const planned = Object.keys(wanted);
  return {
    plan: {
      planned, gone: enis.filter((eni) => !found.includes(eni)),
      before: { interfaceGroups: before },
      intent: `give ${listed(planned)} their groups back`,
    },
    act: () => setGroupsNow(target, entry.groupId, wanted),
  };
}

function refuse(target: WriteTarget, entry: AuditEntry): void {
  const why = refusal(target, entry);
  if (why === undefined) return;
  const { account, region } = entry;
  throw new WriteRefusedError({ account, region, groupId: entry.groupId },
    `cannot release ${entry.id}: ${why}`);
}

/** Why {@link release} would refuse an entry; undefined when it would not. */
export function refusal(
  target: WriteTarget,
  entry: AuditEntry,
): string | undefined {
  if (entry.action === 'release') return 'it is itself a release';
  if (entry.status === 'pending') {
    return 'it is still pending, so what it changed is unknown';
  }
  if (entry.dryRun) return 'it was a dry run and changed nothing';
  if (entry.releasedBy) return `it was already released by ${entry.releasedBy}`;
  if (entry.account !== target.account || entry.region !== target.region) {
    return `it belongs to account ${entry.account} in ${entry.region}, ` +
      `not to ${target.account} in ${target.region}`;
  }
  if ((entry.outcome?.done ?? []).length === 0) return 'it changed nothing';
  return undefined;
}

/** The recorded rules whose ids the entry's outcome lists as done. */
function doneRules(
  rules: SecurityGroupRule[] | undefined,
  entry: AuditEntry,
): SecurityGroupRule[] {
  const done = new Set(entry.outcome?.done ?? []);
  return (rules ?? []).filter((rule) =>
    done.has(rule.SecurityGroupRuleId ?? ''));
}

function byPlace(
  rules: SecurityGroupRule[],
): [string, boolean, SecurityGroupRule[]][] {
  const places = new Map<string, [string, boolean, SecurityGroupRule[]]>();
  for (const rule of rules) {
    const groupId = rule.GroupId ?? '';
    const egress = Boolean(rule.IsEgress);
    const key = `${groupId}|${egress}`;
    if (!places.has(key)) places.set(key, [groupId, egress, []]);
    places.get(key)?.[2].push(rule);
  }
  return [...places.values()];
}

function merge(parts: Achieved[]): Achieved {
  return {
    done: parts.flatMap((part) => part.done),
    failed: parts.flatMap((part) => part.failed),
    present: parts.flatMap((part) => part.present ?? []),
    createdRules: parts.flatMap((part) => part.createdRules ?? []),
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return [...a].sort().join() === [...b].sort().join();
}
