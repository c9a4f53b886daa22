import type { AlertDedup } from '../store/types.ts';
import type { Channel, Delivery, NotifyLogger } from './channel.ts';
import { DeliveryError, SILENT } from './channel.ts';
import type { DeadLetter, DeadLetterQueue } from './dead-letter.ts';
import type { SweepDigest } from './digest.ts';
import type {
  BudgetNotice,
  Notification,
  RegionFindings,
} from './model.ts';
import { tellable } from './repeats.ts';

/** What became of a message on one channel. */
export type ChannelStatus =
  | 'delivered'
  | 'skipped'
  /** Held back: every finding was alerted within the de-dup window. */
  | 'suppressed'
  /** Not delivered; kept on the dead-letter queue. */
  | 'dead-lettered'
  /** Not delivered, and the dead-letter queue failed too (logged). */
  | 'lost'
  /** Not delivered, and not kept: the next sweep sends it again whole. */
  | 'failed';

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
  /** Findings alerted within the window, left out or marked. */
  repeats?: number;
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

type LetterType = DeadLetter['type'];
type Payload = DeadLetter['payload'];

/** A channel that failed: after how many tries, and its last error. */
type Failure = { channel: string; attempts: number; error: string };

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

  /**
   * Sends one decision's notification. Findings alerted within the
   * window are left out of what people are told (or marked, when the
   * decision wrote); a channel that keeps state gets it whole.
   */
  async dispatch(n: Notification): Promise<DispatchReport> {
    const { told, repeats } = tellable(n, await this.freshKeys(n));
    const channels = await Promise.all(this.channels.map((channel) => {
      // A channel that reconciles gets a sweep's account-region whole
      // (dispatchRegion). Synced with one group first, it would archive
      // that group's other findings, then import them again as new.
      if (channel.reconcile && n.trigger === 'sweep') {
        return skipped(channel, 'takes the sweep whole');
      }
      const shown = channel.repeats ? n : told;
      if (!shown) {
        return { channel: channel.name, status: 'suppressed' as const,
          attempts: 0, reason: 'alerted within the de-dup window' };
      }
      return this.deliver(channel, 'notification', shown,
        () => channel.send(shown));
    }));
    const report = { id: n.id, repeat: told === undefined,
      ...(repeats > 0 ? { repeats } : {}), channels };
    this.logger.info('notification dispatched', { ...report,
      groupId: n.group.id, account: n.group.account });
    return report;
  }

  /** Sends a sweep's digest, once, to the channels that take digests. */
  async dispatchDigest(digest: SweepDigest): Promise<DispatchReport> {
    return this.toEach(digest.sweepId, 'sweep digest dispatched',
      (channel) => channel.sendDigest
        ? this.deliver(channel, 'digest', digest,
          () => channel.sendDigest!(digest))
        : skipped(channel, 'takes no digests'));
  }

  /** Tells the channels that take them of a budget a sweep tripped. */
  async dispatchBudget(notice: BudgetNotice): Promise<DispatchReport> {
    return this.toEach(regionId(notice), 'budget notice dispatched',
      (channel) => channel.sendBudget
        ? this.deliver(channel, 'budget', notice,
          () => channel.sendBudget!(notice))
        : skipped(channel, 'takes no budget notices'));
  }

  /**
   * Hands a sweep's findings of an account-region to the channels that
   * keep state. One that fails is logged, not dead-lettered: the next
   * sweep sends the account-region's state again whole, and the state of
   * a large one is far beyond what a queue message holds.
   */
  async dispatchRegion(region: RegionFindings): Promise<DispatchReport> {
    return this.toEach(regionId(region), 'account-region findings dispatched',
      (channel) => channel.reconcile
        ? this.attempt(channel, () => channel.reconcile!(region),
          (failure) => {
            this.logger.error('channel failed to take an account-region',
              { ...failure, account: region.account, region: region.region });
            return { ...failure, status: 'failed' };
          })
        : skipped(channel, 'keeps no state'));
  }

  /** Hands a sweep's message to every channel at once, and logs it. */
  private async toEach(
    id: string,
    message: string,
    send: (channel: Channel) => ChannelReport | Promise<ChannelReport>,
  ): Promise<DispatchReport> {
    const channels = await Promise.all(this.channels.map(send));
    const report = { id, repeat: false, channels };
    this.logger.info(message, report);
    return report;
  }

  /** Sends, dead-lettering what the channel could not deliver. */
  private deliver(
    channel: Channel,
    type: LetterType,
    payload: Payload,
    send: () => Promise<Delivery>,
  ): Promise<ChannelReport> {
    return this.attempt(channel, send, (failure) => {
      this.logger.warn('channel failed', failure);
      return this.deadLetter(type, payload, failure);
    });
  }

  /** What the channel did, or what `failed` makes of its last error. */
  private async attempt(
    channel: Channel,
    send: () => Promise<Delivery>,
    failed: (failure: Failure) => ChannelReport | Promise<ChannelReport>,
  ): Promise<ChannelReport> {
    try {
      return { channel: channel.name, ...await send() };
    } catch (error) {
      return failed({ channel: channel.name, attempts: failedAttempts(error),
        error: describe(error) });
    }
  }

  private async deadLetter(
    type: LetterType,
    payload: Payload,
    failure: Failure,
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
   * The keys of the findings not alerted on this group within the
   * window: every key without de-dup, or when the marker store fails
   * (then all are alerted). Markers are claimed for every finding.
   */
  private async freshKeys(n: Notification): Promise<Set<string>> {
    const all = new Set(n.findings.map((f) => f.key));
    if (!this.dedup) return all;
    const { store, windowMs } = this.dedup;
    const now = this.clock();
    try {
      const claimed = await mapLimit(n.findings, CLAIMS_IN_FLIGHT, (f) =>
        store.claim({ account: n.group.account, groupId: n.group.id,
          finding: f.key }, windowMs, now));
      return new Set(n.findings.filter((_, i) => claimed[i])
        .map((f) => f.key));
    } catch (error) {
      this.logger.warn('alert de-dup failed; alerting', {
        id: n.id, error: describe(error) });
      return all;
    }
  }
}

/** The id of a sweep's message about one account-region. */
function regionId(
  of: { sweepId: string; account: string; region: string },
): string {
  return `${of.sweepId}/${of.account}/${of.region}`;
}

function skipped(channel: Channel, reason: string): ChannelReport {
  return { channel: channel.name, status: 'skipped', attempts: 0, reason };
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
