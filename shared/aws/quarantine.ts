import type { NetworkInterface, SecurityGroup } from '../snapshot/types.ts';
import type { QuarantinedInterface } from '../store/types.ts';
import { describeInterfaces } from './describe.ts';
import { WriteRefusedError } from './errors.ts';
import { groupIdsOf, setGroupsNow } from './interfaces.ts';
import {
  findQuarantineGroup,
  makeQuarantineGroup,
  type ReadyGroup,
} from './quarantine-group.ts';
import { revokeAs } from './revoke.ts';
import { idsOf, naming, readGroupRules } from './state.ts';
import { listed, recordWrite, unchanged } from './write.ts';
import type {
  Achieved,
  Ec2Call,
  WriteOptions,
  WriteResult,
  WriteTarget,
} from './write.ts';

export {
  findQuarantineGroup,
  QUARANTINE_GROUP_NAME,
  QUARANTINE_TAG,
} from './quarantine-group.ts';

/**
 * The EC2 calls of {@link quarantine}, for the IAM policies: it creates
 * the VPC's quarantine group (tagged as it is created), or puts the tag
 * back on the group of its name, and revokes any rule of it, moves
 * interfaces onto it, and may isolate the bound group.
 */
export const QUARANTINE_CALLS: readonly Ec2Call[] = [
  { action: 'ec2:CreateSecurityGroup', on: 'new-quarantine-group' },
  { action: 'ec2:CreateTags', on: 'quarantine-tag' },
  { action: 'ec2:RevokeSecurityGroupIngress', on: 'quarantine-group' },
  { action: 'ec2:RevokeSecurityGroupEgress', on: 'quarantine-group' },
  { action: 'ec2:ModifyNetworkInterfaceAttribute', on: 'interface' },
  { action: 'ec2:RevokeSecurityGroupIngress', on: 'bound-group' },
  { action: 'ec2:RevokeSecurityGroupEgress', on: 'bound-group' },
];

/**
 * Interface types whose groups the owner of the account may change. The
 * others (`nat_gateway`, `vpc_endpoint`, `load_balancer`, `lambda`,
 * `branch`, ...) belong to an AWS service, which sets their groups itself
 * or refuses a change; an unknown type counts as one of those.
 */
export const MOVABLE_INTERFACE_TYPES: readonly string[] = [
  'interface', 'efa', 'efa-only', 'trunk',
];

/** What {@link quarantine} isolates: a group, and the VPC it lives in. */
export interface QuarantineInput {
  groupId: string;
  vpcId: string;
  /**
   * Only these of the group's interfaces (one that carries a foreign
   * group, say). The group itself is then never isolated: it may serve
   * other interfaces that did nothing wrong.
   */
  networkInterfaceIds?: readonly string[];
}

/**
 * What {@link quarantine} did. Its `entryId` is the move's entry (what
 * `driftguard release` takes to undo the whole quarantine); the
 * isolation's when nothing was to be moved.
 */
export interface QuarantineResult extends WriteResult {
  /** The VPC's quarantine group (absent when a dry run would create it). */
  quarantineGroupId?: string;
  /** The interfaces that carried the group, as they were found. */
  interfaces: QuarantinedInterface[];
  /** Interfaces moved onto the quarantine group alone. */
  moved: string[];
  /** Interfaces an AWS service manages, which cannot be moved. */
  unmovable: string[];
  /** Whether the group itself was (or would be) stripped of its rules. */
  isolated: boolean;
  /** Every audit entry written, in order. */
  entryIds: string[];
}

/**
 * Quarantine a group: move every interface carrying it onto the VPC's
 * quarantine group alone (found by {@link QUARANTINE_TAG}; created, with
 * no rules at all, when absent), recording each interface's group set
 * first. Interfaces an AWS service manages cannot be moved: then, and
 * only then, the group itself is isolated (every rule revoked, recorded
 * as `isolate-group`, part of the move's entry). A move that fails is a
 * failure of the result, never a reason to isolate: isolating strips the
 * allowed and required rules too. A second run finds nothing to do.
 */
