import type { IpPermission } from '@aws-sdk/client-ec2';
import type { Finding } from '../engine/types.ts';
import type { Mode } from '../profiles/types.ts';
import type { Direction } from '../rules/index.ts';

/** Deployment-wide settings of remediation. */
export interface RemediationSettings {
  /** Decide and record, but change nothing. The default of a deployment. */
  dryRun: boolean;
  /** The strongest action allowed; profiles cannot ask for more. */
  cap: Mode;
  /** Items written (rules, interfaces, tags) per invocation. */
  perInvocation: number;
  /** Items written per account per hour. */
  perAccountHour: number;
}

/** What a new deployment starts with: dry run, and small budgets. */
export const DEFAULT_SETTINGS: RemediationSettings = {
  dryRun: true,
  cap: 'quarantine',
  perInvocation: 20,
  perAccountHour: 100,
};

interface Base {
  groupId: string;
  /** The findings this write converges. */
  findings: Finding[];
  /** How many items it writes: what budgets count. */
  size: number;
}

/** One write the plan asks for. */
export type PlannedAction =
  | (Base & { kind: 'revoke-rules'; ruleIds: string[] })
  | (Base & {
      kind: 'authorize-rules';
      direction: Direction;
      permissions: IpPermission[];
    })
  | (Base & {
      kind: 'quarantine';
      vpcId: string;
      /** Only these interfaces; all of the group's when absent. */
      networkInterfaceIds?: string[];
    })
  | (Base & { kind: 'detach-group'; networkInterfaceId: string })
  | (Base & { kind: 'restore-tag'; key: string; value: string });

/** A finding that gets an alert and no write, and why not a write. */
export interface AlertOnly {
  finding: Finding;
  why: string;
}

/** Writes in the order to make them, and findings only alerted. */
export interface Plan {
  actions: PlannedAction[];
  alerts: AlertOnly[];
}
