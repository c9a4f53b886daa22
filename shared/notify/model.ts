import type { Action, Finding, FindingKind } from '../engine/types.ts';
import type { Change } from '../events/types.ts';
import type { Severity } from '../profiles/types.ts';
import type { AuditAction, AuditEntry, AuditStatus } from '../store/types.ts';

/** The group a notification is about. */
export interface NotifiedGroup {
  id: string;
  name?: string;
  account: string;
  region: string;
  vpcId?: string;
  /** The group in the EC2 console. */
  consoleUrl: string;
}

/** The change that triggered a decision, on the event path. */
export interface NotifiedChange {
  eventName: string;
  eventId: string;
  eventTime: string;
  /** Who made it: the identity's ARN, else its type. */
  actor: string;
  /** The same, short enough for a chat line (`assumed-role/Dev/alice`). */
  actorName: string;
  sourceIp?: string;
  /** A sentence: what was called, on what, by whom. */
  reason: string;
}

/** A finding as notifications carry it. */
export interface NotifiedFinding {
  kind: FindingKind;
  severity: Severity;
  /** Identifies the finding on its group, across evaluations. */
  key: string;
  ruleId?: string;
  direction?: string;
  /** `tcp 22 from 0.0.0.0/0`, when a rule is concerned. */
  rule?: string;
  profile?: string;
  /** The profile rule that decided it: `prod-network/no-public-ssh`. */
  decidedBy?: string;
  action: Action;
  message: string;
  /** A write of this decision fixed it: it is gone from the group. */
  resolved?: true;
  /** Alerted within the de-dup window already; kept for a write's sake. */
  repeat?: true;
}

/** One write driftguard made (or would make, in dry run). */
export interface NotifiedWrite {
  auditId?: string;
  action: AuditAction | 'planned';
  /** In words: `revoke sgr-1, sgr-2`. */
  intent: string;
  status: AuditStatus | 'planned';
  dryRun: boolean;
  /** The command that undoes it, for a write that was made. */
  release?: string;
}

/** A budget that stopped writes: past it driftguard only alerts. */
export interface BudgetTrip {
  scope: 'invocation' | 'account-hour' | 'wave';
  used: number;
  limit: number;
}

/** What driftguard tells its channels about one decision on one group. */
export interface Notification {
  version: 1;
  /** Stable for the same decision: the same event and findings. */
  id: string;
  at: string;
  trigger: 'event' | 'sweep' | 'cli';
  dryRun: boolean;
  /** The highest severity of the findings (`low` without any). */
  severity: Severity;
  group: NotifiedGroup;
  change?: NotifiedChange;
  /** Worst first. */
  findings: NotifiedFinding[];
  /** Findings left out to fit a channel's size limit. */
  truncated?: number;
  /** Findings left out as alerted within the de-dup window. */
  repeated?: number;
  /** The strongest action decided. */
  action: Action;
  /** Whether driftguard changed anything. */
  performed: boolean;
  /** What driftguard did or would do, in one line. */
  summary: string;
  writes: NotifiedWrite[];
  budget?: BudgetTrip;
  profiles: string[];
  kinds: FindingKind[];
  intentVersion?: string;
}

/** What the notifier needs to know about a decision on one group. */
export interface GroupDecision {
  group: {
    groupId: string;
    groupName?: string;
    account: string;
    region: string;
    vpcId?: string;
  };
  trigger: 'event' | 'sweep' | 'cli';
  change?: Pick<Change,
    'eventId' | 'eventName' | 'eventTime' | 'actor' | 'reason'>;
  findings: Finding[];
  dryRun: boolean;
  /** Audit entries of the writes made, or recorded as dry run. */
  entries?: AuditEntry[];
  /** Writes decided but not recorded (dry run), in words. */
  planned?: string[];
  budget?: BudgetTrip;
  /**
   * Keys (findingKey) of the findings its writes fixed: reverted, put
   * back or detached, so the group no longer has them.
   */
  resolved?: string[];
  at?: Date;
}

/**
 * Every finding of one account-region, group by group, as a sweep found
 * it: what a channel that keeps state (Security Hub) makes its own state
 * of that account-region agree with.
 */
export interface RegionFindings {
  version: 1;
  sweepId: string;
  account: string;
  region: string;
  at: string;
  /** One per group with findings; a group not listed is clean. */
  notifications: Notification[];
}

/** A write budget that tripped while a sweep converged an account-region. */
export interface BudgetNotice {
  version: 1;
  trigger: 'sweep';
  sweepId: string;
  account: string;
  region: string;
  at: string;
  dryRun: boolean;
  /** Which budget: `invocation`, `account-hour`, ... */
  scope: string;
  used: number;
  limit: number;
  /** Writes not made because of it. */
  skipped: number;
  /** The first of those writes, in words. */
  notDone: string[];
  /** The groups those writes were for. */
  groups: string[];
}
