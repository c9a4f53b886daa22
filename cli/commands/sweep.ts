import type { Command } from 'commander';
import { Option } from 'commander';
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
import { buildReport, type Report } from '../report/summary.ts';
import { tableReport } from '../report/table.ts';
import { addAwsOptions, liveSnapshot } from './snapshot.ts';
import type { AwsOptions } from './snapshot.ts';

interface SweepOptions extends AwsOptions {
  profiles: string;
  snapshot?: string[];
  region?: string[];
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

/** Read each region live, read-only, one after the other. */
async function readLive(options: SweepOptions): Promise<Snapshot[]> {
  const snapshots: Snapshot[] = [];
  for (const region of new Set(options.region)) {
    snapshots.push(await liveSnapshot(region, options));
  }
  return snapshots;
}

/** The snapshots to judge: files (offline), or live regions. */
function snapshotsOf(options: SweepOptions): () => Promise<Snapshot[]> {
  const files = options.snapshot ?? [];
  const regions = options.region ?? [];
  if ((files.length > 0) === (regions.length > 0)) {
    throw new UsageError('sweep needs --snapshot FILE (offline) or ' +
      '--region REGION (live, read-only), and not both');
  }
  return files.length > 0
    ? () => loadSnapshots(files)
    : () => readLive(options);
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
    .option('--region <region...>',
      'read this region of the account live, read-only (repeatable)')
    .addOption(formatOption(['table', 'json', 'sarif', 'html'], 'table'))
    .addOption(failOnOption())
    .addOption(new Option('--mode <mode>',
      'the strongest action to report (a deployment cap)')
      .choices(['alert', 'rollback', 'quarantine']))
    .addOption(nowOption())
    .option('--out <file>', 'write the report to a file');
  addAwsOptions(command)
    .action(async (options: SweepOptions) => {
      const read = snapshotsOf(options);
      const bundle = await bundleOf(options.profiles, io, { quiet: true });
      const snapshots = await read();
      const runs = snapshots.map((snapshot) => ({
        scanned: { account: snapshot.Account, region: snapshot.Region },
        evaluation: evaluate(snapshot, bundle, {
          now: options.now,
          cap: options.mode,
        }),
        snapshot,
      }));
      const failOn = asSeverity(options.failOn);
      const report = buildReport(bundle.version, runs, failOn,
        { bundle, sweptAt: options.now ?? new Date() });
      await emit(io, render(report, options, io), options.out);
      outcome.code = failOn && (report.summary.failing ?? 0) > 0 ? 1 : 0;
    });
}
