import type { Finding } from '../engine/types.ts';
import {
  isPrincipal,
  type Change,
  type TagChange,
} from '../events/index.ts';
import type { Mode } from '../profiles/types.ts';
import type { SecurityGroup, Snapshot } from '../snapshot/types.ts';

/** Who may do what, by principal. */
export interface Principals {
  platform: readonly string[];
  vendor: readonly string[];
}

/** A tampered binding and what it should be. */
export interface Tamper {
  groupId: string;
  key: string;
  /** The binding to put back; null when the group had none. */
  previous: string | null | undefined;
  current: string | undefined;
}

/** The value of the group's tag `key`, if it has one. */
export function tagOf(
  group: SecurityGroup,
  key: string,
): string | undefined {
  return group.Tags?.find((t) => t.Key === key)?.Value;
}

/** Sets the group's tag `key` to `value`, or removes it (undefined). */
export function setTag(
  group: SecurityGroup,
  key: string,
  value: string | undefined,
): void {
  const others = (group.Tags ?? []).filter((t) => t.Key !== key);
  group.Tags = value === undefined ? others
    : [...others, { Key: key, Value: value }];
}

function base(
  change: Change,
  group: SecurityGroup | undefined,
  intentVersion: string,
): Omit<Finding, 'kind' | 'severity' | 'action' | 'message'> {
  const finding: Omit<Finding, 'kind' | 'severity' | 'action' | 'message'> = {
    account: change.account, region: change.region,
    groupId: group?.GroupId ?? change.createdGroup?.groupId ?? '',
    intentVersion,
  };
  if (group?.GroupName) finding.groupName = group.GroupName;
  if (group?.VpcId) finding.vpcId = group.VpcId;
  return finding;
}

/**
 * True when a tag change may have touched the binding: it names the
 * binding key, or it is a DeleteTags naming no tag at all, which deletes
 * every tag of the resources (`aws ec2 delete-tags --resources sg-…`).
 */
export function touchesBinding(tags: TagChange, key: string): boolean {
  if (tags.action === 'delete' && tags.tags.length === 0) return true;
  return tags.tags.some((t) => t.key === key);
}

/**
 * Binding tags a change set or removed against the platform's will: every
 * group whose binding now differs from the one last known, when the actor
 * is not a platform principal.
 */
export function tampers(
  change: Change,
  snapshot: Snapshot,
  key: string,
  previous: Record<string, string | null | undefined>,
  principals: Principals,
): Tamper[] {
  const tags = change.tagChange;
  if (!tags || !touchesBinding(tags, key)) return [];
  if (isPrincipal(change.actor, principals.platform, change.account)) {
    return [];
  }
  const out: Tamper[] = [];
  for (const groupId of tags.groupIds) {
    const group = snapshot.SecurityGroups.find((g) => g.GroupId === groupId);
    if (!group) continue;
    const current = tagOf(group, key);
    const deleted = tags.action === 'delete'
      ? tags.tags.find((t) => t.key === key)?.value
      : undefined;
    const was = previous[groupId] ?? deleted;
    if (was !== undefined && was === (current ?? null)) continue;
    out.push({ groupId, key, previous: was, current });
  }
  return out;
}

/** The finding of a tampered binding; rollback puts the binding back. */
export function tamperFinding(
  change: Change,
  snapshot: Snapshot,
  tamper: Tamper,
  cap: Mode,
  intentVersion: string,
): Finding {
  const group = snapshot.SecurityGroups.find((g) =>
    g.GroupId === tamper.groupId);
  const was = tamper.previous === undefined ? 'unknown'
    : tamper.previous === null ? 'absent' : `'${tamper.previous}'`;
  const now = tamper.current === undefined ? 'removed'
    : `set to '${tamper.current}'`;
  const restorable = typeof tamper.previous === 'string';
  return {
    ...base(change, group, intentVersion),
    kind: 'binding-tampered',
    severity: 'high',
    action: restorable && cap !== 'alert' ? 'rollback' : 'alert',
    message: `binding ${tamper.key} ${now} by ` +
      `${change.actor.arn ?? change.actor.type} (was ${was})` +
      (restorable ? '' : '; there is no known binding to put back'),
  };
}

/** A group a vendor principal made instead of using the ones provided. */
export function vendorFinding(
  change: Change,
  snapshot: Snapshot,
  principals: Principals,
  intentVersion: string,
): Finding | undefined {
  const created = change.createdGroup;
  if (!created ||
    !isPrincipal(change.actor, principals.vendor, change.account)) {
    return undefined;
  }
  const group = snapshot.SecurityGroups.find((g) =>
    g.GroupId === created.groupId);
  return {
    ...base(change, group, intentVersion),
    groupId: created.groupId,
    kind: 'vendor-created-group',
    severity: 'medium',
    action: 'alert',
    message: `vendor principal ${change.actor.arn ?? change.actor.type} ` +
      `created ${created.groupId} (${created.groupName}) instead of ` +
      'using the groups provided',
  };
}

/** The snapshot with tampered bindings put back, to judge the intent. */
export function withBindings(snapshot: Snapshot, list: Tamper[]): Snapshot {
  if (!list.some((t) => typeof t.previous === 'string')) return snapshot;
  const copy = structuredClone(snapshot);
  for (const t of list) {
    if (typeof t.previous !== 'string') continue;
    const group = copy.SecurityGroups.find((g) => g.GroupId === t.groupId);
    if (group) setTag(group, t.key, t.previous);
  }
  return copy;
}
