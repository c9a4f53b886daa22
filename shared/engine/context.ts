import type { IntentBundle } from '../profiles/types.ts';
import { parseBinding, prefixListNameIn } from '../profiles/index.ts';
import {
  ruleKey,
  ruleOfSecurityGroupRule,
  rulesOfGroup,
  type MatchContext,
  type Rule,
} from '../rules/index.ts';
import { isQuarantineGroup } from '../snapshot/tags.ts';
import type { SecurityGroup, Snapshot } from '../snapshot/types.ts';

/** A group of the snapshot with what the engine needs of it. */
export interface GroupView {
  readonly group: SecurityGroup;
  readonly id: string;
  /** The binding tag's value, or undefined when the tag is absent. */
  readonly bindingTag: string | undefined;
  /** The binding's profile names (empty when unbound). */
  readonly binding: readonly string[];
  /** driftguard's own quarantine group (tagged so, and unbound). */
  readonly quarantine: boolean;
}

/** What an alias name (or a `pl-` id) stands for in the snapshot. */
interface ResolvedAlias {
  readonly ids: ReadonlySet<string>;
  /** Why it stands for no prefix list, when it stands for none. */
  readonly unresolved?: string;
}

/** True when the group comes with rules in its grouped permissions. */
function hasGroupedRules(group: SecurityGroup): boolean {
  return (group.IpPermissions?.length ?? 0) > 0 ||
    (group.IpPermissionsEgress?.length ?? 0) > 0;
}

/**
 * The snapshot indexed for evaluation: groups by id with their bindings,
 * and prefix-list aliases resolved for this account and region. Rules are
 * read per group on demand so only one group's rules are held at a time.
 */
export class SnapshotIndex {
  readonly snapshot: Snapshot;
  readonly groups = new Map<string, GroupView>();
  private readonly profileSets = new Map<string, ReadonlySet<string>>();
  private readonly ruleEntries = new Map<string, number[]>();
  private readonly aliases = new Map<string, ResolvedAlias>();
  /** Per group, the rules only its grouped permissions hold. */
  private readonly groupedOnly = new Map<string, readonly Rule[]>();
  private readonly bundle: IntentBundle;

  constructor(snapshot: Snapshot, bundle: IntentBundle) {
    this.snapshot = snapshot;
    this.bundle = bundle;
    const key = bundle.settings.bindingTagKey;
    for (const group of snapshot.SecurityGroups) {
      const id = group.GroupId ?? '';
      const tag = group.Tags?.find((t) => t.Key === key)?.Value;
      const binding = tag === undefined ? [] : parseBinding(tag);
      const quarantine = tag === undefined && isQuarantineGroup(group);
      this.groups.set(id, { group, id, bindingTag: tag, binding, quarantine });
      this.profileSets.set(id, new Set(binding));
    }
    snapshot.SecurityGroupRules?.forEach((entry, i) => {
      const id = entry.GroupId ?? '';
      const list = this.ruleEntries.get(id);
      if (list) list.push(i);
      else this.ruleEntries.set(id, [i]);
    });
  }

  /**
   * The rules of a group, with ids when the snapshot has them: its
   * entries of SecurityGroupRules, or its grouped permissions when the
   * snapshot has no rule list.
   */
  rulesOf(view: GroupView): Rule[] {
    const entries = this.snapshot.SecurityGroupRules;
    if (!entries) return rulesOfGroup(view.group);
    const indexes = this.ruleEntries.get(view.id) ?? [];
    const rules = indexes.map((i) => ruleOfSecurityGroupRule(entries[i]!));
    rules.push(...this.onlyGrouped(view, rules));
    return rules;
  }

  /**
   * A snapshot file whose two shapes disagree is refused when it is read,
   * but a live read takes them a moment apart: a rule only the grouped
   * shape holds is judged all the same, without an id (so it is alerted,
   * never revoked by a guess). Worked out once per group, since the
   * engine, the remediation plan and reports all read a group's rules.
   */
  private onlyGrouped(view: GroupView, listed: readonly Rule[]) {
    const hit = this.groupedOnly.get(view.id);
    if (hit) return hit;
    let extra: readonly Rule[] = [];
    if (hasGroupedRules(view.group)) {
      const keys = new Set(listed.map(ruleKey));
      extra = rulesOfGroup(view.group).filter((r) => !keys.has(ruleKey(r)));
    }
    this.groupedOnly.set(view.id, extra);
    return extra;
  }

  /** True when the group's binding names the profile. */
  hasProfile(groupId: string, profile: string): boolean {
    return this.profileSets.get(groupId)?.has(profile) ?? false;
  }

  /** The prefix list ids an alias name (or a `pl-` id) stands for here. */
  prefixListIds(ref: string): ReadonlySet<string> {
    return this.resolved(ref).ids;
  }

  /**
   * Why an alias stands for no prefix list in this account-region (naming
   * the alias, what it looked for, the account and region), or undefined
   * when it stands for some.
   */
  unresolvedAlias(ref: string): string | undefined {
    return this.resolved(ref).unresolved;
  }

  private resolved(ref: string): ResolvedAlias {
    const hit = this.aliases.get(ref);
    if (hit) return hit;
    const resolved = this.resolveAlias(ref);
    this.aliases.set(ref, resolved);
    return resolved;
  }

  private resolveAlias(ref: string): ResolvedAlias {
    if (ref.startsWith('pl-')) return { ids: new Set([ref]) };
    const alias = this.bundle.prefixListAliases[ref];
    if (!alias) {
      return { ids: new Set(),
        unresolved: `prefix list alias ${ref} is not defined` };
    }
    const { Account, Region, PrefixLists } = this.snapshot;
    const name = prefixListNameIn(alias.prefixListName ?? '', Region);
    const ids = new Set(alias.ids ?? (PrefixLists ?? [])
      .filter((list) => list.PrefixListName === name)
      .map((list) => list.PrefixListId ?? ''));
    if (ids.size > 0) return { ids };
    const where = `account ${Account} region ${Region}`;
    return { ids, unresolved: PrefixLists
      ? `prefix list alias ${ref} names ${name}, which is no prefix ` +
        `list of ${where}`
      : `prefix list alias ${ref} (${name}) cannot be resolved in ` +
        `${where}: the snapshot has no PrefixLists` };
  }

  /** True when the snapshot's PrefixLists hold the list `id`. */
  knowsPrefixList(id: string): boolean {
    return (this.snapshot.PrefixLists ?? [])
      .some((list) => list.PrefixListId === id);
  }

  /** What matching needs, for rules of one group. */
  matchContext(groupId: string): MatchContext {
    return {
      groupId,
      hasProfile: (id, profile) => this.hasProfile(id, profile),
      prefixListIds: (ref) => this.prefixListIds(ref),
    };
  }
}
