import type { Command } from 'commander';
import { rotate, type RotationResult } from '../../shared/aws/rotation.ts';
import type { IntentBundle } from '../../shared/profiles/types.ts';
import {
  checkRotation,
  type RotationCheck,
} from '../../shared/remediation/rotation.ts';
import { DynamoAuditLog } from '../../shared/store/audit.ts';
import { MemoryAuditLog } from '../../shared/store/memory.ts';
import {
  DynamoRotationStore,
  MemoryRotationStore,
} from '../../shared/store/rotations.ts';
import type { AuditEntry } from '../../shared/store/types.ts';
import { StoreError } from '../../shared/store/errors.ts';
import { InputError, UsageError, type Io, type Outcome } from '../io.ts';
import { formatOption, list, nowOption } from '../options.ts';
import { bundleOf } from '../profiles.ts';
import {
  reach,
  readTargets,
  tableClient,
  writeTargets,
  type Reach,
  type ReachOptions,
} from '../rotate/targets.ts';
import {
  headLines,
  memoryLines,
  moveLine,
  refusalLines,
  resultLines,
  stepLine,
  warningLines,
  type Scene,
} from '../rotate/words.ts';
import { addAwsOptions } from './snapshot.ts';

interface RotateOptions extends ReachOptions {
  from: string;
  to: string;
  region: string;
  accounts?: string[];
  profiles: string;
  table?: string;
  tableRegion?: string;
  dryRun?: boolean;
  force?: boolean;
  format: string;
  now?: Date;
}

const GROUP_ID = /^sg-[0-9a-f]+$/;

function checkIds(options: RotateOptions): void {
  for (const id of [options.from, options.to]) {
    if (!GROUP_ID.test(id)) {
      throw new UsageError(`${id} is not a security group id (sg-...)`);
    }
  }
}

function sceneOf(options: RotateOptions, own: string): Scene {
  const accounts = [...new Set(options.accounts ?? [own])];
  return { from: options.from, to: options.to, region: options.region,
    accounts };
}

/** Where the rotation records: the table, or memory (printed after). */
function stores(options: RotateOptions, at: Reach) {
  if (!options.table) {
    const log = new MemoryAuditLog();
    return { log, rotations: new MemoryRotationStore(), memory: log };
  }
  const region = options.tableRegion ?? options.region;
  const client = tableClient(at.session, region, options);
  const tableName = options.table;
  return { log: new DynamoAuditLog({ client, tableName }),
    rotations: new DynamoRotationStore({ client, tableName }) };
}

function undoOf(id: string, options: RotateOptions): string | undefined {
  if (!options.table) return undefined;
  const region = options.tableRegion ?? options.region;
  return `driftguard release ${id} --table ${options.table} ` +
    `--region ${region}`;
}

/** Everything the command found and did, for --format json. */
interface Report {
  scene: Scene;
  dryRun: boolean;
  check: RotationCheck;
  result?: RotationResult;
  entries?: AuditEntry[];
  undo?: string;
}

function json(report: Report): string {
  const { scene, dryRun, check, result, entries, undo } = report;
  return `${JSON.stringify({ ...scene, dryRun, refusals: check.refusals,
    warnings: check.warnings, findings: check.findings,
    attachments: check.attachments, bindings: check.bindings,
    moves: check.moves,
    ...result ? { rotation: result } : {}, ...undo ? { undo } : {},
    ...entries ? { entries } : {} }, null, 2)}\n`;
}

/** The lines of a rotation that stops before writing, and its code. */
function before(check: RotationCheck, dryRun: boolean): [string[], number] {
  if (check.refusals.length > 0) return [refusalLines(check), 1];
  if (check.moves.length === 0) return [['nothing to move'], 0];
  return [['dry run: would move',
    ...check.moves.map((m) => `  ${moveLine(m)}`),
    'nothing was changed or recorded'], 0];
}

