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

interface SweepOptions {
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

/** `driftguard sweep`: evaluate snapshots (offline) against profiles. */
export function sweepCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  program.command('sweep')
    .description('evaluate account snapshots against the profiles')
    .requiredOption('--profiles <dir>', 'folder of profile YAML files')
    .option('--snapshot <file...>', 'account snapshot JSON (offline)')
    .addOption(formatOption(['table', 'json', 'sarif', 'html'], 'table'))
    .addOption(failOnOption())
    .addOption(new Option('--mode <mode>',
      'the strongest action to report (a deployment cap)')
      .choices(['alert', 'rollback', 'quarantine']))
    .addOption(nowOption())
    .option('--out <file>', 'write the report to a file')
    .action(async (options: SweepOptions) => {
      if (!options.snapshot?.length) {
        throw new UsageError('sweep needs --snapshot FILE');
      }
      const bundle = await bundleOf(options.profiles, io, { quiet: true });
      const snapshots = await loadSnapshots(options.snapshot);
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
