import { compiledRules } from './compile.ts';
import { findConflicts } from './conflicts.ts';
import { MODES } from './types.ts';
import type {
  BundleProfile,
  Composition,
  Intent,
  IntentBundle,
  Mode,
} from './types.ts';

/**
 * The profile names of a binding tag value: split on commas, trimmed,
 * empty entries dropped, duplicates dropped, order and case kept.
 */
export function parseBinding(tagValue: string): string[] {
  const names = tagValue.split(',').map((name) => name.trim());
  return [...new Set(names.filter((name) => name !== ''))];
}

function profileOf(bundle: IntentBundle, name: string) {
  return Object.hasOwn(bundle.profiles, name)
    ? bundle.profiles[name]
    : undefined;
}

function failure(
  kind: 'unknown-profile' | 'invalid-binding',
  message: string,
  unknown?: string[],
): Composition {
  const problem = unknown ? { kind, message, unknown } : { kind, message };
  return { ok: false, problem };
}

function strongest(profiles: readonly BundleProfile[]) {
  let mode: Mode = 'alert';
  let from: string | undefined;
  for (const profile of profiles) {
    const own = profile.remediation;
    if (own && (!from || MODES.indexOf(own) > MODES.indexOf(mode))) {
      mode = own;
      from = profile.name;
    }
  }
  return from ? { mode, modeFrom: from } : { mode };
}

function ofLayer(profiles: readonly BundleProfile[], layer: string) {
  return profiles.filter((p) => p.layer === layer).map((p) => p.name);
}

function intentOf(profiles: readonly BundleProfile[], tier: string): Intent {
  const rules = profiles.map(compiledRules);
  const allows = rules.flatMap((r) => r.allows);
  const requires = rules.flatMap((r) => r.requires);
  const denies = rules.flatMap((r) => r.denies);
  const strict = profiles.filter((p) => p.defaultDeny).map((p) => p.name);
  return {
    key: profiles.map((p) => p.name).join(','),
    profiles: profiles.map((p) => p.name),
    tier,
    roles: ofLayer(profiles, 'role'),
    overlays: ofLayer(profiles, 'overlay'),
    allows,
    denies,
    requires,
    defaultDeny: strict.length > 0,
    defaultDenyFrom: strict,
    ...strongest(profiles),
    conflicts: findConflicts(allows, requires, denies),
    versions: Object.fromEntries(profiles.map((p) => [p.name, p.version])),
  };
}

function compose(bundle: IntentBundle, names: readonly string[]) {
  const unknown = names.filter((name) => !profileOf(bundle, name));
  if (unknown.length > 0) {
    const list = unknown.join(', ');
    return failure('unknown-profile', `the binding names ` +
      `${unknown.length === 1 ? 'a profile' : 'profiles'} the bundle does ` +
      `not have: ${list}`, unknown);
  }
  const profiles = names.map((name) => profileOf(bundle, name))
    .filter((p): p is BundleProfile => p !== undefined);
  const tiers = ofLayer(profiles, 'tier');
  const [tier] = tiers;
  if (tier === undefined || tiers.length > 1) {
    return failure('invalid-binding', tier === undefined
      ? 'the binding names no tier (expected exactly one tier profile)'
      : `the binding names ${tiers.length} tiers: ${tiers.join(', ')} ` +
        '(expected exactly one)');
  }
  return { ok: true as const, intent: intentOf(profiles, tier) };
}

// Composed intents per bundle and binding: the engine composes the same
// few bindings for thousands of groups.
const cache = new WeakMap<IntentBundle, Map<string, Composition>>();

/**
 * The composed intent of a binding: exactly one tier, any roles and
 * overlays; allows, denies and requires unioned; defaultDeny when any layer
 * says so; the strongest remediation; and the conflicts between its rules.
 * A name the bundle lacks, or a tier count other than one, is a problem
 * instead. Results are cached per bundle and binding.
 */
export function composeIntent(
  bundle: IntentBundle,
  names: readonly string[],
): Composition {
  const unique = [...new Set(names)];
  const key = JSON.stringify(unique);
  let perBundle = cache.get(bundle);
  if (!perBundle) {
    perBundle = new Map();
    cache.set(bundle, perBundle);
  }
  const hit = perBundle.get(key);
  if (hit) return hit;
  const composition = compose(bundle, unique);
  perBundle.set(key, composition);
  return composition;
}
