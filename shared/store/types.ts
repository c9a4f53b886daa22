import type {
  NetworkInterface,
  SecurityGroupRule,
  Tag,
} from '@aws-sdk/client-ec2';
import type { Finding } from '../engine/types.ts';

/** Every kind of write driftguard makes, and the undo of one. */
export type AuditAction =
  | 'revoke-rules'
  | 'authorize-rules'
  | 'modify-rules'
  | 'restore-tag'
  | 'quarantine'
  | 'isolate-group'
  | 'detach-group'
  | 'rotate-interface'
  | 'release';

/** Where an audit entry stands; `pending` is written before the call. */
export type AuditStatus = 'pending' | 'done' | 'partial' | 'failed';

/** Why driftguard acted: the findings and the change that led to them. */
export interface AuditReason {
  findings: Pick<
    Finding,
    'kind' | 'severity' | 'ruleId' | 'profile' | 'policyRule' | 'message'
  >[];
  /** The CloudTrail event id, on the event path. */
  eventId?: string;
  /** Who made the change that drifted (ARN), when an event says so. */
  actor?: string;
  /** `event`, `sweep`, or `cli` for an operator's command. */
  trigger: 'event' | 'sweep' | 'cli';
}

/**
 * The state before a write: exactly what `driftguard release` needs to put
 * it back. Rules are kept as DescribeSecurityGroupRules returns them.
 */
export interface PriorState {
  /** Rules the write revokes or changes (revoke, modify, isolate). */
  rules?: SecurityGroupRule[];
  /**
   * Every rule of the group, read just before a write to its rules; the
   * outcome's `groupRules` holds them as read just after it.
   */
  groupRules?: SecurityGroupRule[];
  /** The binding tag as it was (absent when it was absent). */
  tags?: Tag[];
  /** Each interface's group ids before a quarantine or detach. */
  interfaceGroups?: Record<string, string[]>;
}

/** What a write did, filled in after the call. */
export interface AuditOutcome {
  status: Exclude<AuditStatus, 'pending'>;
  /** Ids written: rule ids revoked or created, interfaces moved. */
  done: string[];
  /** Ids not written, each with the error AWS gave. */
  failed: { id: string; error: string }[];
  /** Rules created by the write (authorize), for their undo. */
  createdRules?: SecurityGroupRule[];
  /** The quarantine group interfaces were moved to. */
  quarantineGroupId?: string;
  /**
   * Every rule of the group, read again just after a write to its rules
   * (see `before.groupRules`).
   */
  groupRules?: SecurityGroupRule[];
  note?: string;
}

/** One write driftguard made or tried, recorded before it was made. */
export interface AuditEntry {
  /** Sortable by time: `<ISO time>#<random>`. */
  id: string;
  at: string;
  account: string;
  region: string;
  groupId: string;
  action: AuditAction;
  reason: AuditReason;
  intentVersion: string;
  before: PriorState;
  /** What the write intends, in words: `revoke sgr-1, sgr-2`. */
  intent: string;
  status: AuditStatus;
  outcome?: AuditOutcome;
  /** For a release: the entry it undid. */
  releases?: string;
  /**
   * The entry this one completes (the quarantine whose group an
   * isolation stripped): releasing that entry releases this one too.
   */
  partOf?: string;
  /** Set on an entry once a release undid it. */
  releasedBy?: string;
  /** The rotation the entry is part of (rotate-interface). */
  rotation?: string;
  /** Whether the write actually ran (false in dry-run). */
  dryRun: boolean;
}

/** What a write asks the recorder to keep before it is made. */
export type AuditDraft = Omit<AuditEntry, 'id' | 'at' | 'status'>;

/**
 * Where writes are recorded. `begin` is called before every write and its
 * entry must be durable before the write is made; `finish` completes it.
 * Entries are never deleted.
 */
export interface AuditLog {
  begin(draft: AuditDraft): Promise<AuditEntry>;
  finish(id: string, outcome: AuditOutcome): Promise<AuditEntry>;
  get(id: string): Promise<AuditEntry | undefined>;
  /** Entries of one group, newest first. */
  history(account: string, groupId: string): Promise<AuditEntry[]>;
  /** Marks an entry as undone by the release entry `by`. */
  markReleased(id: string, by: string): Promise<void>;
}