export async function quarantine(
  target: WriteTarget,
  input: QuarantineInput,
  options: WriteOptions,
): Promise<QuarantineResult> {
  const { groupId, vpcId, networkInterfaceIds: only } = input;
  const carriers = (await describeInterfaces(target,
    [{ Name: 'group-id', Values: [groupId] }]))
    .filter((eni) => !only || only.includes(idOf(eni)));
  refuseOtherVpcs(target, groupId, vpcId, carriers);
  const moving = await moveMovable(target, input,
    carriers.filter(isMovable), options);

  const unmovable = carriers.filter((eni) => !isMovable(eni)).map(idOf);
  const isolating = unmovable.length > 0 && !only;
  const moveEntry = moving.move?.entryId;
  const isolation = isolating
    ? await isolate(target, groupId, options, moveEntry)
    : unchanged(options);

  return {
    ...combine([...moving.steps, isolation], options.dryRun, moveEntry),
    quarantineGroupId: moving.quarantineGroupId,
    interfaces: carriers.map(quarantinedOf),
    moved: options.dryRun ? [] : moving.move?.done ?? [],
    unmovable,
    isolated: isolating && isolation.failed.length === 0,
  };
}

/** What moving the movable interfaces did. */
interface Moving {
  /** Clearing the quarantine group of stray rules, then the move. */
  steps: WriteResult[];
  /** The move; none when there was nothing to move, or clearing failed. */
  move?: WriteResult;
  quarantineGroupId?: string;
}

/**
 * Move the movable interfaces onto the VPC's quarantine group, after
 * revoking any rule found on it; move none when that fails.
 */
async function moveMovable(
  target: WriteTarget,
  input: QuarantineInput,
  movable: NetworkInterface[],
  options: WriteOptions,
): Promise<Moving> {
  const found = await naming(input.groupId,
    findQuarantineGroup(target, input.vpcId));
  const none: Moving = { steps: [] };
  if (found?.GroupId) none.quarantineGroupId = found.GroupId;
  if (movable.length === 0) return none;

  if (found) {
    const cleared = await clearStrayRules(target, found, options);
    none.steps.push(cleared);
    if (cleared.failed.length > 0) return none;
  }
  const move = await moveAll(target, input, movable, found?.GroupId, options);
  const moving: Moving = { steps: [...none.steps, move.result],
    move: move.result };
  const id = move.quarantineGroupId ?? found?.GroupId;
  if (id) moving.quarantineGroupId = id;
  return moving;
}

/** Whether driftguard may change the groups of an interface. */
export function isMovable(eni: NetworkInterface): boolean {
  if (eni.RequesterManaged) return false;
  return MOVABLE_INTERFACE_TYPES.includes(eni.InterfaceType ?? 'interface');
}

async function moveAll(
  target: WriteTarget,
  input: QuarantineInput,
  movable: NetworkInterface[],
  existing: string | undefined,
  options: WriteOptions,
): Promise<{ result: WriteResult; quarantineGroupId?: string }> {
  const { groupId, vpcId } = input;
  const planned = movable.map(idOf);
  const onto = existing ?? `a new quarantine group in ${vpcId}`;
  const plan = {
    action: 'quarantine' as const, groupId, planned,
    before: {
      interfaceGroups: Object.fromEntries(
        movable.map((eni) => [idOf(eni), groupIdsOf(eni)])),
    },
    intent: `move ${listed(planned)} off ${groupId} onto ${onto} alone`,
  };
  const { result, entry } = await recordWrite(target, options, plan,
    () => moveNow(target, input, planned, existing));
  return { result, quarantineGroupId: entry.outcome?.quarantineGroupId };
}

/**
 * Move the interfaces now, onto `existing` or onto the quarantine group
 * made for them. Without a quarantine group nothing is moved, and each
 * interface is a failure that says why.
 */
