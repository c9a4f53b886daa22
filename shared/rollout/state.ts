import type { RolloutPolicy } from '../profiles/types.ts';

/** Where a rollout stands. */
export type RolloutStatus =
  | 'running' | 'paused' | 'halted' | 'aborted' | 'complete';

/**
 * A new intent version making its way through the accounts. Accounts of
 * the waves up to `wave` are judged by `to`; the others keep `from`, the
 * version they were last converged to.
 */
export interface RolloutState {
  /** The version before; null for the first deployment. */
  from: string | null;
  to: string;
  policy: RolloutPolicy;
  status: RolloutStatus;
  /** Index of the wave under way (or last reached). */
  wave: number;
  waveStartedAt: string;
  /** Writes made under `to` in the current wave. */
  waveWrites: number;
  startedAt: string;
  updatedAt: string;
  /** Why it was paused, halted or aborted. */
  reason?: string;
}

/** One wave of every account, at once: the policy when none is set. */
export const AT_ONCE: RolloutPolicy = {
  waves: [{ name: 'all', accounts: 'all' }],
  soakMinutes: 0,
};

/** A rollout from `from` to `to`, its first wave under way. */
export function startRollout(
  from: string | null,
  to: string,
  policy: RolloutPolicy | undefined,
  now: Date,
): RolloutState {
  const at = now.toISOString();
  const state: RolloutState = {
    from, to, policy: policy ?? AT_ONCE, status: 'running', wave: 0,
    waveStartedAt: at, waveWrites: 0, startedAt: at, updatedAt: at,
  };
  return from === null ? { ...state, status: 'complete' } : state;
}

/** The index of the wave that takes `account` (`all` takes the rest). */
export function waveOf(policy: RolloutPolicy, account: string): number {
  const named = policy.waves.findIndex((w) =>
    w.accounts !== 'all' && w.accounts.includes(account));
  if (named >= 0) return named;
  const rest = policy.waves.findIndex((w) => w.accounts === 'all');
  return rest >= 0 ? rest : Number.POSITIVE_INFINITY;
}

/** True when `account` is judged by the new version. */
export function reached(state: RolloutState, account: string): boolean {
  if (state.status === 'aborted') return false;
  if (state.status === 'complete') return true;
  return waveOf(state.policy, account) <= state.wave;
}

/** The version that judges `account` now. */
export function versionFor(state: RolloutState, account: string): string {
  return reached(state, account) || state.from === null
    ? state.to
    : state.from;
}

/**
 * Whether driftguard may act on `account`: not on an account the new
 * version reached while the rollout is paused or halted (it alerts only).
 */
export function mayAct(state: RolloutState, account: string): boolean {
  const frozen = state.status === 'paused' || state.status === 'halted';
  return !(frozen && reached(state, account));
}

/** True when the new version's findings are also due for `account`. */
export function pendingFor(state: RolloutState, account: string): boolean {
  return state.from !== null && state.status !== 'aborted' &&
    !reached(state, account);
}

function soaked(state: RolloutState, now: Date): boolean {
  const soak = state.policy.soakMinutes * 60_000;
  return now.getTime() - Date.parse(state.waveStartedAt) >= soak;
}

/** The rollout at `now`: the next wave once the current one has soaked. */
export function tick(state: RolloutState, now: Date): RolloutState {
  if (state.status !== 'running' || !soaked(state, now)) return state;
  const at = now.toISOString();
  if (state.wave >= state.policy.waves.length - 1) {
    return { ...state, status: 'complete', updatedAt: at };
  }
  return { ...state, wave: state.wave + 1, waveStartedAt: at,
    waveWrites: 0, updatedAt: at };
}

/** Stops the rollout where it is, saying why. */
export function halt(
  state: RolloutState,
  reason: string,
  now: Date,
): RolloutState {
  if (state.status !== 'running') return state;
  return { ...state, status: 'halted', reason, updatedAt: now.toISOString() };
}

/** Counts writes made under the new version; past the cap, it halts. */
export function countWrites(
  state: RolloutState,
  n: number,
  now: Date,
): RolloutState {
  if (state.status !== 'running' || n === 0) return state;
  const waveWrites = state.waveWrites + n;
  const next = { ...state, waveWrites, updatedAt: now.toISOString() };
  const cap = state.policy.maxWritesPerWave;
  return cap !== undefined && waveWrites > cap
    ? halt(next, `wave ${state.policy.waves[state.wave]?.name} made ` +
      `${waveWrites} writes, more than its ${cap}`, now)
    : next;
}

/** An operator's pause, resume or abort. */
export function steer(
  state: RolloutState,
  command: 'pause' | 'resume' | 'abort',
  now: Date,
  reason = `${command}d by an operator`,
): RolloutState {
  const at = now.toISOString();
  const open = state.status === 'running' || state.status === 'paused' ||
    state.status === 'halted';
  if (!open) {
    throw new Error(`the rollout to ${state.to} is ${state.status}; ` +
      `it cannot be ${command === 'abort' ? 'aborted' : `${command}d`}`);
  }
  if (command === 'pause') {
    return { ...state, status: 'paused', reason, updatedAt: at };
  }
  if (command === 'abort') {
    return { ...state, status: 'aborted', reason, updatedAt: at };
  }
  return { ...state, status: 'running', reason: undefined,
    waveStartedAt: at, updatedAt: at };
}