/** Reads every account of the rotation and checks it. */
async function prepare(options: RotateOptions, bundle: IntentBundle) {
  const at = await reach(options.region, options);
  const scene = sceneOf(options, at.own);
  const targets = writeTargets(at, scene.accounts, options);
  const snapshots = await readTargets(at, targets, options);
  const check = checkRotation(snapshots, bundle, { from: scene.from,
    to: scene.to, now: options.now, force: Boolean(options.force) });
  return { at, scene, targets, check };
}

async function execute(
  options: RotateOptions,
  io: Io,
  bundle: IntentBundle,
): Promise<number> {
  const { at, scene, targets, check } = await prepare(options, bundle);
  const report: Report = { scene, check, dryRun: Boolean(options.dryRun) };
  const text = options.format === 'text';
  const say = (lines: string[]) => {
    if (text) io.out(`${lines.join('\n')}\n`);
  };
  say([...headLines(scene, check), ...warningLines(check)]);
  if (check.refusals.length > 0 || report.dryRun ||
    check.moves.length === 0) {
    const [lines, code] = before(check, report.dryRun);
    say(lines);
    if (!text) io.out(json(report));
    return code;
  }

  const where = stores(options, at);
  const result = await rotate({ ...scene, moves: check.moves }, targets,
    { log: where.log, rotations: where.rotations,
      intentVersion: bundle.version,
      onSwap: (step) => say([stepLine('moved', step, check.moves.find(
        (m) => m.networkInterfaceId === step.networkInterfaceId))]) });
  result.restores.forEach((step) => say([stepLine('put back', step)]));
  report.result = result;
  report.undo = undoOf(result.id, options);
  say(resultLines(result, scene, report.undo));
  if (where.memory) {
    report.entries = await entriesOf(where.memory, scene);
    say(memoryLines(report.entries));
  }
  if (!text) io.out(json(report));
  return ['done', 'unchanged'].includes(result.status) ? 0 : 1;
}

/** Every entry the rotation wrote in memory, oldest first. */
async function entriesOf(
  log: MemoryAuditLog,
  scene: Scene,
): Promise<AuditEntry[]> {
  const all = await Promise.all(scene.accounts.map((account) =>
    log.history(account, scene.from)));
  return all.flat().sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * `driftguard rotate --from sg-OLD --to sg-NEW --region R`: move every
 * interface carrying the old group onto the new one, as one undoable
 * operation.
 */
export function rotateCommand(
  program: Command,
  io: Io,
  outcome: Outcome,
): void {
  const command = program.command('rotate')
    .description('move every interface carrying one group onto another, ' +
      'recorded so that driftguard release can undo it')
    .requiredOption('--from <group>', 'the group to take off (sg-...)')
    .requiredOption('--to <group>', 'the group to put in its place')
    .requiredOption('--region <region>', 'the region of the groups')
    .requiredOption('--profiles <dir>', 'folder of profile YAML files')
    .option('--accounts <ids>', 'accounts whose interfaces to move ' +
      '(comma-separated; default: the caller\'s). Another account is ' +
      'entered through a role of yours, --member-role NAME in each or ' +
      '--role-arn ARN for one: driftguard\'s own member role trusts only ' +
      'its functions', list)
    .option('--table <name>', 'record in this driftguard DynamoDB table ' +
      '(else in memory, printed, and not releasable)')
    .option('--table-region <region>', 'the table\'s region (default ' +
      '--region)')
    .option('--member-role <name>', 'role to assume in other accounts ' +
      '(a role of yours: the default trusts only driftguard\'s functions)',
      'driftguard-member')
    .option('--external-id <id>', 'external id of the member role')
    .option('--dry-run', 'list what would move, change and record nothing')
    .option('--force', 'move interfaces even when their new group set ' +
      'would lack a profile their tags call for, or carry an unbound ' +
      'group beside profiled ones (warns instead of refusing)')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addOption(nowOption());
  addAwsOptions(command).action(async (options: RotateOptions) => {
    checkIds(options);
    const bundle = await bundleOf(options.profiles, io,
      { quiet: true, now: options.now });
    outcome.code = await execute(options, io, bundle)
      .catch((error: unknown) => {
        if (!(error instanceof StoreError)) throw error;
        throw new InputError(`table ${options.table}: ${error.message}`,
          { cause: error });
      });
  });
}
