import type { Finding } from '../../shared/engine/index.ts';
import type { Severity } from '../../shared/profiles/types.ts';
import { findingsByGroup } from './html-compliance.ts';
import { append, groupIndex, groupKey, placeKey } from './html-model.ts';
import type { GroupInfo, InterfaceInfo, Report } from './summary.ts';

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

const BINDING_KINDS = new Set(['unbound-group', 'invalid-binding',
  'unknown-profile']);

interface Context {
  tiers: Set<string>;
  groups: Map<string, GroupInfo>;
  interfaces: Map<string, InterfaceInfo>;
  vpcTiers: Map<string, string>;
}

const vpcKey = (p: { account: string; region: string; vpcId?: string }) =>
  `${placeKey(p)}/${p.vpcId ?? ''}`;

/** The tier most validly bound groups of each VPC carry (no tie). */
function vpcTiers(report: Report, tiers: Set<string>): Map<string, string> {
  const drift = findingsByGroup(report);
  const votes = new Map<string, Map<string, number>>();
  for (const g of report.inventory?.groups ?? []) {
    const broken = (drift.get(groupKey(g)) ?? [])
      .some((f) => BINDING_KINDS.has(f.kind));
    const own = (g.binding ?? []).filter((name) => tiers.has(name));
    if (broken || own.length !== 1) continue;
    const tally = votes.get(vpcKey(g)) ?? new Map<string, number>();
    tally.set(own[0]!, (tally.get(own[0]!) ?? 0) + 1);
    votes.set(vpcKey(g), tally);
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
    return { tiers: [...wanted], because: 'an interface carrying it is ' +
      'tagged for it' };
  }
  const tier = ctx.vpcTiers.get(vpcKey(g));
  return tier
    ? { tiers: [tier], because: `the other groups of ${g.vpcId} carry it` }
    : { tiers: [] };
}

function ofGroup(ctx: Context, f: Finding): [string[], Lacking] {
  const g = ctx.groups.get(groupKey(f));
  const { tiers, because } = g ? groupTiers(ctx, g) : { tiers: [] };
  return [tiers, {
    resource: 'group', id: f.groupId, name: f.groupName ?? g?.groupName,
    account: f.account, region: f.region, vpcId: f.vpcId ?? g?.vpcId,
    groupId: f.groupId, kind: f.kind, severity: f.severity,
    reason: f.kind === 'unbound-group' ? 'carries no binding' : f.message,
    ...(because ? { because } : {}),
  }];
}

function ofInterface(ctx: Context, f: Finding): [string[], Lacking] {
  const id = f.networkInterfaceId ?? '';
  const eni = ctx.interfaces.get(`${placeKey(f)}/${id}`);
  const carried = new Set((eni?.groupIds ?? []).flatMap((gid) =>
    ctx.groups.get(`${placeKey(f)}/${gid}`)?.binding ?? []));
  const tiers = (eni?.wants ?? [])
    .filter((p) => ctx.tiers.has(p) && !carried.has(p));
  return [tiers, {
    resource: 'interface', id, name: eni?.name, account: f.account,
    region: f.region, vpcId: eni?.vpcId ?? f.vpcId, groupId: f.groupId,
    kind: f.kind, severity: f.severity, reason: f.message,
    because: 'its tags call for it',
  }];
}

/**
 * Which resources lack each tier profile: groups without a binding or
 * with one that cannot be enforced (invalid, unknown profile), and
 * interfaces whose tags call for a tier none of their groups carry. A
 * group is put under the tier its interfaces' tags call for, else the
 * tier the other groups of its VPC carry, else under an unknown tier.
 */
export function tierGaps(report: Report): TierGap[] {
  const inventory = report.inventory;
  const tiers = new Set((inventory?.profiles ?? [])
    .filter((p) => p.layer === 'tier').map((p) => p.name));
  const ctx: Context = {
    tiers,
    groups: groupIndex(report),
    interfaces: new Map((inventory?.interfaces ?? []).map((i) =>
      [`${placeKey(i)}/${i.networkInterfaceId}`, i])),
    vpcTiers: vpcTiers(report, tiers),
  };
  const gaps = new Map<string | undefined, Lacking[]>(
    [...tiers].sort().map((t) => [t, []]));
  for (const f of report.findings) {
    const found = f.kind === 'attachment-missing-profile'
      ? ofInterface(ctx, f)
      : BINDING_KINDS.has(f.kind) ? ofGroup(ctx, f) : undefined;
    if (!found) continue;
    const [names, lacking] = found;
    for (const tier of names.length > 0 ? names : [undefined]) {
      append(gaps, tier, lacking);
    }
  }
  return [...gaps].map(([tier, resources]) => ({
    ...(tier === undefined ? {} : { tier }), resources,
  }));
}
