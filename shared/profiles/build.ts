import { compact } from './compact.ts';
import { DEFAULT_SETTINGS } from './types.ts';
import type {
  BundleCidrSet,
  BundleExemption,
  BundlePeer,
  BundlePrefixListAlias,
  BundleProfile,
  BundleRule,
  IntentBundle,
  RolloutPolicy,
  Settings,
  Source,
} from './types.ts';
import type {
  CidrSetDoc,
  Doc,
  ExemptionDoc,
  PrefixListAliasDoc,
  ProfileDoc,
  SettingsDoc,
} from './schema/documents.ts';
import type { AllowPeerSpec, DenyPeerSpec } from './schema/peers.ts';
import { rangeOf } from './schema/rules.ts';
import type { PortsSpec } from './schema/fields.ts';
import { bundleVersion } from './version.ts';
import type { YamlDocument } from './yaml.ts';

/** A document read without error, with the YAML it came from. */
export interface Loaded<D extends Doc = Doc> {
  readonly doc: D;
  readonly yaml: YamlDocument;
}

type Sets = Readonly<Record<string, BundleCidrSet>>;

function setPeer(sets: Sets, name: string): BundlePeer {
  return { kind: 'cidr', cidrs: [...(sets[name]?.cidrs ?? [])], cidrSet: name };
}

function allowPeerOf(spec: AllowPeerSpec, sets: Sets): BundlePeer {
  if (spec.cidr !== undefined) return { kind: 'cidr', cidrs: [spec.cidr] };
  if (spec.cidrSet !== undefined) return setPeer(sets, spec.cidrSet);
  if (spec.prefixList !== undefined) {
    return { kind: 'prefixList', ref: spec.prefixList };
  }
  if (spec.profile !== undefined) {
    return { kind: 'profile', profile: spec.profile };
  }
  if (spec.group !== undefined) return { kind: 'group', groupId: spec.group };
  return { kind: 'self' };
}

function denyPeerOf(spec: DenyPeerSpec, sets: Sets): BundlePeer {
  if (spec === 'public' || spec === 'any') return { kind: spec };
  if (spec.cidr !== undefined) return { kind: 'cidr', cidrs: [spec.cidr] };
  if (spec.cidrSet !== undefined) return setPeer(sets, spec.cidrSet);
  return compact({ kind: 'broaderThan', ...spec.broaderThan });
}

interface RuleSpec {
  id: string;
  protocol: number;
  ports?: PortsSpec | undefined;
  description?: string | undefined;
  severity?: BundleRule['severity'];
}

function ruleOf(
  spec: RuleSpec,
  direction: BundleRule['direction'],
  peer: BundlePeer,
  source: Source,
): BundleRule {
  return compact({
    id: spec.id,
    direction,
    protocol: spec.protocol,
    ports: rangeOf(spec.protocol, spec.ports),
    peer,
    severity: spec.severity,
    description: spec.description,
    source,
  });
}

function rulesOf(item: Loaded<ProfileDoc>, sets: Sets) {
  const spec = item.doc.spec;
  const at = (list: string, i: number) =>
    item.yaml.locate(['spec', list, i]).source;
  const allows = [
    ...(spec.ingress ?? []).map((r, i) =>
      ruleOf(r, 'ingress', allowPeerOf(r.from, sets), at('ingress', i))),
    ...(spec.egress ?? []).map((r, i) =>
      ruleOf(r, 'egress', allowPeerOf(r.to, sets), at('egress', i))),
  ];
  const requires = (spec.require ?? []).map((r, i) => {
    const peer = allowPeerOf((r.from ?? r.to) as AllowPeerSpec, sets);
    return ruleOf(r, r.direction, peer, at('require', i));
  });
  const denies = (spec.deny ?? []).map((r, i) => ruleOf(
    { ...r, severity: r.severity ?? 'high' },
    r.direction, denyPeerOf(r.peer, sets), at('deny', i),
  ));
  return { allows, requires, denies };
}

