import type { SweepDigest } from '../notify/digest.ts';

/** One account in one region. */
export interface AccountRegion {
  account: string;
  region: string;
}

/** A scheduled sweep: what it set out to cover, and how far it got. */
export interface SweepRecord {
  /** Sortable by time: `<ISO time>#<hex>`. */
  id: string;
  startedAt: string;
  /** Accounts swept, each in every region of `regions`. */
  accounts: string[];
  regions: string[];
  /** Account-regions expected: accounts times regions. */
  expected: number;
  /** The intent bundle version the sweep was started with. */
  intentVersion: string;
  dryRun: boolean;
  /** Account-regions with a result so far (swept, or failed for good). */
  done: number;
  /** `claimed` while a worker builds the digest, `sent` once it did. */
  digest?: 'claimed' | 'sent';
  digestClaimedAt?: string;
  completedAt?: string;
  /** The digest, once the last account-region is in. */
  summary?: SweepDigest;
}

/** What a sweep starts with: everything but its progress. */
export type SweepDraft = Omit<SweepRecord,
  'done' | 'digest' | 'digestClaimedAt' | 'completedAt' | 'summary'>;

/** A write budget that stopped writes in an account-region. */
export interface SweepBudgetTrip {
  scope: 'invocation' | 'account-hour' | 'wave';
  limit: number;
  used: number;
  skipped: number;
}

/**
 * Findings a rollout's new version has in an account-region it has not
 * reached yet: counted, never acted on.
 */
export interface SweepPending {
  /** The version they are due under. */
  intentVersion: string;
  findings: number;
  byKind: Record<string, number>;
}

/** What one account-region of a sweep came to. */
export interface SweepRegionResult extends AccountRegion {
  sweepId: string;
  at: string;
  /** `failed` once every try to read it failed. */
  status: 'swept' | 'failed';
  /** Its findings counted: a digest of this account-region alone. */
  tally?: SweepDigest;
  stats?: { groups: number; rules: number; interfaces: number };
  /** Writes by what became of them: `done`, `dry-run`, `skipped`, ... */
  writes: Record<string, number>;
  budget?: SweepBudgetTrip;
  pending?: SweepPending;
  /** Why it failed, for a failed account-region. */
  error?: string;
  intentVersion: string;
}

/** How far a sweep is, as a worker sees it after storing a result. */
export interface SweepProgress {
  /** Whether this result was the first for its account-region. */
  counted: boolean;
  done: number;
  expected: number;
  /** The digest's state: none yet, being built, or sent. */
  digest?: 'claimed' | 'sent';
}

/** Where sweeps and the results of their account-regions are kept. */
export interface SweepStore {
  /**
   * Records a new sweep; when one of that id exists already (a retried
   * start), leaves it as it is and returns it with `created` false.
   */
  start(draft: SweepDraft): Promise<{ created: boolean; record: SweepRecord }>;
  get(sweepId: string): Promise<SweepRecord | undefined>;
  /**
   * Stores an account-region's result and, the first time one comes for
   * that account-region, counts it done, atomically. `undefined` when
   * the sweep is not known (its result is still kept).
   */
  record(result: SweepRegionResult): Promise<SweepProgress | undefined>;
  /**
   * Claims the building of the digest: true for exactly one caller once
   * every account-region is done, or again once a claim is `leaseMs` old
   * without the digest sent (its worker died).
   */
  claimDigest(sweepId: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Every account-region result of the sweep. */
  results(sweepId: string): Promise<SweepRegionResult[]>;
  /** Keeps the digest on the sweep and marks it sent. */
  complete(sweepId: string, summary: SweepDigest, now: Date): Promise<void>;
}
