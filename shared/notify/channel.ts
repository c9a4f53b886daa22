import type { SweepDigest } from './digest.ts';
import type {
  BudgetNotice,
  Notification,
  RegionFindings,
} from './model.ts';

/** What a channel did with a message it did not fail on. */
export interface Delivery {
  status: 'delivered' | 'skipped';
  /** Tries it took, retries included. */
  attempts: number;
  /** What the service answered: a message id, an event id. */
  id?: string;
  /** Why it was skipped. */
  reason?: string;
}

/**
 * One place notifications go. `send` resolves once the message is
 * delivered (or deliberately skipped) and throws once its own retries
 * are spent; the dispatcher then dead-letters the message.
 */
export interface Channel {
  /** Short and stable: `sns`, `slack`, `eventbridge`, `securityhub`. */
  readonly name: string;
  /**
   * True when the channel takes every decision, repeats the de-dup
   * window holds back included: it keeps state (Security Hub) rather
   * than telling people.
   */
  readonly repeats?: boolean;
  send(notification: Notification): Promise<Delivery>;
  /** Sweep digests; a channel without it skips them. */
  sendDigest?(digest: SweepDigest): Promise<Delivery>;
  /** A budget that tripped in a sweep; a channel without it skips it. */
  sendBudget?(notice: BudgetNotice): Promise<Delivery>;
  /**
   * A sweep's findings of a whole account-region, for a channel that
   * keeps state; the others skip it (they have the digest). A channel
   * with it is not sent the sweep's notifications group by group.
   */
  reconcile?(region: RegionFindings): Promise<Delivery>;
}

/**
 * A channel gave up. The message is safe to log and to keep with a
 * dead letter: it never holds a secret such as a webhook URL.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly channel: string;
  readonly attempts: number;

  constructor(channel: string, message: string, attempts: number) {
    super(message);
    this.channel = channel;
    this.attempts = attempts;
  }
}

/**
 * Where notify logs: a Powertools `Logger` fits, as does anything with
 * these methods. Nothing secret is ever passed to it.
 */
export interface NotifyLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** A logger that drops everything. */
export const SILENT: NotifyLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Bytes of a value's JSON, as a service counts a message's size. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * The notification, or a copy with its least severe findings left out
 * (and counted in `truncated`) so its JSON fits in `maxBytes`.
 */
export function fitNotification(
  notification: Notification,
  maxBytes: number,
): Notification {
  if (jsonBytes(notification) <= maxBytes) return notification;
  const all = notification.findings;
  let low = 0;
  let high = all.length;
  while (low < high) {
    const keep = Math.ceil((low + high) / 2);
    if (jsonBytes(shortened(notification, keep)) <= maxBytes) low = keep;
    else high = keep - 1;
  }
  return shortened(notification, low);
}

function shortened(notification: Notification, keep: number): Notification {
  const dropped = notification.findings.length - keep;
  return {
    ...notification,
    findings: notification.findings.slice(0, keep),
    truncated: (notification.truncated ?? 0) + dropped,
  };
}

/** True when a notification has findings or writes to tell about. */
export function worthSaying(notification: Notification): boolean {
  return notification.findings.length > 0 || notification.writes.length > 0 ||
    notification.budget !== undefined;
}

/** The SDK's count of HTTP attempts, retries included. */
export function attemptsOf(
  output: { $metadata: { attempts?: number } },
): number {
  return output.$metadata.attempts ?? 1;
}
