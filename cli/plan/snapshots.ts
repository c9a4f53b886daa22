import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readSnapshot, SnapshotError } from '../../shared/snapshot/index.ts';
import type { Snapshot } from '../../shared/snapshot/types.ts';
import { InputError } from '../io.ts';

/** A snapshot and the file it was read from. */
export interface SnapshotFile {
  file: string;
  snapshot: Snapshot;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `.json` files under a folder at any depth, in code-point order. */
async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  const names = entries.filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => byCodePoint(a.name, b.name));
  for (const entry of names) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...await jsonFiles(at));
    else if (/\.json$/i.test(entry.name)) files.push(at);
  }
  return files;
}

async function filesOf(given: string): Promise<string[]> {
  const info = await stat(given).catch(() => undefined);
  if (!info) throw new InputError(`${given}: no such file or folder`);
  if (!info.isDirectory()) return [given];
  const files = await jsonFiles(given);
  if (files.length === 0) {
    throw new InputError(`${given}: no snapshot (.json) in the folder`);
  }
  return files;
}

async function readOne(file: string): Promise<Snapshot> {
  try {
    return await readSnapshot(file);
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    throw new InputError(error.message, { cause: error });
  }
}

/**
 * Reads snapshots from files and folders (every `.json` file at any
 * depth, in an order that does not depend on the file system). Refuses
 * two snapshots of one account-region: their findings would collide.
 */
export async function readSnapshots(
  given: readonly string[],
): Promise<SnapshotFile[]> {
  const read: SnapshotFile[] = [];
  const seen = new Map<string, string>();
  for (const file of (await Promise.all(given.map(filesOf))).flat()) {
    const snapshot = await readOne(file);
    const where = `${snapshot.Account} ${snapshot.Region}`;
    const first = seen.get(where);
    if (first !== undefined) {
      throw new InputError(`${file} and ${first} are both snapshots of ` +
        `${where}; give one of them`);
    }
    seen.set(where, file);
    read.push({ file, snapshot });
  }
  return read;
}
