import type { Direction, PortRange, Selector } from '../rules/index.ts';

/** The layer a profile belongs to; a binding has exactly one tier. */
export type Layer = 'tier' | 'role' | 'overlay';

/** What a profile asks driftguard to do about drift, weakest first. */
export type Mode = 'alert' | 'rollback' | 'quarantine';

export const MODES: readonly Mode[] = ['alert', 'rollback', 'quarantine'];

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITIES: readonly Severity[] = [
  'low', 'medium', 'high', 'critical',
];

/** Where something was written: a file relative to the profile folder. */
export interface Source {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** One problem found while loading or validating profiles. */
export interface Diagnostic extends Source {
  readonly level: 'error' | 'warning';
  readonly message: string;
}

/**
 * A peer as the intent bundle stores it: JSON, CIDR sets already resolved
 * to their members (the set's name kept for explanation), prefix-list
 * aliases kept by reference because they resolve per account and region.
 */
export type BundlePeer =
  | { kind: 'cidr'; cidrs: string[]; cidrSet?: string }
  | { kind: 'prefixList'; ref: string }
  | { kind: 'profile'; profile: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'self' }
  | { kind: 'public' }
  | { kind: 'any' }
  | { kind: 'broaderThan'; ipv4?: number; ipv6?: number };

/** An allow, require or deny of a profile, as the bundle stores it. */
export interface BundleRule {
  id: string;
  direction: Direction | 'both';
  /** IP protocol number; -1 is every protocol. */
  protocol: number;
  /** Ports, or ICMP types; the protocol's full range for `all`. */
  ports: PortRange;
  peer: BundlePeer;
  /** Denies only: the severity of a rule the deny matches. */
  severity?: Severity;
  description?: string;
  source: Source;
}

export interface BundleProfile {
  name: string;
  layer: Layer;
  version: number;
  owner?: string;
  description?: string;
  remediation?: Mode;
  defaultDeny: boolean;
  allows: BundleRule[];
  requires: BundleRule[];
  denies: BundleRule[];
  source: Source;
}

export interface BundleCidrSet {
  name: string;
  cidrs: string[];
  description?: string;
  source: Source;
}

export interface BundlePrefixListAlias {
  name: string;
  prefixListName?: string;
  ids?: string[];
  description?: string;
  source: Source;
}

export interface BundleExemption {
  name: string;
  account: string;
  group: string;
  /** An `sgr-` id; without it the exemption covers the whole group. */
  rule?: string;
  /** RFC 3339, as written. */
  expires: string;
  reason: string;
  approvedBy: string;
  description?: string;
  source: Source;
}

/** An interface whose tags include `tags` must carry `profile`. */
export interface AttachmentMapping {
  tags: Record<string, string>;
  profile: string;
}

/** One wave of a rollout: its accounts, or `all` the rest. */
export interface RolloutWave {
  name: string;
  accounts: string[] | 'all';
}

/**
 * How a new intent version reaches the accounts: ordered waves (a canary
 * first), at most `maxWritesPerWave` writes in a wave, and a soak time
 * between waves. Without one, a new version applies everywhere at once.
 */
export interface RolloutPolicy {
  waves: RolloutWave[];
  maxWritesPerWave?: number;
  soakMinutes: number;
}

/** Deployment settings that live beside the profiles (kind: Settings). */
export interface Settings {
  bindingTagKey: string;
  attachments: AttachmentMapping[];
  unboundGroups: { severity: Severity; vpcs?: string[] };
  rollout?: RolloutPolicy;
}

export const DEFAULT_SETTINGS: Settings = {
  bindingTagKey: 'driftguard:profiles',
  attachments: [],
  unboundGroups: { severity: 'low' },
};

/**
 * Every profile, set, alias, exemption and setting of a profile folder,
 * compiled into one JSON document. `version` is a hash of the rest, so two
 * bundles with the same content have the same version.
 */
export interface IntentBundle {
  format: 'driftguard/intent-bundle/v1';
  version: string;
  profiles: Record<string, BundleProfile>;
  cidrSets: Record<string, BundleCidrSet>;
  prefixListAliases: Record<string, BundlePrefixListAlias>;
  exemptions: BundleExemption[];
  settings: Settings;
}

/** Names a profile rule and where it was written. */
export interface RuleRef {
  readonly profile: string;
  readonly id: string;
  readonly source: Source;
}

/** A profile rule compiled for matching, with where it came from. */
export interface IntentRule extends Selector, RuleRef {
  readonly layer: Layer;
  readonly severity?: Severity;
  readonly description?: string;
}

/** Two rules of a binding that can never both hold. */
export interface Conflict {
  readonly kind: 'dead-allow' | 'forbidden-require';
  /** The allow or require that cannot take effect. */
  readonly rule: RuleRef;
  readonly deny: RuleRef;
  readonly message: string;
}

/** The composed policy of one binding. */
export interface Intent {
  /** The binding's profile names joined by commas, in binding order. */
  readonly key: string;
  readonly profiles: readonly string[];
  readonly tier: string;
  readonly roles: readonly string[];
  readonly overlays: readonly string[];
  readonly allows: readonly IntentRule[];
  readonly denies: readonly IntentRule[];
  readonly requires: readonly IntentRule[];
  /** True when any layer says so; names the layers that did. */
  readonly defaultDeny: boolean;
  readonly defaultDenyFrom: readonly string[];
  /** The strongest remediation of the layers (alert when none says). */
  readonly mode: Mode;
  readonly modeFrom?: string;
  readonly conflicts: readonly Conflict[];
  /** Each profile's own `metadata.version`. */
  readonly versions: Readonly<Record<string, number>>;
}

/** A binding that yields no intent, and why. */
export interface BindingProblem {
  readonly kind: 'unknown-profile' | 'invalid-binding';
  readonly message: string;
  /** The names that do not exist (unknown-profile). */
  readonly unknown?: readonly string[];
}

export type Composition =
  | { readonly ok: true; readonly intent: Intent }
  | { readonly ok: false; readonly problem: BindingProblem };
