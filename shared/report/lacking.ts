// Which resources lack each tier profile: the one answer both the HTML
// report and the sweep digest give.
import type { Finding } from '../engine/types.ts';
import type { Severity } from '../profiles/types.ts';
import type { GroupInfo, InterfaceInfo } from './inventory.ts';
import { groupKey, placeKey } from './keys.ts';

/** A resource that should carry a tier profile and does not. */
export interface Lacking {
  resource: 'group' | 'interface';
  id: string;
  name?: string;
  account: string;
  region: string;
  vpcId?: string;
  /** The group a finding on an interface was reported on. */
  groupId: string;
  kind: Finding['kind'];
  severity: Severity;
  reason: string;
  /** Why it should carry this tier, when we know. */
  because?: string;
}

/** The resources lacking one tier profile (or a tier we cannot name). */
export interface TierGap {
  /** The tier profile; undefined for resources whose tier is unknown. */
  tier?: string;
  resources: Lacking[];
}

/** What tells a resource's tier: the tier names, groups and interfaces. */
export interface LackingFacts {
  tiers: readonly string[];
  /** What the sweep saw; without them, a group's tier is unknown. */
  groups?: readonly GroupInfo[];
  interfaces?: readonly InterfaceInfo[];
}

/** The findings that leave a group without an enforceable binding. */
const BINDING_KINDS = new Set<string>(['unbound-group', 'invalid-binding',
  'unknown-profile']);

const vpcKey = (p: { account: string; region: string; vpcId?: string }) =>
  `${placeKey(p)}/${p.vpcId ?? ''}`;

interface Context {
  tiers: Set<string>;
  groups: Map<string, GroupInfo>;
  interfaces: Map<string, InterfaceInfo>;
  vpcTiers: Map<string, string>;
}

function addVote(
  votes: Map<string, Map<string, number>>,
  key: string,
  tier: string,
): void {
  const tally = votes.get(key) ?? new Map<string, number>();
  tally.set(tier, (tally.get(tier) ?? 0) + 1);
  votes.set(key, tally);
}

/** The tier most validly bound groups of each VPC carry (no tie). */
function vpcTiers(
  findings: readonly Finding[],
  groups: readonly GroupInfo[],
  tiers: Set<string>,
): Map<string, string> {
  const broken = new Set(findings.filter((f) => BINDING_KINDS.has(f.kind))
    .map(groupKey));
  const votes = new Map<string, Map<string, number>>();
  for (const g of groups) {
    const own = (g.binding ?? []).filter((name) => tiers.has(name));
    if (broken.has(groupKey(g)) || own.length !== 1) continue;
    addVote(votes, vpcKey(g), own[0]!);
  }
  const out = new Map<string, string>();
  for (const [vpc, tally] of votes) {
    const ranked = [...tally].sort((a, b) => b[1] - a[1]);
    if (ranked.length === 1 || ranked[0]![1] > ranked[1]![1]) {
      out.set(vpc, ranked[0]![0]);
    }
  }
  return out;
}

function groupTiers(ctx: Context, g: GroupInfo) {
  const wanted = new Set<string>();
  for (const id of g.interfaces) {
    const eni = ctx.interfaces.get(`${placeKey(g)}/${id}`);
    for (const p of eni?.wants ?? []) if (ctx.tiers.has(p)) wanted.add(p);
  }
  if (wanted.size > 0) {
    return { tiers: [...wanted].sort(), because: 'an interface carrying ' +
      'it is tagged for it' };
  }
  const tier = ctx.vpcTiers.get(vpcKey(g));
  return tier
    ? { tiers: [tier], because: `the other groups of ${g.vpcId} carry it` }
    : { tiers: [] };
}

function ofGroup(ctx: Context, f: Finding): [string[], Lacking] {
  const g = ctx.groups.get(groupKey(f));
  const { tiers, because } = g ? groupTiers(ctx, g) : { tiers: [] };
  const name = f.groupName ?? g?.groupName;
  const vpcId = f.vpcId ?? g?.vpcId;
  return [tiers, {
    resource: 'group', id: f.groupId, ...(name ? { name } : {}),
    account: f.account, region: f.region, ...(vpcId ? { vpcId } : {}),
    groupId: f.groupId, kind: f.kind, severity: f.severity,
    reason: f.kind === 'unbound-group' ? 'carries no binding' : f.message,
    ...(because ? { because } : {}),
  }];
}

// The finding names the profile the interface's tags call for; only a
// tier makes it lack a tier.
function ofInterface(ctx: Context, f: Finding): [string[], Lacking] {
  const id = f.networkInterfaceId ?? '';
  const eni = ctx.interfaces.get(`${placeKey(f)}/${id}`);
  const vpcId = eni?.vpcId ?? f.vpcId;
  return [f.profile && ctx.tiers.has(f.profile) ? [f.profile] : [], {
    resource: 'interface', id, ...(eni?.name ? { name: eni.name } : {}),
    account: f.account, region: f.region, ...(vpcId ? { vpcId } : {}),
    groupId: f.groupId, kind: f.kind, severity: f.severity,
    reason: f.message, because: 'its tags call for it',
  }];
}

function contextOf(findings: readonly Finding[], facts: LackingFacts) {
  const tiers = new Set(facts.tiers);
  const groups = facts.groups ?? [];
  return {
    tiers,
    groups: new Map(groups.map((g) => [groupKey(g), g])),
    interfaces: new Map((facts.interfaces ?? []).map((i) =>
      [`${placeKey(i)}/${i.networkInterfaceId}`, i])),
    vpcTiers: vpcTiers(findings, groups, tiers),
  };
}

/**
 * Which resources lack each tier profile: groups without a binding or
 * with one that cannot be enforced (invalid, unknown profile), and
 * interfaces whose tags call for a tier none of their groups carry. A
 * group is put under the tier its interfaces' tags call for, else the
 * tier the other groups of its VPC carry, else under an unknown tier
 * (listed last). Every tier is listed, lacked or not; a resource is
 * listed once per tier, however many findings name it.
 */
export function tierGaps(
  findings: readonly Finding[],
  facts: LackingFacts,
): TierGap[] {
  const ctx = contextOf(findings, facts);
  const gaps = new Map<string | undefined, Map<string, Lacking>>(
    [...ctx.tiers].sort((a, b) => a.localeCompare(b))
      .map((t) => [t, new Map()]));
  for (const f of findings) {
    const found = f.kind === 'attachment-missing-profile'
      ? ofInterface(ctx, f)
      : BINDING_KINDS.has(f.kind) ? ofGroup(ctx, f) : undefined;
    if (!found) continue;
    const [names, lacking] = found;
    if (lacking.resource === 'interface' && names.length === 0) continue;
    for (const tier of names.length > 0 ? names : [undefined]) {
      const listed = gaps.get(tier) ?? new Map<string, Lacking>();
      const key = `${placeKey(lacking)}/${lacking.id}`;
      if (!listed.has(key)) listed.set(key, lacking);
      gaps.set(tier, listed);
    }
  }
  return [...gaps].map(([tier, listed]) => ({
    ...(tier === undefined ? {} : { tier }), resources: [...listed.values()],
  }));
}
