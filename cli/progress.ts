import type { Io } from './io.ts';

/** How far a sweep of many account-regions is, told on stderr. */
export interface Progress {
  /** One account-region read, with a few words about it. */
  done(place: string, words: string): void;
  /** One account-region that could not be read, with why. */
  failed(place: string, error: string): void;
  /** Everything is in: clear the bar, say how it went. */
  finish(): void;
}

const BAR_WIDTH = 24;

/** Erase the terminal's current line and go back to its start. */
const CLEAR_LINE = '\r\u001b[2K';

/**
 * Progress of `total` account-regions on stderr: on a terminal, one bar
 * redrawn in place; elsewhere (a log, a CI job), one plain line per
 * account-region. Never anything on stdout.
 */
export function createProgress(
  io: Io,
  total: number,
  clock: () => number = Date.now,
): Progress {
  const started = clock();
  let read = 0;
  let failures: string[] = [];
  const count = () => `${read + failures.length}/${total}`;
  const draw = (place: string) => {
    const filled = Math.round(BAR_WIDTH * (read + failures.length) /
      Math.max(total, 1));
    const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
    const lost = failures.length ? `, ${failures.length} unreachable` : '';
    io.err(`${CLEAR_LINE}[${bar}] ${count()} account-regions${lost}  ` +
      place);
  };

  if (io.interactive) draw('');
  else io.err(`sweeping ${total} account-region(s)\n`);
  return {
    done(place, words) {
      read += 1;
      if (io.interactive) draw(place);
      else io.err(`${count()} ${place}: ${words}\n`);
    },
    failed(place, error) {
      failures = [...failures, `${place}: ${error}`];
      if (io.interactive) draw(place);
      else io.err(`${count()} ${place}: unreachable: ${error}\n`);
    },
    finish() {
      const seconds = ((clock() - started) / 1000).toFixed(1);
      if (io.interactive) {
        io.err(CLEAR_LINE);
        for (const line of failures) io.err(`unreachable ${line}\n`);
      }
      const lost = failures.length ? `, ${failures.length} unreachable` : '';
      io.err(`swept ${read} of ${total} account-region(s)${lost} in ` +
        `${seconds}s\n`);
    },
  };
}
