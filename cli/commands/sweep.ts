import type { Command } from 'commander';
import { Option } from 'commander';
import { reachAccounts } from '../../shared/aws/reach.ts';
import { evaluate } from '../../shared/engine/index.ts';
import type { Mode } from '../../shared/profiles/types.ts';
import { readSnapshot, SnapshotError } from '../../shared/snapshot/index.ts';
import type { Snapshot } from '../../shared/snapshot/index.ts';
import { emit, InputError, UsageError, type Io, type Outcome } from '../io.ts';
import {
  asSeverity,
  failOnOption,
  formatOption,
  nowOption,
} from '../options.ts';
import { bundleOf } from '../profiles.ts';
import { htmlReport } from '../report/html.ts';
import { jsonReport } from '../report/json.ts';
import { sarifReport } from '../report/sarif.ts';
import {
  buildReport,
  type Report,
  type Run,
} from '../report/summary.ts';
import { tableReport } from '../report/table.ts';
import {
  accountsToSweep,
  addLiveOptions,
  sweepLive,
  type LiveOptions,
  type LiveSweep,
} from './sweep-live.ts';
import { addAwsOptions } from './snapshot.ts';
import type { AwsOptions } from './snapshot.ts';

interface SweepOptions extends AwsOptions, LiveOptions {
  profiles: string;
  snapshot?: string[];
  format: string;
  failOn?: string;
  now?: Date;
  mode?: Mode;
  out?: string;
}

async function loadSnapshots(files: string[]): Promise<Snapshot[]> {
  const snapshots: Snapshot[] = [];
  for (const file of files) {
    try {
      snapshots.push(await readSnapshot(file));
    } catch (error) {
      if (error instanceof SnapshotError) {
        throw new InputError(error.message, { cause: error });
      }
      throw error;
    }
  }
  return snapshots;
}

function render(report: Report, options: SweepOptions, io: Io): string {
  switch (options.format) {
    case 'json':
      return jsonReport(report);
    case 'html':
      return htmlReport(report, { profilesDir: options.profiles });
    case 'sarif':
      return sarifReport(report, {
        profilesDir: options.profiles,
        snapshotFile: options.snapshot?.[0],
      });
    default:
      return tableReport(report, { ...io, color: io.color && !options.out });
  }
}

function regionsOf(options: SweepOptions): string[] {
  return [...new Set([...options.region ?? [], ...options.regions ?? []])];
}

/** Whether the sweep is offline (files) or live, refusing a mix. */
function modeOf(options: SweepOptions): 'offline' | 'live' {
  const files = options.snapshot ?? [];
  const live = regionsOf(options).length > 0 ||
    options.accounts !== undefined || options.org === true;
  if ((files.length > 0) === live) {
    throw new UsageError('sweep needs --snapshot FILE (offline) or ' +
      '--region REGION (live, read-only), and not both');
  }
  if (live && regionsOf(options).length === 0) {
    throw new UsageError('a live sweep needs --region or --regions');
  }
  if (options.accounts !== undefined && options.org) {
    throw new UsageError('give --accounts or --org, not both');
  }
  return files.length > 0 ? 'offline' : 'live';
}

/** Every account-region of a live sweep, read and judged. */
async function liveRuns(
  options: SweepOptions,
  io: Io,
  judge: (snapshot: Snapshot) => Run,
): Promise<LiveSweep> {
  const regions = regionsOf(options);
  const reach = reachAccounts({
    region: regions[0]!, memberRole: options.memberRole,
    ...options.endpointUrl ? { endpoint: options.endpointUrl } : {},
    ...options.profile ? { profile: options.profile } : {},
    ...options.roleArn ? { roleArn: options.roleArn } : {},
    ...options.externalId ? { externalId: options.externalId } : {},
  });
  const accounts = await accountsToSweep(options, reach, io);
  const targets = accounts.flatMap((account) =>
    regions.map((region) => ({ account, region })));
  return sweepLive(targets, reach,
    { concurrency: options.concurrency, io, judge });
}

/**
 * `driftguard sweep`: evaluate snapshots (offline) or live account-regions
 * (read-only) against profiles.
 */
export function sweepCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  const command = program.command('sweep')
    .description('evaluate account snapshots or live regions against the ' +
      'profiles')
    .requiredOption('--profiles <dir>', 'folder of profile YAML files')
    .option('--snapshot <file...>', 'account snapshot JSON (offline)')
    .addOption(formatOption(['table', 'json', 'sarif', 'html'], 'table'))
    .addOption(failOnOption())
    .addOption(new Option('--mode <mode>',
      'the strongest action to report (a deployment cap)')
      .choices(['alert', 'rollback', 'quarantine']))
    .addOption(nowOption())
    .option('--out <file>', 'write the report to a file');
  addAwsOptions(addLiveOptions(command))
    .action(async (options: SweepOptions) => {
      const mode = modeOf(options);
      const bundle = await bundleOf(options.profiles, io, { quiet: true });
      const judge = (snapshot: Snapshot, keep: boolean): Run => ({
        scanned: { account: snapshot.Account, region: snapshot.Region },
        evaluation: evaluate(snapshot, bundle,
          { now: options.now, cap: options.mode }),
        ...(keep ? { snapshot } : {}),
      });
      const { runs, unreachable } = mode === 'offline'
        ? { runs: (await loadSnapshots(options.snapshot ?? []))
          .map((s) => judge(s, true)), unreachable: [] }
        // Only the HTML report shows the inventory the snapshots give.
        : await liveRuns(options, io,
          (s) => judge(s, options.format === 'html'));
      const failOn = asSeverity(options.failOn);
      const report = buildReport(bundle.version, runs, failOn,
        { bundle, sweptAt: options.now ?? new Date(), unreachable });
      await emit(io, render(report, options, io), options.out);
      outcome.code = failOn && (report.summary.failing ?? 0) > 0 ? 1 : 0;
    });
}
