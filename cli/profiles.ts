import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadProfiles } from '../shared/profiles/index.ts';
import type { Diagnostic, IntentBundle } from '../shared/profiles/types.ts';
import { InputError, paint, type Io } from './io.ts';

/** `file:line:col: message`, the file as the user named the folder. */
export function formatDiagnostic(
  dir: string,
  d: Diagnostic,
  io: Io,
): string {
  const c = paint(io);
  const where = `${path.join(dir, d.file)}:${d.line}:${d.col}`;
  const level = d.level === 'warning' ? `${c.yellow('warning')}: ` : '';
  return `${c.bold(where)}: ${level}${d.message}`;
}

/** Problems that stop a command: the profile folder has errors. */
export class ProfileErrors extends Error {
  override name = 'ProfileErrors';
}

/**
 * Loads a profile folder for a command that needs its bundle: prints every
 * diagnostic to stderr and throws ProfileErrors (exit 1) on any error.
 */
export async function bundleOf(
  dir: string,
  io: Io,
  options: { now?: Date; quiet?: boolean } = {},
): Promise<IntentBundle> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError(`${dir} is not a folder of profiles`);
  }
  const loaded = await loadProfiles(dir, { now: options.now });
  const errors = loaded.diagnostics.filter((d) => d.level === 'error');
  for (const d of loaded.diagnostics) {
    if (d.level === 'error' || !options.quiet) {
      io.err(`${formatDiagnostic(dir, d, io)}\n`);
    }
  }
  if (errors.length > 0 || !loaded.bundle) {
    throw new ProfileErrors(
      `${dir}: ${errors.length} error(s) in the profiles; nothing was judged`,
    );
  }
  return loaded.bundle;
}