function profileOf(item: Loaded<ProfileDoc>, sets: Sets): BundleProfile {
  const { metadata, spec } = item.doc;
  return compact({
    name: metadata.name,
    layer: metadata.layer,
    version: metadata.version,
    owner: metadata.owner,
    description: metadata.description,
    remediation: spec.remediation,
    defaultDeny: spec.defaultDeny ?? false,
    ...rulesOf(item, sets),
    source: item.yaml.locate(['metadata', 'name']).source,
  });
}

function nameSource(item: Loaded): Source {
  return item.yaml.locate(['metadata', 'name']).source;
}

function cidrSetOf(item: Loaded<CidrSetDoc>): BundleCidrSet {
  const { metadata, spec } = item.doc;
  return compact({
    name: metadata.name,
    cidrs: [...spec.cidrs],
    description: metadata.description,
    source: nameSource(item),
  });
}

function aliasOf(item: Loaded<PrefixListAliasDoc>): BundlePrefixListAlias {
  const { metadata, spec } = item.doc;
  return compact({
    name: metadata.name,
    prefixListName: spec.prefixListName,
    ids: spec.ids ? [...spec.ids] : undefined,
    description: metadata.description,
    source: nameSource(item),
  });
}

function exemptionOf(item: Loaded<ExemptionDoc>): BundleExemption {
  const { metadata, spec } = item.doc;
  return compact({
    name: metadata.name,
    account: spec.match.account,
    group: spec.match.group,
    rule: spec.match.rule,
    expires: spec.expires,
    reason: spec.reason,
    approvedBy: spec.approvedBy,
    description: metadata.description,
    source: nameSource(item),
  });
}

function settingsOf(item: Loaded<SettingsDoc> | undefined): Settings {
  const spec = item?.doc.spec;
  const unbound = spec?.unboundGroups;
  return {
    bindingTagKey: spec?.bindingTagKey ?? DEFAULT_SETTINGS.bindingTagKey,
    attachments: (spec?.attachments ?? []).map((a) => ({
      tags: { ...a.tags },
      profile: a.profile,
    })),
    unboundGroups: compact({
      severity: unbound?.severity ?? DEFAULT_SETTINGS.unboundGroups.severity,
      vpcs: unbound?.vpcs ? [...unbound.vpcs] : undefined,
    }),
    ...(spec?.rollout ? { rollout: rolloutOf(spec.rollout) } : {}),
  };
}

function rolloutOf(
  spec: NonNullable<NonNullable<SettingsDoc['spec']>['rollout']>,
): RolloutPolicy {
  return compact({
    waves: spec.waves.map((w) => ({ name: w.name,
      accounts: w.accounts === 'all' ? 'all' as const : [...w.accounts] })),
    maxWritesPerWave: spec.maxWritesPerWave,
    soakMinutes: spec.soakMinutes ?? 0,
  });
}

function byKind<K extends Doc['kind']>(items: readonly Loaded[], kind: K) {
  return items.filter((item): item is Loaded<Extract<Doc, { kind: K }>> =>
    item.doc.kind === kind);
}

function keyed<T extends { name: string }>(values: T[]): Record<string, T> {
  return Object.fromEntries(values.map((value) => [value.name, value]));
}

/**
 * Compiles documents that passed every check into the intent bundle: rules
 * to numbers and ranges, CIDR sets resolved into the peers that name them,
 * settings with their defaults, and the version of the whole.
 */
export function buildBundle(items: readonly Loaded[]): IntentBundle {
  const cidrSets = keyed(byKind(items, 'CidrSet').map(cidrSetOf));
  const content = {
    format: 'driftguard/intent-bundle/v1' as const,
    profiles: keyed(byKind(items, 'Profile')
      .map((item) => profileOf(item, cidrSets))),
    cidrSets,
    prefixListAliases: keyed(byKind(items, 'PrefixListAlias').map(aliasOf)),
    exemptions: byKind(items, 'Exemption').map(exemptionOf)
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    settings: settingsOf(byKind(items, 'Settings')[0]),
  };
  return { ...content, version: bundleVersion(content) };
}
