import type { IntentBundle } from '../profiles/types.ts';
import { parseBinding } from '../profiles/index.ts';
import {
  ruleOfSecurityGroupRule,
  rulesOfGroup,
  type MatchContext,
  type Rule,
} from '../rules/index.ts';
import type { SecurityGroup, Snapshot } from '../snapshot/types.ts';

/** A group of the snapshot with what the engine needs of it. */
export interface GroupView {
  readonly group: SecurityGroup;
  readonly id: string;
  /** The binding tag's value, or undefined when the tag is absent. */
  readonly bindingTag: string | undefined;
  /** The binding's profile names (empty when unbound). */
  readonly binding: readonly string[];
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
  private readonly aliases = new Map<string, ReadonlySet<string>>();
  private readonly bundle: IntentBundle;

  constructor(snapshot: Snapshot, bundle: IntentBundle) {
    this.snapshot = snapshot;
    this.bundle = bundle;
    const key = bundle.settings.bindingTagKey;
    for (const group of snapshot.SecurityGroups) {
      const id = group.GroupId ?? '';
      const tag = group.Tags?.find((t) => t.Key === key)?.Value;
      const binding = tag === undefined ? [] : parseBinding(tag);
      this.groups.set(id, { group, id, bindingTag: tag, binding });
      this.profileSets.set(id, new Set(binding));
    }
    snapshot.SecurityGroupRules?.forEach((entry, i) => {
      const id = entry.GroupId ?? '';
      const list = this.ruleEntries.get(id);
      if (list) list.push(i);
      else this.ruleEntries.set(id, [i]);
    });
  }

  /** The rules of a group, with ids when the snapshot has them. */
  rulesOf(view: GroupView): Rule[] {
    const entries = this.snapshot.SecurityGroupRules;
    if (!entries) return rulesOfGroup(view.group);
    const indexes = this.ruleEntries.get(view.id) ?? [];
    return indexes.map((i) => ruleOfSecurityGroupRule(entries[i]!));
  }

  /** True when the group's binding names the profile. */
  hasProfile(groupId: string, profile: string): boolean {
    return this.profileSets.get(groupId)?.has(profile) ?? false;
  }

  /** The prefix list ids an alias name (or a `pl-` id) stands for here. */
  prefixListIds(ref: string): ReadonlySet<string> {
    const hit = this.aliases.get(ref);
    if (hit) return hit;
    const ids = new Set(this.resolveAlias(ref));
    this.aliases.set(ref, ids);
    return ids;
  }

  private resolveAlias(ref: string): string[] {
    if (ref.startsWith('pl-')) return [ref];
    const alias = this.bundle.prefixListAliases[ref];
    if (!alias) return [];
    if (alias.ids) return alias.ids;
    return (this.snapshot.PrefixLists ?? [])
      .filter((list) => list.PrefixListName === alias.prefixListName)
      .map((list) => list.PrefixListId ?? '');
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
