import type { Channel, Delivery, NotifyLogger } from './channel.ts';
import { DeliveryError, SILENT, worthSaying } from './channel.ts';
import type { SweepDigest } from './digest.ts';
import type { Notification } from './model.ts';
import { retry, type RetryOptions } from './retry.ts';
import {
  slackDigest,
  slackMessage,
  type SlackMessage,
} from './slack-blocks.ts';

/** Options of {@link SlackChannel}. */
export interface SlackChannelOptions {
  /** The webhook URL, from `webhookUrl(source)`: read once, cached. */
  url: () => Promise<string>;
  /** How long one post may take (default 5 s). */
  timeoutMs?: number;
  /** Tries and backoff of a post (default 3 tries, from 200 ms). */
  retry?: RetryOptions;
  logger?: NotifyLogger;
}

/** One failed post, and whether another try may help. */
class PostError extends Error {
  override name = 'SlackPostError';
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, retryable: boolean, retryAfterMs?: number) {
    super(message);
    this.retryable = retryable;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Posts Block Kit messages to a Slack incoming webhook, retrying server
 * errors, rate limits, timeouts and unreachable hosts with backoff. The
 * webhook URL is a secret: it is never logged, and no error says it.
 */
export class SlackChannel implements Channel {
  readonly name = 'slack';
  private readonly url: () => Promise<string>;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  private readonly logger: NotifyLogger;

  constructor(options: SlackChannelOptions) {
    this.url = options.url;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.retry = options.retry ?? {};
    this.logger = options.logger ?? SILENT;
  }

  async send(notification: Notification): Promise<Delivery> {
    if (!worthSaying(notification)) {
      return { status: 'skipped', attempts: 0, reason: 'nothing to say' };
    }
    return this.post(slackMessage(notification));
  }

  async sendDigest(digest: SweepDigest): Promise<Delivery> {
    return this.post(slackDigest(digest));
  }

  private async post(message: SlackMessage): Promise<Delivery> {
    let url: string;
    try {
      url = await this.url();
    } catch (error) {
      throw new DeliveryError(this.name, (error as Error).message, 0);
    }
    let attempts = 0;
    const body = JSON.stringify(message);
    try {
      await retry(async (attempt) => {
        attempts = attempt;
        await postOnce(url, body, this.timeoutMs);
      }, this.retry, (error, attempt, waitMs) => {
        this.logger.warn('Slack post failed; retrying',
          { channel: this.name, attempt, waitMs, error: messageOf(error) });
      });
    } catch (error) {
      throw new DeliveryError(this.name, messageOf(error), attempts);
    }
    return { status: 'delivered', attempts };
  }
}

async function postOnce(url: string, body: string, timeoutMs: number) {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new PostError(unreachable(error, timeoutMs), true);
  }
  const answer = await response.text().catch(() => '');
  if (response.ok) return;
  const status = response.status;
  throw new PostError(
    `Slack answered ${status}: ${redact(answer, url).slice(0, 100)}`.trim(),
    status === 429 || status >= 500,
    retryAfter(response.headers.get('retry-after')));
}

// fetch's own messages can quote the URL ("Failed to parse URL from ..."),
// so only the error's kind and the system's error code are kept.
function unreachable(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `Slack did not answer within ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : 'network error';
  return `could not reach Slack (${code})`;
}

function retryAfter(header: string | null): number | undefined {
  const seconds = Number(header);
  return header !== null && Number.isFinite(seconds) ? seconds * 1000
    : undefined;
}

function redact(text: string, url: string): string {
  return text.split(url).join('[webhook URL]');
}

function messageOf(error: unknown): string {
  return error instanceof PostError ? error.message : 'Slack post failed';
}
