import { isMovable } from '../aws/quarantine.ts';
import { atLeast, evaluate, SnapshotIndex } from '../engine/index.ts';
import type { Finding } from '../engine/types.ts';
import type { IntentBundle } from '../profiles/types.ts';
import type {
  NetworkInterface,
  SecurityGroup,
  Snapshot,
} from '../snapshot/types.ts';

/** The groups a rotation swaps: every `from` on an interface becomes `to`. */
export interface RotationInput {
  from: string;
  to: string;
  /** The moment exemptions are judged at; now by default. */
  now?: Date;
  /**
   * Move interfaces even when their new group set would fall short of
   * their own intent; that is then a warning, not a refusal.
   */
  force?: boolean;
}

/** One interface a rotation moves, with its group set before and after. */
export interface RotationMove {
  account: string;
  region: string;
  networkInterfaceId: string;
  vpcId?: string;
  before: string[];
  after: string[];
}

/** Whether a rotation may go ahead, and what it would move. */
export interface RotationCheck {
  /** Why it must not go ahead; empty when it may. */
  refusals: string[];
  /** The new group's findings at or above medium. */
  findings: Finding[];
  /**
   * What the moved interfaces would newly lack or carry with their new
   * group sets: `attachment-missing-profile`, `foreign-group-attached`.
   */
  attachments: Finding[];
  /** What `force` let through; the rotation goes ahead. */
  warnings: string[];
  /** The bindings of both groups, where found. */
  bindings: { from?: string[]; to?: string[] };
  moves: RotationMove[];
}

/** `before` with `from` replaced by `to` in place, `to` only once. */
export function swapped(
  before: readonly string[],
  from: string,
  to: string,
): string[] {
  const after = before.map((id) => (id === from ? to : id));
  return after.filter((id, i) => id !== to || after.indexOf(id) === i);
}

function idOf(eni: NetworkInterface): string {
  return eni.NetworkInterfaceId ?? '';
}

function groupsOf(eni: NetworkInterface): string[] {
  return (eni.Groups ?? []).flatMap((g) => g.GroupId ?? []);
}

function movesOf(snapshot: Snapshot, input: RotationInput): RotationMove[] {
  return (snapshot.NetworkInterfaces ?? [])
    .filter((eni) => groupsOf(eni).includes(input.from))
    .map((eni) => ({
      account: snapshot.Account,
      region: snapshot.Region,
      networkInterfaceId: idOf(eni),
      ...(eni.VpcId ? { vpcId: eni.VpcId } : {}),
      before: groupsOf(eni),
      after: swapped(groupsOf(eni), input.from, input.to),
    }));
}

/** The snapshots that hold a group, the owner's first. */
function holding(snapshots: readonly Snapshot[], groupId: string) {
  return snapshots.flatMap((snapshot) => {
    const group = snapshot.SecurityGroups.find((g) => g.GroupId === groupId);
    return group ? [{ snapshot, group }] : [];
  }).sort((a, b) => Number(b.group.OwnerId === b.snapshot.Account) -
    Number(a.group.OwnerId === a.snapshot.Account));
}

/** The new group's own findings (not its interfaces') at medium or above. */
function findingsOf(
  snapshot: Snapshot,
  bundle: IntentBundle,
  input: RotationInput,
): Finding[] {
  const { findings } = evaluate(snapshot, bundle,
    { now: input.now, groupIds: new Set([input.to]) });
  return findings.filter((f) => f.groupId === input.to &&
    !f.networkInterfaceId && atLeast(f.severity, 'medium'));
}

/**
 * Checks a rotation against live state read as snapshots (one per
 * account of the rotation): the new group must exist, carry a binding
 * and satisfy its own intent (no finding at or above medium); every
 * interface carrying the old group must live in the new group's VPC and
 * be one whose groups its owner may change; and no interface may, with
 * its new group set, newly lack a profile its tags call for or carry an
 * unbound group beside profiled ones (unless `force`, which warns).
 * Lists the moves either way, by account and interface id.
 */
export function checkRotation(
  snapshots: readonly Snapshot[],
  bundle: IntentBundle,
  input: RotationInput,
): RotationCheck {
  const moves = snapshots.flatMap((s) => movesOf(s, input))
    .sort((a, b) => compareMoves(a, b));
  const check: RotationCheck = { refusals: [], findings: [], attachments: [],
    warnings: [], bindings: {}, moves };
  if (input.from === input.to) {
    check.refusals.push(`--from and --to are both ${input.from}`);
    return check;
  }
  const from = holding(snapshots, input.from)[0];
  const to = holding(snapshots, input.to)[0];
  if (from) check.bindings.from = bindingOf(from.snapshot, bundle, input.from);
  if (!from && moves.length === 0) {
    check.refusals.push(`${input.from} does not exist in the accounts read`);
  }
  if (!to) {
    check.refusals.push(`${input.to} does not exist in the accounts read`);
    return check;
  }
  check.bindings.to = bindingOf(to.snapshot, bundle, input.to);
  check.findings = findingsOf(to.snapshot, bundle, input);
  check.refusals.push(...refusalsOf(check, to.group.VpcId, input,
    snapshots));
  check.attachments = snapshots.flatMap((s) =>
    attachmentsAfter(s, to.group, moves, bundle, input));
  const short = shortOf(check.attachments);
  if (short) (input.force ? check.warnings : check.refusals).push(short);
  return check;
}

