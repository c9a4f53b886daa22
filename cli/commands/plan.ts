import { Option, type Command } from 'commander';
import { planChange, type ChangePlan } from '../../shared/plan/index.ts';
import {
  MODES,
  SEVERITIES,
  type IntentBundle,
  type Mode,
} from '../../shared/profiles/types.ts';
import { emit, UsageError, type Io, type Outcome } from '../io.ts';
import { asSeverity, formatOption, nowOption } from '../options.ts';
import { planMarkdown } from '../plan/markdown.ts';
import { readSnapshots } from '../plan/snapshots.ts';
import { planText } from '../plan/text.ts';
import type { Folders } from '../plan/words.ts';
import { bundleOf, ProfileErrors } from '../profiles.ts';

interface PlanOptions {
  base: string;
  head: string;
  snapshot: string[];
  format: string;
  failOn?: string;
  now?: Date;
  out?: string;
  mode?: Mode;
  cap?: Mode;
  dryRun?: boolean;
}

/** The deployment cap of `--mode` or `--cap`, which must agree. */
function capOf(options: PlanOptions): Mode | undefined {
  const { mode, cap } = options;
  if (mode && cap && mode !== cap) {
    throw new UsageError(`--mode ${mode} and --cap ${cap} disagree; ` +
      'they name the same deployment cap');
  }
  return mode ?? cap;
}

/**
 * Both versions of the profiles; every error of either folder is printed
 * before the command stops (exit 1).
 */
async function bundles(
  options: PlanOptions,
  io: Io,
): Promise<[IntentBundle, IntentBundle]> {
  const load = (dir: string) => bundleOf(dir, io,
    { quiet: true, now: options.now })
    .catch((error: unknown) => error as Error);
  const base = await load(options.base);
  const head = await load(options.head);
  const failed = [base, head].filter((b) => b instanceof Error);
  const unexpected = failed.find((e) => !(e instanceof ProfileErrors));
  if (unexpected) throw unexpected;
  if (failed.length > 0) {
    throw new ProfileErrors(failed.map((e) => e.message).join('; '));
  }
  return [base as IntentBundle, head as IntentBundle];
}

function render(plan: ChangePlan, options: PlanOptions, io: Io): string {
  const folders: Folders = { base: options.base, head: options.head };
  switch (options.format) {
    case 'json': {
      const { added, removed, changed, groups, actions, summary } = plan;
      return `${JSON.stringify({ added, removed, changed, groups, actions,
        summary }, null, 2)}\n`;
    }
    case 'markdown':
      return planMarkdown(plan, folders);
    default:
      return planText(plan, folders,
        { ...io, color: io.color && !options.out });
  }
}

/**
 * `driftguard plan --base DIR --head DIR --snapshot PATH`: what a change
 * of the profiles would do to the findings and writes on the snapshots.
 */
export function planCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  program.command('plan')
    .description('show what a change of the profiles would find and ' +
      'enforce on account snapshots, before it is merged')
    .requiredOption('--base <dir>', 'the profiles before the change')
    .requiredOption('--head <dir>', 'the profiles after the change')
    .requiredOption('--snapshot <path...>',
      'account snapshot JSON, or a folder of them (read at any depth)')
    .addOption(formatOption(['text', 'markdown', 'json'], 'text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when the change ' +
      'adds a finding at or above this severity, or raises one to it')
      .choices([...SEVERITIES]))
    .addOption(new Option('--mode <mode>', 'the deployment\'s cap, as ' +
      'sweep takes it: no write stronger than this is planned')
      .choices([...MODES]))
    .addOption(new Option('--cap <mode>', 'the same, named as the ' +
      'deployment parameter').choices([...MODES]))
    .option('--dry-run', 'for a deployment in dry run: findings only, ' +
      'no writes')
    .addOption(nowOption())
    .option('--out <file>', 'write the plan to a file')
    .action(async (options: PlanOptions) => {
      const cap = capOf(options);
      const [base, head] = await bundles(options, io);
      const read = await readSnapshots(options.snapshot);
      const failOn = asSeverity(options.failOn);
      const plan = planChange({ base, head, failOn, now: options.now,
        snapshots: read.map((r) => r.snapshot),
        ...(cap ? { cap } : {}), ...(options.dryRun ? { dryRun: true } : {}) });
      await emit(io, render(plan, options, io), options.out);
      outcome.code = (plan.summary.failing ?? 0) > 0 ? 1 : 0;
    });
}
