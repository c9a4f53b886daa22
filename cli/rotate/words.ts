import type { RotationRelease } from '../../shared/aws/release-rotation.ts';
import type { RotationResult, Step } from '../../shared/aws/rotation.ts';
import type {
  RotationCheck,
  RotationMove,
} from '../../shared/remediation/rotation.ts';
import type { Finding } from '../../shared/engine/types.ts';
import type { AuditEntry } from '../../shared/store/types.ts';
import { subjectOf } from '../plan/words.ts';

/** What the rotation's lines need to name. */
export interface Scene {
  from: string;
  to: string;
  region: string;
  accounts: string[];
}

function binding(list: string[] | undefined): string {
  return list ? list.join(', ') : 'no binding';
}

/** The first lines: what moves where, and what each group carries. */
export function headLines(scene: Scene, check: RotationCheck): string[] {
  const { from, to } = scene;
  const count = check.moves.length;
  return [
    `rotate ${from} → ${to} in ${scene.region}, account(s) ` +
      scene.accounts.join(', '),
    `  ${to} carries ${binding(check.bindings.to)}; ${from} carries ` +
      binding(check.bindings.from),
    `  ${count} interface${count === 1 ? '' : 's'} carr` +
      `${count === 1 ? 'ies' : 'y'} ${from}`,
  ];
}

function findingLine(f: Finding): string {
  return `  ${f.severity}  ${f.kind}  ${subjectOf(f)}` +
    (f.policyRule ? `  ${f.profile}/${f.policyRule}` : '');
}

/** Why nothing moves, with the findings behind it. */
export function refusalLines(check: RotationCheck): string[] {
  return [
    ...check.refusals.map((why) => `refused: ${why}`),
    ...check.findings.map(findingLine),
    ...check.warnings.length ? [] : check.attachments.map(findingLine),
    'nothing was moved',
  ];
}

/** What `--force` let through, with the findings the moves bring. */
export function warningLines(check: RotationCheck): string[] {
  if (check.warnings.length === 0) return [];
  return [...check.warnings.map((why) => `warning: ${why}`),
    ...check.attachments.map(findingLine)];
}

/** `eni-…  sg-a, sg-old → sg-a, sg-new` */
export function moveLine(move: RotationMove): string {
  return `${move.networkInterfaceId}  ${move.before.join(', ')} → ` +
    move.after.join(', ');
}

/** One swap or put-back as it ends, with the move when known. */
export function stepLine(
  verb: string,
  step: Step,
  move?: RotationMove,
): string {
  const entry = step.entryId ? `  (entry ${step.entryId})` : '';
  const status = step.error === undefined ? step.status
    : `${step.status}: ${step.error}`;
  const what = move ? moveLine(move) : step.networkInterfaceId;
  return `  ${what}  ${verb}: ${status}${entry}`;
}

/** The closing lines of a rotation, with how to undo it. */
export function resultLines(
  result: RotationResult,
  scene: Scene,
  undo: string | undefined,
): string[] {
  const moved = result.swaps.filter((s) => s.entryId &&
    s.status === 'done').length;
  switch (result.status) {
    case 'done':
      return [`rotated ${moved} interface(s) onto ${scene.to}: ` +
        `rotation ${result.id}`, ...undo ? [`undo: ${undo}`] : []];
    case 'unchanged':
      return [`nothing needed moving: rotation ${result.id}`];
    case 'restored':
      return [`stopped at ${result.failure?.networkInterfaceId}; every ` +
        `interface moved before it was put back: rotation ${result.id}`];
    case 'restore-failed':
      return [`stopped at ${result.failure?.networkInterfaceId}, and some ` +
        `interfaces could not be put back: rotation ${result.id}`,
      ...undo ? [`retry the put-back: ${undo}`] : []];
  }
}

/** The entries of an in-memory log, one JSON line each. */
export function memoryLines(entries: readonly AuditEntry[]): string[] {
  return [
    'audit entries (in memory only; driftguard release needs --table):',
    ...entries.map((entry) => JSON.stringify(entry)),
  ];
}

/** What releasing a whole rotation did, a line per interface. */
export function releaseLines(out: RotationRelease, dryRun: boolean) {
  const verb = dryRun ? 'would put back' : 'put back';
  return [
    ...out.steps.map((step) => stepLine(verb, step)),
    ...out.skipped.map((s) =>
      `  ${s.networkInterfaceId}  skipped: ${s.why}`),
    `${dryRun ? 'dry run: ' : ''}released rotation ${out.id}: ` +
      `${out.status}, ${out.steps.length} interface(s), ` +
      `${out.skipped.length} skipped`,
  ];
}