/** What an interface's tags and groups say of it, as findings go. */
const ATTACHMENT_KINDS = new Set(['attachment-missing-profile',
  'foreign-group-attached']);

/** What an attachment finding is about, whichever group carries it. */
function attachmentKey(f: Finding): string {
  return f.kind === 'attachment-missing-profile'
    ? `${f.kind}|${f.networkInterfaceId}|${f.profile}`
    : `${f.kind}|${f.networkInterfaceId}|${f.groupId}`;
}

function attachmentsOf(
  snapshot: Snapshot,
  bundle: IntentBundle,
  groupId: string,
  now: Date | undefined,
): Finding[] {
  return evaluate(snapshot, bundle, { now, groupIds: new Set([groupId]) })
    .findings.filter((f) => ATTACHMENT_KINDS.has(f.kind));
}

/**
 * The attachment findings the moves of one snapshot would bring: its
 * interfaces judged with their would-be group sets (the new group added
 * to the snapshot where it is shared from another account), less what
 * they had before.
 */
function attachmentsAfter(
  snapshot: Snapshot,
  to: SecurityGroup,
  moves: readonly RotationMove[],
  bundle: IntentBundle,
  input: RotationInput,
): Finding[] {
  const after = new Map(moves.filter((m) => m.account === snapshot.Account &&
    m.region === snapshot.Region).map((m) => [m.networkInterfaceId, m.after]));
  if (after.size === 0) return [];
  const had = new Set(attachmentsOf(snapshot, bundle, input.from, input.now)
    .map(attachmentKey));
  const moved: Snapshot = {
    ...snapshot,
    SecurityGroups: snapshot.SecurityGroups.some((g) =>
      g.GroupId === input.to)
      ? snapshot.SecurityGroups
      : [...snapshot.SecurityGroups, to],
    NetworkInterfaces: (snapshot.NetworkInterfaces ?? []).map((eni) => {
      const groups = after.get(idOf(eni));
      return groups ? { ...eni, Groups: groups.map((GroupId) =>
        ({ GroupId })) } : eni;
    }),
  };
  return attachmentsOf(moved, bundle, input.to, input.now).filter((f) =>
    after.has(f.networkInterfaceId ?? '') && !had.has(attachmentKey(f)));
}

/** Why the moves fall short of the interfaces' intent, if they do. */
function shortOf(findings: readonly Finding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const enis = new Set(findings.map((f) => f.networkInterfaceId));
  const kinds = [...ATTACHMENT_KINDS].flatMap((kind) => {
    const n = findings.filter((f) => f.kind === kind).length;
    return n > 0 ? [`${n} ${kind}`] : [];
  });
  return `with the new group, ${enis.size} interface(s) would fall short ` +
    `of their own intent: ${kinds.join(', ')}`;
}

function bindingOf(
  snapshot: Snapshot,
  bundle: IntentBundle,
  groupId: string,
): string[] | undefined {
  const view = new SnapshotIndex(snapshot, bundle).groups.get(groupId);
  return view?.bindingTag === undefined ? undefined : [...view.binding];
}

function refusalsOf(
  check: RotationCheck,
  vpcId: string | undefined,
  input: RotationInput,
  snapshots: readonly Snapshot[],
): string[] {
  const refusals: string[] = [];
  if (!check.bindings.to) {
    refusals.push(`${input.to} carries no profile binding, so it has no ` +
      'intent to satisfy');
  }
  if (check.findings.length > 0) {
    refusals.push(`${input.to} does not satisfy its own intent: ` +
      `${check.findings.length} finding(s) at or above medium`);
  }
  const elsewhere = check.moves.filter((m) => m.vpcId !== vpcId);
  if (elsewhere.length > 0) {
    refusals.push(`${input.from} is carried outside ${vpcId}, the VPC of ` +
      `${input.to}, by ${list(elsewhere)}`);
  }
  const managed = snapshots.flatMap((s) => s.NetworkInterfaces ?? [])
    .filter((eni) => groupsOf(eni).includes(input.from) && !isMovable(eni))
    .map((eni) => `${idOf(eni)} (${eni.InterfaceType ?? 'managed'})`);
  if (managed.length > 0) {
    refusals.push(`an AWS service manages the groups of ` +
      `${managed.join(', ')}; change them through that service first`);
  }
  return refusals;
}

function compareMoves(a: RotationMove, b: RotationMove): number {
  const key = (m: RotationMove) =>
    `${m.account}|${m.region}|${m.networkInterfaceId}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

function list(moves: readonly RotationMove[]): string {
  const ids = moves.map((m) => m.networkInterfaceId);
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown;
}
