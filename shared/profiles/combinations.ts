import { composeIntent } from './compose.ts';
import { compareDiagnostics } from './diagnostics.ts';
import type {
  BundleProfile,
  Conflict,
  Diagnostic,
  IntentBundle,
} from './types.ts';

function named(bundle: IntentBundle, layer: BundleProfile['layer']) {
  return Object.values(bundle.profiles)
    .filter((profile) => profile.layer === layer)
    .map((profile) => profile.name)
    .sort();
}

/**
 * Every binding of one tier with one role and one overlay; without any
 * roles (or overlays) the bindings leave that layer out.
 */
export function combinations(bundle: IntentBundle): string[][] {
  const roles = named(bundle, 'role');
  const overlays = named(bundle, 'overlay');
  const bindings: string[][] = [];
  for (const tier of named(bundle, 'tier')) {
    for (const role of roles.length > 0 ? roles : [undefined]) {
      for (const overlay of overlays.length > 0 ? overlays : [undefined]) {
        bindings.push([tier, role, overlay]
          .filter((name): name is string => name !== undefined));
      }
    }
  }
  return bindings;
}

interface Seen {
  readonly conflict: Conflict;
  readonly bindings: string[];
}

function pairKey(conflict: Conflict): string {
  const { rule, deny } = conflict;
  return JSON.stringify([conflict.kind, rule.profile, rule.id,
    deny.profile, deny.id]);
}

function seenIn(bindings: readonly string[]): string {
  const [first] = bindings;
  const others = bindings.length - 1;
  const more = others === 0
    ? ''
    : ` and ${others} other${others === 1 ? '' : 's'}`;
  return `(in ${first}${more})`;
}

/**
 * Composes every tier-role-overlay combination and reports each conflict
 * once per pair of rules, at the allow or require that cannot take effect,
 * naming the first combination that shows it and how many others do. A
 * warning, or an error with `strict`.
 */
export function checkCombinations(
  bundle: IntentBundle,
  options: { strict?: boolean } = {},
): Diagnostic[] {
  const seen = new Map<string, Seen>();
  for (const names of combinations(bundle)) {
    const composition = composeIntent(bundle, names);
    if (!composition.ok) continue;
    for (const conflict of composition.intent.conflicts) {
      const key = pairKey(conflict);
      const entry = seen.get(key) ?? { conflict, bindings: [] };
      entry.bindings.push(composition.intent.key);
      seen.set(key, entry);
    }
  }
  const level = options.strict ? 'error' : 'warning';
  return [...seen.values()].map(({ conflict, bindings }): Diagnostic => ({
    ...conflict.rule.source,
    level,
    message: `${conflict.message} ${seenIn(bindings)}`,
  })).sort(compareDiagnostics);
}
