import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pc from 'picocolors';

/** Where a command writes, and whether it may use colour. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal that takes colour. */
  readonly color: boolean;
  /** True when stderr is a terminal (progress lines). */
  readonly interactive: boolean;
}

/** The colours of an Io: real ones on a terminal, identity otherwise. */
export function paint(io: Io): ReturnType<typeof pc.createColors> {
  return pc.createColors(io.color);
}

/** The exit code a command settles on (0 unless it says otherwise). */
export interface Outcome {
  code: number;
}

/** Bad usage: a missing or contradictory option. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input that cannot be read or parsed. Exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/** The Io of this process: colour only on a terminal, never with NO_COLOR. */
export function processIo(): Io {
  const env = process.env;
  const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in env) &&
    env.TERM !== 'dumb';
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color,
    interactive: Boolean(process.stderr.isTTY),
  };
}

/**
 * Writes a report to a file (making its folder when need be), or to
 * stdout when no file is named.
 */
export async function emit(
  io: Io,
  text: string,
  file: string | undefined,
): Promise<void> {
  if (!file) {
    io.out(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  try {
    // The folder may not exist yet (dist/ of a fresh checkout).
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`cannot write ${file} (${code})`, { cause: error });
  }
  io.err(`wrote ${file}\n`);
}
