import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildReport, type Report } from '../../../cli/report/summary.ts';
import { evaluate } from '../../../shared/engine/index.ts';
import { loadProfiles } from '../../../shared/profiles/index.ts';
import type { Snapshot } from '../../../shared/snapshot/index.ts';
import { ACCOUNT, PROFILES } from './helpers.ts';

/** The moment the example sweeps are judged at. */
export const WHEN = new Date('2026-12-01T00:00:00Z');

/** The example account as a snapshot object, a fresh copy each call. */
export async function exampleSnapshot(): Promise<Snapshot> {
  return JSON.parse(await readFile(ACCOUNT, 'utf8')) as Snapshot;
}

/** The report `sweep` builds for snapshots against the example profiles. */
export async function reportOf(snapshots: Snapshot[]): Promise<Report> {
  const { bundle } = await loadProfiles(PROFILES, { now: WHEN });
  if (!bundle) throw new Error('the example profiles do not load');
  const runs = snapshots.map((snapshot) => ({
    scanned: { account: snapshot.Account, region: snapshot.Region },
    evaluation: evaluate(snapshot, bundle, { now: WHEN }),
    snapshot,
  }));
  return buildReport(bundle.version, runs, undefined,
    { bundle, sweptAt: WHEN });
}

/** A group name that would run a script if a report failed to escape it. */
export const HOSTILE_NAME = '<script>window.pwned = 1</script>';
/** A description that would break out of a quoted attribute. */
export const HOSTILE_DESCRIPTION = '"><img src=x onerror="window.pwned=2">';

/**
 * The example account with user-controlled text turned hostile: a group
 * named with a script, a description that breaks out of an attribute,
 * and a binding naming a profile with markup in its name.
 */
export async function hostileSnapshot(): Promise<Snapshot> {
  const snapshot = await exampleSnapshot();
  const group = snapshot.SecurityGroups.find((g) =>
    g.GroupName === 'launch-wizard-1')!;
  group.GroupName = HOSTILE_NAME;
  group.Description = HOSTILE_DESCRIPTION;
  const bound = snapshot.SecurityGroups.find((g) =>
    g.GroupName === 'prod-connect-workers')!;
  bound.Tags = [{ Key: 'driftguard:profiles',
    Value: 'prod-network, <i onmouseover=alert(3)>x</i>' }];
  return snapshot;
}

/** Writes a snapshot to a fresh temporary file and returns its path. */
export async function snapshotFile(snapshot: Snapshot): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-html-'));
  const file = path.join(dir, 'snapshot.json');
  await writeFile(file, JSON.stringify(snapshot));
  return file;
}
