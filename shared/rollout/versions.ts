import type { IntentBundle } from '../profiles/types.ts';
import { RecordConflictError } from '../store/errors.ts';
import type { RolloutStore, StoredRollout } from '../store/rollout.ts';
import { knownVersions, succeed } from './handover.ts';
import {
  converge,
  halt,
  mayAct,
  pendingFor,
  reached,
  reserve,
  startRollout,
  tick,
  versionFor,
  type RolloutState,
} from './state.ts';

/** What a budget answers when asked for writes. */
export interface BudgetAnswer {
  allowed: boolean;
  used: number;
  limit: number;
}

/** The writes a rollout's wave still allows, taken as they are made. */
export interface WaveBudget {
  tryConsume(n: number): Promise<BudgetAnswer>;
}

/** Which bundle judges an account, and what else is due for it. */
export interface Judgement {
  /** The bundle whose findings are acted on. */
  acting: IntentBundle;
  /** The new version, for an account it has not reached: pending only. */
  pending?: IntentBundle;
  /** False while a paused or halted rollout holds the account. */
  mayAct: boolean;
  /** The wave's allowance, while a running rollout counts its writes. */
  wave?: WaveBudget;
}

/**
 * What the writes of one invocation in one account came to (the wave's
 * writes are counted as they are made, by the wave's budget).
 */
export interface WriteReport {
  /** The version the writes were made under. */
  version: string;
  failed: boolean;
  /** The budget that tripped, if one did. */
  tripped?: 'invocation' | 'account-hour' | 'wave';
  /** True for a sweep: the whole account-region was converged. */
  swept?: boolean;
}

const ATTEMPTS = 8;

/** A short, random wait before trying a conflicting write again. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * 20 * attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The rollout as the functions follow it. A shipped bundle that the
 * stored rollout does not know starts a new rollout, each account
 * keeping the version it was last converged to; one it knows (an older
 * container during a deployment) follows the stored rollout. Every
 * change is a conditional write, retried on a conflict with a fresh read.
 */
export class Rollout {
  private readonly store: RolloutStore;
  private readonly shipped: IntentBundle;
  private readonly bundles = new Map<string, IntentBundle>();

  constructor(store: RolloutStore, shipped: IntentBundle) {
    this.store = store;
    this.shipped = shipped;
    this.bundles.set(shipped.version, shipped);
  }

  /** The rollout at `now`, started or advanced as due. */
  async state(now: Date): Promise<RolloutState> {
    return (await this.update(now, (s) => s)).state;
  }

  /** Which bundles judge `account`, and whether driftguard may act. */
  async judgement(account: string, now: Date): Promise<Judgement> {
    const state = await this.state(now);
    const acting = await this.bundle(versionFor(state, account));
    const judgement: Judgement = { acting, mayAct: mayAct(state, account) };
    if (pendingFor(state, account)) {
      judgement.pending = await this.bundle(state.to);
    }
    if (state.status === 'running' && reached(state, account)) {
      judgement.wave = { tryConsume: (n) =>
        this.reserve(account, acting.version, n, now) };
    }
    return judgement;
  }

  /**
   * Counts `n` writes under the new version in the wave, unless they
   * would take it past its cap. Writes of another version, or once the
   * rollout no longer runs (paused meanwhile), are not counted; those
   * made in the moment of a pause go ahead, as any in flight would.
   */
  async reserve(
    account: string,
    version: string,
    n: number,
    now: Date,
  ): Promise<BudgetAnswer> {
    let answer: BudgetAnswer = { allowed: true, used: 0, limit: Infinity };
    await this.update(now, (s) => {
      if (s.status !== 'running' || s.to !== version ||
        !reached(s, account)) return s;
      const next = reserve(s, n, now);
      answer = { allowed: next !== undefined, used: s.waveWrites,
        limit: s.policy.maxWritesPerWave ?? Infinity };
      return next ?? s;
    });
    return answer;
  }

  /** Halts on a failed write or a tripped budget; notes a converged sweep. */
  async report(account: string, report: WriteReport, now: Date) {
    await this.update(now, (s) => {
      if (s.status !== 'running' || s.to !== report.version ||
        !reached(s, account)) return s;
      if (report.failed) return halt(s, `a write failed in ${account}`, now);
      if (report.tripped === 'wave') {
        const wave = s.policy.waves[s.wave]?.name;
        return halt(s, `wave ${wave} reached its limit of ` +
          `${s.policy.maxWritesPerWave} writes (in ${account})`, now);
      }
      if (report.tripped) {
        return halt(s, `a write budget tripped in ${account}`, now);
      }
      return report.swept ? converge(s, account, now) : s;
    });
  }

  private async bundle(version: string): Promise<IntentBundle> {
    const hit = this.bundles.get(version);
    if (hit) return hit;
    const read = await this.store.getBundle(version);
    if (!read) {
      throw new Error(`intent bundle ${version} is not in the store; ` +
        'the rollout cannot judge by it');
    }
    this.bundles.set(version, read);
    return read;
  }

  private async update(
    now: Date,
    change: (s: RolloutState) => RolloutState,
  ): Promise<StoredRollout> {
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.store.get();
      const base = await this.current(stored, now);
      const next = change(tick(base, now));
      if (stored && next === stored.state) return stored;
      try {
        return await this.store.put(next, stored?.revision ?? 0);
      } catch (error) {
        if (!(error instanceof RecordConflictError) || attempt >= ATTEMPTS) {
          throw error;
        }
        await backoff(attempt);
      }
    }
  }

  private async current(
    stored: StoredRollout | undefined,
    now: Date,
  ): Promise<RolloutState> {
    const v = this.shipped.version;
    if (stored && knownVersions(stored.state).includes(v)) {
      return stored.state;
    }
    await this.store.putBundle(this.shipped);
    const policy = this.shipped.settings.rollout;
    return stored
      ? succeed(stored.state, v, policy, now)
      : startRollout(null, v, policy, now);
  }
}
