import type { Command } from 'commander';
import { DEFAULT_MEMBER_ROLE } from '../../shared/aws/credentials.ts';
import { rootFailure } from '../../shared/aws/errors.ts';
import { listAccounts } from '../../shared/aws/organization.ts';
import type { AccountReach } from '../../shared/aws/reach.ts';
import { readRegion } from '../../shared/aws/read.ts';
import { mapLimit } from '../../shared/limit.ts';
import type { Snapshot } from '../../shared/snapshot/index.ts';
import { InputError, UsageError, type Io } from '../io.ts';
import { list } from '../options.ts';
import { createProgress } from '../progress.ts';
import type { Run, Unreachable } from '../report/summary.ts';

/** What a live sweep of many account-regions read. */
export interface LiveSweep {
  /** One run per account-region read, by account then region. */
  runs: Run[];
  unreachable: Unreachable[];
}

/** Which accounts a live sweep covers. */
export interface AccountChoice {
  accounts?: string[];
  /** Every active account of the organization. */
  org?: boolean;
}

/**
 * The accounts to sweep: those named, the organization's active ones
 * (each account left out said on stderr), or the operator's own.
 */
export async function accountsToSweep(
  choice: AccountChoice,
  reach: AccountReach,
  io: Io,
): Promise<string[]> {
  if (choice.accounts?.length) return [...new Set(choice.accounts)].sort();
  if (!choice.org) return [await reach.ownAccount()];
  const { active, skipped } = await listAccounts(reach.organizations);
  for (const account of skipped) {
    io.err(`skipping account ${account.id} (${account.state})\n`);
  }
  return active;
}

/**
 * Reads every account-region, `concurrency` at a time, read-only, and
 * judges each as it comes in (`judge` may drop the snapshot to keep
 * memory flat). An account-region that cannot be read (its role refused,
 * a call denied) is listed, and the others are still read; when none can
 * be read, that is an error. Progress goes to stderr.
 */
export async function sweepLive(
  targets: { account: string; region: string }[],
  reach: AccountReach,
  options: { concurrency: number; io: Io; judge: (s: Snapshot) => Run },
): Promise<LiveSweep> {
  const progress = createProgress(options.io, targets.length);
  const unreachable: Unreachable[] = [];
  const runs = await mapLimit(targets, options.concurrency, async (t) => {
    const place = `${t.account} ${t.region}`;
    let snapshot: Snapshot;
    try {
      const ec2 = await reach.ec2For(t.account, t.region);
      snapshot = await readRegion({ ec2, ...t });
    } catch (error) {
      unreachable.push({ ...t, error: rootFailure(error) });
      progress.failed(place, rootFailure(error));
      return undefined;
    }
    const run = options.judge(snapshot);
    progress.done(place, `${run.evaluation.stats.groups} groups, ` +
      `${run.evaluation.findings.length} findings`);
    return run;
  });
  progress.finish();
  if (targets.length > 0 && unreachable.length === targets.length) {
    throw new InputError(`nothing could be read: ${unreachable.length} ` +
      `account-region(s) unreachable; first: ${unreachable[0]!.error}`);
  }
  return { runs: runs.filter((r): r is Run => r !== undefined),
    unreachable: sortPlaces(unreachable) };
}

function sortPlaces<T extends { account: string; region: string }>(
  list: T[],
): T[] {
  return list.sort((a, b) => a.account.localeCompare(b.account) ||
    a.region.localeCompare(b.region));
}

/** The options of a live sweep, as commander parses them. */
export interface LiveOptions {
  region?: string[];
  regions?: string[];
  accounts?: string[];
  org?: boolean;
  memberRole: string;
  externalId?: string;
  concurrency: number;
}

function accountList(text: string): string[] {
  const ids = list(text);
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length > 0 || ids.length === 0) {
    throw new UsageError(`--accounts takes 12-digit account ids, ` +
      `comma-separated: ${bad.join(', ') || '(none)'}`);
  }
  return ids;
}

function positive(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`--concurrency takes a whole number of 1 or ` +
      `more: ${text}`);
  }
  return n;
}

/** Adds the options of a live sweep across accounts and regions. */
export function addLiveOptions(command: Command): Command {
  return command
    .option('--region <region...>',
      'read this region live, read-only (repeatable)')
    .option('--regions <list>', 'read these regions live (comma-separated)',
      list)
    .option('--accounts <list>', 'sweep these accounts (comma-separated ' +
      'ids), assuming the member role in each', accountList)
    .option('--org', 'sweep every active account of the organization')
    .option('--member-role <name>', 'role to assume in each account',
      DEFAULT_MEMBER_ROLE)
    .option('--external-id <id>', 'external id the member role asks for')
    .option('--concurrency <n>', 'account-regions read at a time',
      positive, 4);
}
