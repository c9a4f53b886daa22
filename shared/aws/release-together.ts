import type { AuditEntry, AuditLog } from '../store/types.ts';
import { refusal, release } from './release.ts';
import type { ReleaseOptions } from './release.ts';
import type { WriteResult, WriteTarget } from './write.ts';

/** One entry a release undid, and what its release did. */
export interface EntryRelease {
  /** The entry undone. */
  releases: string;
  result: WriteResult;
}

/**
 * Release an entry and every entry that is part of it (the isolation of
 * a quarantine's group: see `AuditEntry.partOf`), each recorded as its
 * own release and marked released by it. The parts go first, newest
 * first, undoing the writes in the reverse of their order. A part that
 * cannot be released (already released, pending, a dry run) is left out.
 * The entry itself is left out when it cannot be released but a part
 * can (it was released before, or it moved nothing); with no part to
 * release, {@link release} says why not.
 */
export async function releaseTogether(
  target: WriteTarget,
  entry: AuditEntry,
  log: AuditLog,
  options: ReleaseOptions = {},
): Promise<EntryRelease[]> {
  const parts = (await partsOf(log, entry))
    .filter((part) => refusal(target, part) === undefined);
  const whole = parts.length === 0 || refusal(target, entry) === undefined
    ? [entry] : [];
  const released: EntryRelease[] = [];
  for (const undone of [...parts, ...whole]) {
    const result = await release(target, undone, log, options);
    released.push({ releases: undone.id, result });
  }
  return released;
}

/**
 * The entries written as part of `entry`, newest first. They were written
 * on the same group, so its history holds them. (DynamoDB's index is
 * eventually consistent: a part written a moment ago can be missed, and
 * is then released by its own id.)
 */
async function partsOf(
  log: AuditLog,
  entry: AuditEntry,
): Promise<AuditEntry[]> {
  // Only a quarantine has parts (its isolation): spare the query else.
  if (entry.action !== 'quarantine') return [];
  const history = await log.history(entry.account, entry.groupId);
  return history.filter((e) => e.partOf === entry.id);
}