/** Network interfaces of an account as a quarantine found them. */
export type QuarantinedInterface = Pick<
  NetworkInterface,
  'NetworkInterfaceId' | 'Groups' | 'RequesterManaged' | 'InterfaceType'
>;

/** Whether a quarantine still holds its interfaces. */
export type QuarantineStatus = 'active' | 'released';

/**
 * A quarantine: the interfaces of a group moved to a quarantine group,
 * each with the groups it carried before (its `Groups`), so a release can
 * put them back. Its id is the audit entry id of the quarantine write.
 */
export interface QuarantineRecord {
  id: string;
  account: string;
  region: string;
  /** The group whose drift led to the quarantine. */
  groupId: string;
  vpcId: string;
  quarantineGroupId: string;
  interfaces: QuarantinedInterface[];
  status: QuarantineStatus;
  createdAt: string;
  releasedAt?: string;
  /** The audit entry id of the release. */
  releasedBy?: string;
}

/** What a quarantine asks the store to keep when it starts. */
export type QuarantineDraft = Omit<
  QuarantineRecord,
  'status' | 'createdAt' | 'releasedAt' | 'releasedBy'
>;

/** Where quarantines are kept until, and after, they are released. */
export interface QuarantineStore {
  /** Records a new, active quarantine; refuses an id already used. */
  put(draft: QuarantineDraft): Promise<QuarantineRecord>;
  get(id: string): Promise<QuarantineRecord | undefined>;
  /** The active quarantines of an account, oldest first. */
  listActive(
    account: string,
    filter?: { region?: string; groupId?: string },
  ): Promise<QuarantineRecord[]>;
  /** Marks an active quarantine released by the audit entry `by`. */
  release(id: string, by: string): Promise<QuarantineRecord>;
}

/** The answer of a write budget: whether the writes may go ahead. */
export interface BudgetDecision {
  allowed: boolean;
  /** Writes counted in this hour, the allowed ones included. */
  used: number;
  limit: number;
}

/** Writes per account per hour (Safety rule 4). */
export interface WriteBudget {
  /**
   * Counts `n` writes against the hour of `now` when they fit in `limit`,
   * atomically; refuses them, counting nothing, when they do not.
   */
  tryConsume(
    account: string,
    n: number,
    limit: number,
    now: Date,
  ): Promise<BudgetDecision>;
}

/** Markers that keep the same finding from being alerted twice. */
export interface AlertDedup {
  /**
   * Sets the marker of `finding` on `groupId` for `windowMs` from `now`;
   * true when it was free (alert), false when a marker still holds.
   */
  claim(
    marker: { account: string; groupId: string; finding: string },
    windowMs: number,
    now: Date,
  ): Promise<boolean>;
}

/**
 * The last binding driftguard knew a group to carry: what a tampered
 * binding is put back to. `null` remembers that the group had none.
 */
export interface BindingMemory {
  recall(account: string, region: string, groupId: string):
    Promise<string | null | undefined>;
  remember(
    account: string,
    region: string,
    bindings: Record<string, string | null>,
  ): Promise<void>;
}

/** One interface's move in a rotation: its audit entry, and where. */
export interface RotationMember {
  entryId: string;
  account: string;
  networkInterfaceId: string;
}

/**
 * A rotation: every interface carrying one group moved onto another, one
 * audit entry (`rotate-interface`) per interface. The record lists the
 * entries, each added before its write is made, so the whole rotation
 * can be released by its id.
 */
export interface RotationRecord {
  /** `rotation-<yyyymmddThhmmssZ>-<random>`. */
  id: string;
  region: string;
  /** The group taken off the interfaces, and the one put in its place. */
  from: string;
  to: string;
  accounts: string[];
  intentVersion: string;
  startedAt: string;
  /** The entries of the rotation, oldest first. */
  members: RotationMember[];
}

/** What a rotation asks the store to keep when it starts. */
export type RotationDraft = Omit<RotationRecord, 'startedAt' | 'members'>;

/** Where rotations are kept, so `driftguard release` can find them. */
export interface RotationStore {
  /** Records a new rotation with no member; refuses an id already used. */
  start(draft: RotationDraft): Promise<RotationRecord>;
  /** Adds one interface's audit entry to a rotation. */
  add(id: string, member: RotationMember): Promise<void>;
  get(id: string): Promise<RotationRecord | undefined>;
}
