import type { RolloutPolicy } from '../profiles/types.ts';

/** Where a rollout stands. */
export type RolloutStatus =
  | 'running' | 'paused' | 'halted' | 'aborted' | 'complete';

/**
 * A new intent version making its way through the accounts. Accounts of
 * the waves up to `wave` are judged by `to`; the others keep the version
 * they were last converged to: `from`, or theirs in `base`.
 */
export interface RolloutState {
  /** The version before; null for the first deployment. */
  from: string | null;
  to: string;
  /**
   * Accounts last converged to another version than `from` (a rollout
   * started while another was under way), with that version.
   */
  base?: Record<string, string>;
  policy: RolloutPolicy;
  status: RolloutStatus;
  /** Index of the wave under way (or last reached). */
  wave: number;
  waveStartedAt: string;
  /**
   * Accounts of the current wave a sweep has converged under `to`. For a
   * wave of `all` this grows to every account swept, in the one rollout
   * item: some 16 bytes an account, so tens of thousands of accounts
   * would near DynamoDB's item limit. That is a known shortcoming.
   */
  converged?: string[];
  /** When the current wave counted as converged; its soak runs from it. */
  convergedAt?: string;
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

/** The version `account` keeps until the new one reaches it. */
export function baseVersion(
  state: RolloutState,
  account: string,
): string | null {
  return state.base?.[account] ?? state.from;
}

/** The version that judges `account` now. */
export function versionFor(state: RolloutState, account: string): string {
  return reached(state, account)
    ? state.to
    : baseVersion(state, account) ?? state.to;
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
  return baseVersion(state, account) !== null &&
    state.status !== 'aborted' && !reached(state, account);
}

/**
 * Notes that a sweep converged `account` under the new version. Once
 * every account the current wave names is converged, the wave's soak
 * starts. A wave of `all` names no accounts (driftguard learns them only
 * as it sweeps them), so its soak starts at the first account converged;
 * that is its known shortcoming.
 */
export function converge(
  state: RolloutState,
  account: string,
  now: Date,
): RolloutState {
  if (state.status !== 'running' ||
    waveOf(state.policy, account) !== state.wave ||
    state.converged?.includes(account)) return state;
  const converged = [...state.converged ?? [], account];
  const wave = state.policy.waves[state.wave];
  const whole = wave?.accounts === 'all' ||
    (wave?.accounts ?? []).every((a) => converged.includes(a));
  const at = now.toISOString();
  return { ...state, converged, updatedAt: at,
    ...(whole && !state.convergedAt ? { convergedAt: at } : {}) };
}

/** When the current wave's soak ends (ms), once the wave converged. */
export function soakEnd(state: RolloutState): number | undefined {
  if (state.convergedAt === undefined) return undefined;
  return Date.parse(state.convergedAt) + state.policy.soakMinutes * 60_000;
}

function soaked(state: RolloutState, now: Date): boolean {
  const end = soakEnd(state);
  return end !== undefined && now.getTime() >= end;
}

/**
 * The rollout at `now`: the next wave once the current one has been
 * converged and has soaked since.
 */
export function tick(state: RolloutState, now: Date): RolloutState {
  if (state.status !== 'running' || !soaked(state, now)) return state;
  const at = now.toISOString();
  if (state.wave >= state.policy.waves.length - 1) {
    return { ...state, status: 'complete', updatedAt: at };
  }
  return { ...unconverged(state), wave: state.wave + 1, waveStartedAt: at,
    waveWrites: 0, updatedAt: at };
}

/** The state without the current wave's convergence. */
function unconverged(state: RolloutState): RolloutState {
  const next = { ...state };
  delete next.converged;
  delete next.convergedAt;
  return next;
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

/**
 * The rollout with `n` more writes counted in its wave, or undefined
 * when they would take the wave past `maxWritesPerWave`.
 */
export function reserve(
  state: RolloutState,
  n: number,
  now: Date,
): RolloutState | undefined {
  const cap = state.policy.maxWritesPerWave;
  const waveWrites = state.waveWrites + n;
  if (cap !== undefined && waveWrites > cap) return undefined;
  return { ...state, waveWrites, updatedAt: now.toISOString() };
}

/**
 * A resume: from a pause the wave soaks again from now; from a halt it
 * must be converged again by a sweep, with a fresh write allowance.
 */
function resume(state: RolloutState, at: string): RolloutState {
  const next: RolloutState = { ...state, status: 'running', updatedAt: at };
  delete next.reason;
  if (state.status === 'halted') {
    return { ...unconverged(next), waveWrites: 0 };
  }
  if (state.convergedAt) next.convergedAt = at;
  return next;
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
  return resume(state, at);
}
