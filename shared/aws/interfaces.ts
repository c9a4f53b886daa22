import { ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import type { NetworkInterface } from '../snapshot/types.ts';
import { WriteRefusedError } from './errors.ts';
import { readInterfaces } from './state.ts';
import { failure, isCode, recordWrite, unchanged } from './write.ts';
import type {
  Achieved,
  Ec2Call,
  WriteOptions,
  WriteResult,
  WriteTarget,
} from './write.ts';

/**
 * The EC2 calls of {@link detachGroup}, for the IAM policies: the groups
 * an interface keeps are its bound ones.
 */
export const INTERFACE_CALLS: readonly Ec2Call[] = [
  { action: 'ec2:ModifyNetworkInterfaceAttribute', on: 'interface' },
];

/** The group {@link detachGroup} takes off one interface. */
export interface DetachInput {
  networkInterfaceId: string;
  groupId: string;
}

/** Error codes that mean an interface no longer exists. */
export const INTERFACE_GONE_CODES = ['InvalidNetworkInterfaceID.NotFound'];

/**
 * Remove one (foreign) group from an interface's group set, recording the
 * set before. Refuses to leave an interface with no group: EC2 needs one,
 * and the caller should quarantine instead.
 */
export async function detachGroup(
  target: WriteTarget,
  input: DetachInput,
  options: WriteOptions,
): Promise<WriteResult> {
  const { networkInterfaceId: eni, groupId } = input;
  const [found] = await readInterfaces(target, [eni], groupId);
  if (!found) return unchanged(options, [eni]);
  const groups = groupIdsOf(found);
  if (!groups.includes(groupId)) return unchanged(options);
  const rest = groups.filter((id) => id !== groupId);
  if (rest.length === 0) {
    const { account, region } = target;
    throw new WriteRefusedError({ account, region, groupId },
      `${groupId} is the only group of ${eni}; an interface needs one, ` +
      'so nothing was detached');
  }

  const plan = {
    action: 'detach-group' as const, groupId, planned: [eni],
    before: { interfaceGroups: { [eni]: groups } },
    intent: `detach ${groupId} from ${eni}, leaving ${rest.join(', ')}`,
  };
  const { result } = await recordWrite(target, options, plan,
    () => setGroupsNow(target, groupId, { [eni]: rest }));
  return result;
}

/**
 * Give each interface of `sets` exactly its group set now, one call per
 * interface; unrecorded, for the writes that record themselves. `groupId`
 * is the group the write is about, named in errors.
 */
export async function setGroupsNow(
  target: WriteTarget,
  groupId: string,
  sets: Record<string, readonly string[]>,
): Promise<Achieved> {
  const achieved: Required<Pick<Achieved, 'done' | 'failed' | 'gone'>> = {
    done: [], failed: [], gone: [],
  };
  for (const [eni, groups] of Object.entries(sets)) {
    try {
      await target.ec2.send(new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: eni, Groups: [...groups],
      }));
      achieved.done.push(eni);
    } catch (error) {
      if (isCode(error, ...INTERFACE_GONE_CODES)) achieved.gone.push(eni);
      else {
        achieved.failed.push(failure(target,
          'ModifyNetworkInterfaceAttribute', groupId, eni, error));
      }
    }
  }
  return achieved;
}

/** The ids of the groups an interface carries, in its order. */
export function groupIdsOf(eni: NetworkInterface): string[] {
  return (eni.Groups ?? []).flatMap((group) => group.GroupId ?? []);
}
