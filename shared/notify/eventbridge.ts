import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { Channel, Delivery } from './channel.ts';
import {
  attemptsOf,
  DeliveryError,
  fitNotification,
  worthSaying,
} from './channel.ts';
import type { SweepDigest } from './digest.ts';
import type { BudgetNotice, Notification } from './model.ts';
import { partitionOf } from './partition.ts';

/** The `source` of every driftguard event. */
export const EVENT_SOURCE = 'driftguard';

/** The detail-types driftguard puts on a bus. */
export const DETAIL_TYPES = {
  drift: 'Security Group Drift Detected',
  remediation: 'Remediation Applied',
  budget: 'Budget Tripped',
  sweep: 'Sweep Completed',
} as const;

/** PutEvents takes 256 KiB of entries per call; some room kept. */
const MAX_REQUEST_BYTES = 240_000;

/** Groups named as the resources of a budget event. */
const BUDGET_RESOURCES = 20;

/** Options of {@link EventBridgeChannel}. */
export interface EventBridgeChannelOptions {
  /** A client from `createClient(EventBridgeClient, ...)`. */
  client: EventBridgeClient;
  /** Bus name or ARN (default: the account's `default` bus). */
  busName?: string;
}

/**
 * Puts driftguard events on a bus, source `driftguard`, the notification
 * as detail. A decision gives `Security Group Drift Detected` when it has
 * findings, plus `Remediation Applied` when writes were made, plus
 * `Budget Tripped` when a budget stopped them; a budget that tripped in
 * a sweep gives `Budget Tripped` too, and a sweep digest gives `Sweep
 * Completed`. All of a decision's events go in one PutEvents call.
 */
export class EventBridgeChannel implements Channel {
  readonly name = 'eventbridge';
  private readonly client: EventBridgeClient;
  private readonly busName: string | undefined;

  constructor(options: EventBridgeChannelOptions) {
    this.client = options.client;
    this.busName = options.busName;
  }

  async send(notification: Notification): Promise<Delivery> {
    if (!worthSaying(notification)) {
      return { status: 'skipped', attempts: 0, reason: 'nothing to say' };
    }
    const types = detailTypes(notification);
    const detail = fitNotification(notification,
      Math.floor(MAX_REQUEST_BYTES / types.length));
    const entries = types.map((type) =>
      this.entry(type, detail, notification));
    return this.put(entries);
  }

  async sendDigest(digest: SweepDigest): Promise<Delivery> {
    return this.put([{
      Source: EVENT_SOURCE,
      DetailType: DETAIL_TYPES.sweep,
      Detail: JSON.stringify(digest),
      EventBusName: this.busName,
      Time: new Date(digest.at),
    }]);
  }

  async sendBudget(notice: BudgetNotice): Promise<Delivery> {
    return this.put([{
      Source: EVENT_SOURCE,
      DetailType: DETAIL_TYPES.budget,
      Detail: JSON.stringify(notice),
      EventBusName: this.busName,
      Resources: notice.groups.slice(0, BUDGET_RESOURCES)
        .map((id) => groupArn(notice.account, notice.region, id)),
      Time: new Date(notice.at),
    }]);
  }

  private entry(
    type: string,
    detail: Notification,
    notification: Notification,
  ): PutEventsRequestEntry {
    const { group } = notification;
    return {
      Source: EVENT_SOURCE,
      DetailType: type,
      Detail: JSON.stringify(detail),
      EventBusName: this.busName,
      Resources: [groupArn(group.account, group.region, group.id)],
      Time: new Date(notification.at),
    };
  }

  // PutEvents answers 200 even when entries failed: each says so itself.
  private async put(entries: PutEventsRequestEntry[]): Promise<Delivery> {
    const output = await this.client.send(
      new PutEventsCommand({ Entries: entries }));
    const failed = (output.Entries ?? []).filter((e) => e.ErrorCode);
    if ((output.FailedEntryCount ?? 0) > 0 || failed.length > 0) {
      const reasons = failed.map((e) => `${e.ErrorCode}: ${e.ErrorMessage}`);
      throw new DeliveryError(this.name, `PutEvents refused ` +
        `${output.FailedEntryCount} of ${entries.length} entries: ` +
        reasons.join('; '), attemptsOf(output));
    }
    const ids = (output.Entries ?? []).map((e) => e.EventId).join(',');
    return { status: 'delivered', attempts: attemptsOf(output), id: ids };
  }
}

/** The detail-types of one decision's events. */
export function detailTypes(notification: Notification): string[] {
  const types: string[] = [];
  if (notification.findings.length > 0) types.push(DETAIL_TYPES.drift);
  if (notification.performed) types.push(DETAIL_TYPES.remediation);
  if (notification.budget) types.push(DETAIL_TYPES.budget);
  return types.length > 0 ? types : [DETAIL_TYPES.drift];
}

/** A security group's ARN. */
export function groupArn(
  account: string,
  region: string,
  groupId: string,
): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${account}:` +
    `security-group/${groupId}`;
}
