import type { RolloutPolicy } from '../profiles/types.ts';
import {
  baseVersion,
  startRollout,
  waveOf,
  type RolloutState,
} from './state.ts';

// An account id no policy names and no sweep converged: it stands for
// every account a rollout knows nothing particular about.
const ANY_OTHER = '';

/** Every version the rollout judges some account by. */
export function knownVersions(state: RolloutState): string[] {
  const all = [state.to, ...state.from === null ? [] : [state.from],
    ...Object.values(state.base ?? {})];
  return [...new Set(all)];
}

/**
 * The version `account` was last converged to: the new one once its
 * wave is behind the rollout (or a sweep converged it in the current
 * wave), else the one it kept. An aborted rollout gives every account
 * back the version it kept.
 */
function lastConverged(
  state: RolloutState,
  account: string,
): string | null {
  if (state.status === 'complete') return state.to;
  if (state.status !== 'aborted') {
    const wave = waveOf(state.policy, account);
    if (wave < state.wave) return state.to;
    if (wave === state.wave && state.converged?.includes(account)) {
      return state.to;
    }
  }
  return baseVersion(state, account);
}

/** The accounts `state` says something particular about. */
function accountsOf(state: RolloutState): string[] {
  const named = state.policy.waves.flatMap((w) =>
    w.accounts === 'all' ? [] : w.accounts);
  return [...new Set([...named, ...Object.keys(state.base ?? {}),
    ...state.converged ?? []])];
}

/**
 * A rollout of `to` that follows `previous`, whatever its status: each
 * account keeps the version it was last converged to under `previous`
 * (the intermediate version where it had reached one) until `to`
 * reaches it. The most common such version is `from`; the others are
 * listed in `base`.
 */
export function succeed(
  previous: RolloutState,
  to: string,
  policy: RolloutPolicy | undefined,
  now: Date,
): RolloutState {
  const next = startRollout(lastConverged(previous, ANY_OTHER), to, policy,
    now);
  const base: Record<string, string> = {};
  for (const account of accountsOf(previous)) {
    const version = lastConverged(previous, account);
    if (version !== null && version !== next.from) base[account] = version;
  }
  return Object.keys(base).length > 0 ? { ...next, base } : next;
}
