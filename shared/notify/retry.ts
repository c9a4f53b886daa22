/** How a bounded retry waits between tries. */
export interface RetryOptions {
  /** Tries in all, the first included (default 3). */
  attempts?: number;
  /** Wait before the second try; doubled before each next (default 200). */
  baseDelayMs?: number;
  /** The longest wait (default 5 s). */
  maxDelayMs?: number;
  /** How to wait; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

/** What an error may tell a retry: whether to try again, and when. */
export interface Retryable {
  retryable: boolean;
  /** A wait the other side asked for (Retry-After), in ms. */
  retryAfterMs?: number;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The wait before try `attempt` (2, 3, ...): exponential, capped. */
export function backoff(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5_000;
  return Math.min(max, base * 2 ** (attempt - 2));
}

/**
 * Calls `call` until it resolves or `attempts` tries are spent, waiting
 * with exponential backoff between tries. An error whose `retryable` is
 * false ends it at once. Rejects with the last error, and tells `onRetry`
 * of each failed try that will be retried.
 */
export async function retry<T>(
  call: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
  onRetry: (error: unknown, attempt: number, waitMs: number) => void =
    () => {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call(attempt);
    } catch (error) {
      const verdict = error as Partial<Retryable>;
      if (attempt >= attempts || verdict.retryable === false) throw error;
      const ms = Math.max(backoff(attempt + 1, options),
        Math.min(verdict.retryAfterMs ?? 0, options.maxDelayMs ?? 5_000));
      onRetry(error, attempt, ms);
      await wait(ms);
    }
  }
}