async function moveNow(
  target: WriteTarget,
  input: QuarantineInput,
  planned: string[],
  existing: string | undefined,
): Promise<Achieved> {
  let ready: ReadyGroup;
  try {
    ready = existing ? { groupId: existing }
      : await makeQuarantineGroup(target, input.vpcId, input.groupId);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const failed = planned.map((id) => ({ id,
      error: `no quarantine group in ${input.vpcId} to move onto: ${why}` }));
    return { done: [], failed,
      note: `nothing was moved, and ${input.groupId} keeps its rules` };
  }
  const sets = Object.fromEntries(planned.map((eni) =>
    [eni, [ready.groupId]]));
  const achieved = await setGroupsNow(target, input.groupId, sets);
  return { ...achieved, quarantineGroupId: ready.groupId,
    ...ready.note ? { note: ready.note } : {} };
}

/** Revoke (recorded) any rule someone added to a quarantine group. */
async function clearStrayRules(
  target: WriteTarget,
  group: SecurityGroup,
  options: WriteOptions,
): Promise<WriteResult> {
  const groupId = group.GroupId ?? '';
  const rules = await readGroupRules(target, groupId);
  if (rules.length === 0) return unchanged(options);
  return revokeAs('revoke-rules', target,
    { groupId, ruleIds: idsOf(rules) }, options, { groupRules: rules });
}

/**
 * Revoke every rule of the group, recorded as `isolate-group` and as part
 * of the quarantine's entry `partOf`, so that releasing the quarantine
 * puts them back too.
 */
async function isolate(
  target: WriteTarget,
  groupId: string,
  options: WriteOptions,
  partOf: string | undefined,
): Promise<WriteResult> {
  const rules = await readGroupRules(target, groupId);
  if (rules.length === 0) return unchanged(options);
  return revokeAs('isolate-group', target,
    { groupId, ruleIds: idsOf(rules) }, options,
    { groupRules: rules, ...partOf ? { partOf } : {} });
}

/**
 * The steps as one result; its `entryId` is `primary` (the move's entry)
 * when there is one, else the first entry written.
 */
function combine(
  steps: WriteResult[],
  dryRun: boolean,
  primary: string | undefined,
): WriteResult & { entryIds: string[] } {
  const written = steps.filter((step) => step.entryId !== undefined);
  const all = (pick: (step: WriteResult) => string[]) =>
    written.flatMap(pick);
  const failed = written.flatMap((step) => step.failed);
  const done = all((step) => step.done);
  const status = written.length === 0 ? 'unchanged'
    : failed.length === 0 ? 'done'
    : done.length === 0 ? 'failed' : 'partial';
  const result: WriteResult & { entryIds: string[] } = {
    status, dryRun, done, failed,
    planned: all((step) => step.planned),
    gone: steps.flatMap((step) => step.gone),
    entryIds: written.flatMap((step) => step.entryId ?? []),
  };
  const entryId = primary ?? result.entryIds[0];
  if (entryId !== undefined) result.entryId = entryId;
  return result;
}

function refuseOtherVpcs(
  target: WriteTarget,
  groupId: string,
  vpcId: string,
  carriers: NetworkInterface[],
): void {
  const stray = carriers.find((eni) => eni.VpcId && eni.VpcId !== vpcId);
  if (!stray) return;
  const { account, region } = target;
  throw new WriteRefusedError({ account, region, groupId },
    `${idOf(stray)} carrying ${groupId} is in ${stray.VpcId}, not in ` +
    `${vpcId}; nothing was quarantined`);
}

function quarantinedOf(eni: NetworkInterface): QuarantinedInterface {
  const { NetworkInterfaceId, Groups, RequesterManaged, InterfaceType } = eni;
  return JSON.parse(JSON.stringify(
    { NetworkInterfaceId, Groups, RequesterManaged, InterfaceType },
  )) as QuarantinedInterface;
}

function idOf(eni: NetworkInterface): string {
  return eni.NetworkInterfaceId ?? '';
}
