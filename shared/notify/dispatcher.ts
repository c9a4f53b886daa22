import type { AlertDedup } from '../store/types.ts';
import type { Channel, Delivery, NotifyLogger } from './channel.ts';
import { DeliveryError, SILENT } from './channel.ts';
import type { DeadLetterQueue } from './dead-letter.ts';
import type { SweepDigest } from './digest.ts';
import type { Notification } from './model.ts';

/** What became of a message on one channel. */
export type ChannelStatus =
  | 'delivered'
  | 'skipped'
  /** Held back: every finding was alerted within the de-dup window. */
  | 'suppressed'
  /** Not delivered; kept on the dead-letter queue. */
  | 'dead-lettered'
  /** Not delivered, and the dead-letter queue failed too (logged). */
  | 'lost';

/** One channel's part of a dispatch. */
export interface ChannelReport {
  channel: string;
  status: ChannelStatus;
  attempts: number;
  id?: string;
  reason?: string;
  /** The last error of a channel that failed. */
  error?: string;
}

/** What a dispatch did, per channel. */
export interface DispatchReport {
  id: string;
  /** True when every finding had been alerted within the window. */
  repeat: boolean;
  channels: ChannelReport[];
}

/** Options of {@link Dispatcher}. */
export interface DispatcherOptions {
  channels: Channel[];
  /** Where undeliverable messages go; without it they are logged, lost. */
  deadLetters?: DeadLetterQueue;
  /** Hold back findings alerted within `windowMs` on the same group. */
  dedup?: { store: AlertDedup; windowMs: number };
  clock?: () => Date;
  logger?: NotifyLogger;
}

/** De-dup markers claimed at a time. */
const CLAIMS_IN_FLIGHT = 10;

/**
 * Sends each notification to every channel at once. A failing channel
 * holds up no other, and a dispatch never throws: what a channel cannot
 * deliver after its retries goes to the dead-letter queue with the
 * channel's name and last error, and the report says so per channel.
 */
export class Dispatcher {
  private readonly channels: Channel[];
  private readonly deadLetters: DeadLetterQueue | undefined;
  private readonly dedup: DispatcherOptions['dedup'];
  private readonly clock: () => Date;
  private readonly logger: NotifyLogger;

  constructor(options: DispatcherOptions) {
    this.channels = options.channels;
    this.deadLetters = options.deadLetters;
    this.dedup = options.dedup;
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? SILENT;
  }

  /** Sends one decision's notification; repeats go only where wanted. */
  async dispatch(n: Notification): Promise<DispatchReport> {
    const repeat = await this.isRepeat(n);
    const channels = await Promise.all(this.channels.map((channel) =>
      repeat && !channel.repeats
        ? { channel: channel.name, status: 'suppressed' as const,
          attempts: 0, reason: 'alerted within the de-dup window' }
        : this.deliver(channel, 'notification', n, () => channel.send(n))));
    const report = { id: n.id, repeat, channels };
    this.logger.info('notification dispatched', { ...report,
      groupId: n.group.id, account: n.group.account });
    return report;
  }

  /** Sends a sweep's digest, once, to the channels that take digests. */
  async dispatchDigest(digest: SweepDigest): Promise<DispatchReport> {
    const channels = await Promise.all(this.channels.map((channel) =>
      channel.sendDigest
        ? this.deliver(channel, 'digest', digest,
          () => channel.sendDigest!(digest))
        : { channel: channel.name, status: 'skipped' as const,
          attempts: 0, reason: 'takes no digests' }));
    const report = { id: digest.sweepId, repeat: false, channels };
    this.logger.info('sweep digest dispatched', report);
    return report;
  }

  private async deliver(
    channel: Channel,
    type: 'notification' | 'digest',
    payload: Notification | SweepDigest,
    send: () => Promise<Delivery>,
  ): Promise<ChannelReport> {
    try {
      return { channel: channel.name, ...await send() };
    } catch (error) {
      const failure = { channel: channel.name, attempts: failedAttempts(error),
        error: describe(error) };
      this.logger.warn('channel failed', failure);
      return this.deadLetter(type, payload, failure);
    }
  }

  private async deadLetter(
    type: 'notification' | 'digest',
    payload: Notification | SweepDigest,
    failure: { channel: string; attempts: number; error: string },
  ): Promise<ChannelReport> {
    if (!this.deadLetters) return { ...failure, status: 'lost' };
    try {
      await this.deadLetters.put({ version: 1, ...failure, type, payload,
        failedAt: this.clock().toISOString() });
      return { ...failure, status: 'dead-lettered' };
    } catch (error) {
      this.logger.error('dead letter failed; the message is lost', {
        ...failure, type, deadLetterError: describe(error),
      });
      return { ...failure, status: 'lost' };
    }
  }

  /**
   * True when every finding was alerted on this group within the window
   * and driftguard neither wrote nor tripped a budget this time. Markers
   * are claimed either way; a marker store that fails lets all through.
   */
  private async isRepeat(n: Notification): Promise<boolean> {
    if (!this.dedup || n.findings.length === 0) return false;
    const { store, windowMs } = this.dedup;
    const now = this.clock();
    try {
      const fresh = await mapLimit(n.findings, CLAIMS_IN_FLIGHT, (f) =>
        store.claim({ account: n.group.account, groupId: n.group.id,
          finding: f.key }, windowMs, now));
      return !fresh.includes(true) && !n.performed && !n.budget;
    } catch (error) {
      this.logger.warn('alert de-dup failed; alerting', {
        id: n.id, error: describe(error) });
      return false;
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof DeliveryError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function failedAttempts(error: unknown): number {
  if (error instanceof DeliveryError) return error.attempts;
  const metadata = (error as { $metadata?: { attempts?: number } })
    .$metadata;
  return metadata?.attempts ?? 1;
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) },
    worker));
  return results;
}
