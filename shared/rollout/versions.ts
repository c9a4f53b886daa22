import type { IntentBundle } from '../profiles/types.ts';
import { RecordConflictError } from '../store/errors.ts';
import type { RolloutStore, StoredRollout } from '../store/rollout.ts';
import {
  countWrites,
  halt,
  mayAct,
  pendingFor,
  reached,
  startRollout,
  tick,
  versionFor,
  type RolloutState,
} from './state.ts';

/** Which bundle judges an account, and what else is due for it. */
export interface Judgement {
  /** The bundle whose findings are acted on. */
  acting: IntentBundle;
  /** The new version, for an account it has not reached: pending only. */
  pending?: IntentBundle;
  /** False while a paused or halted rollout holds the account. */
  mayAct: boolean;
}

/** What the writes of one invocation in one account came to. */
export interface WriteReport {
  writes: number;
  failed: boolean;
  tripped: boolean;
}

const ATTEMPTS = 5;

/** The stable version of a stored rollout: the one converged everywhere. */
function stable(state: RolloutState): string | null {
  return state.status === 'complete' ? state.to : state.from;
}

/**
 * The rollout as the functions follow it. A shipped bundle that the
 * stored rollout does not know starts a new rollout from the stable
 * version; one it knows (an older container during a deployment) follows
 * the stored rollout. Every change is a conditional write, retried on a
 * conflict with a fresh read.
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
    return judgement;
  }

  /** Counts writes made under the new version; halts on trouble. */
  async report(account: string, report: WriteReport, now: Date) {
    await this.update(now, (s) => {
      if (s.status !== 'running' || !reached(s, account)) return s;
      if (report.failed) return halt(s, `a write failed in ${account}`, now);
      if (report.tripped) {
        return halt(s, `a write budget tripped in ${account}`, now);
      }
      return countWrites(s, report.writes, now);
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
      }
    }
  }

  private async current(
    stored: StoredRollout | undefined,
    now: Date,
  ): Promise<RolloutState> {
    const v = this.shipped.version;
    if (stored && (stored.state.to === v || stored.state.from === v)) {
      return stored.state;
    }
    await this.store.putBundle(this.shipped);
    return startRollout(stored ? stable(stored.state) : null, v,
      this.shipped.settings.rollout, now);
  }
}
