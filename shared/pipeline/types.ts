import type { Finding } from '../engine/types.ts';
import type { Change } from '../events/index.ts';
import type { AlertOnly, PlannedAction } from '../remediation/types.ts';
export type { BindingMemory } from '../store/types.ts';

/** What a write of the plan came to. */
export interface ActionOutcome {
  action: PlannedAction;
  /** `skipped` when a budget stopped it; `dry-run` when nothing ran. */
  status: 'done' | 'partial' | 'failed' | 'unchanged' | 'dry-run' |
    'skipped';
  /** Audit entries the write recorded. */
  entryIds: string[];
  /** What failed, with AWS's error. */
  errors: string[];
  note?: string;
}

/** A write budget that stopped the plan, and where. */
export interface BudgetTrip {
  scope: 'invocation' | 'account-hour' | 'wave';
  limit: number;
  used: number;
  /** Writes that were not made because of it. */
  skipped: number;
}

/** What driftguard decided about one event, and did. */
export interface Decision {
  decision: 'ignore' | 'evaluate' | 'invalid';
  reason: string;
  eventId?: string;
  eventName?: string;
  eventTime?: string;
  account?: string;
  region?: string;
  actor?: Change['actor'];
  /** Groups judged. */
  groups: string[];
  /** Groups the event named that no longer exist. */
  deleted: string[];
  findings: Finding[];
  /** Findings of a rollout's new version, due here but not yet acted on. */
  pending?: Finding[];
  actions: ActionOutcome[];
  alerts: AlertOnly[];
  dryRun: boolean;
  budget?: BudgetTrip;
  intentVersion?: string;
}
