// The quarantine group of a VPC: found by its tag, created when there is
// none, and taken by its name when EC2 says a group of that name is
// there already (another quarantine of the VPC created it meanwhile, or
// someone took its tag off, so the search by tag missed it).
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { isQuarantineGroup, QUARANTINE_TAG } from '../snapshot/tags.ts';
import type { SecurityGroup } from '../snapshot/types.ts';
import { describeGroups } from './describe.ts';
import { AwsCallError } from './errors.ts';
import { revokeNow } from './revoke.ts';
import { idsOf, readGroupRules } from './state.ts';
import { tagNow } from './tag.ts';
import { isCode, listed } from './write.ts';
import type { WriteTarget } from './write.ts';

// The tag that marks the quarantine group of a VPC is defined with the
// snapshot format, which the engine reads it from.
export { QUARANTINE_TAG };

/** Name of the quarantine group driftguard creates in a VPC. */
export const QUARANTINE_GROUP_NAME = 'driftguard-quarantine';

/** The quarantine group of a VPC, found by its tag. */
export async function findQuarantineGroup(
  target: WriteTarget,
  vpcId: string,
): Promise<SecurityGroup | undefined> {
  const groups = await describeGroups(target, [
    { Name: 'vpc-id', Values: [vpcId] },
    { Name: `tag:${QUARANTINE_TAG.key}`, Values: [QUARANTINE_TAG.value] },
  ]);
  return groups.sort((a, b) =>
    (a.GroupId ?? '').localeCompare(b.GroupId ?? ''))[0];
}

/** A quarantine group made ready, and how, in words for the entry. */
export interface ReadyGroup {
  groupId: string;
  /** None for a group found ready: nothing was done to it. */
  note?: string;
}

/**
 * Make the quarantine group of a VPC now, for a quarantine of `about`:
 * create it (tagged, no ingress, EC2's default egress revoked). When EC2
 * answers `InvalidGroup.Duplicate`, take the group of that name in the
 * VPC instead: put its tag back if it is missing, and revoke any rule on
 * it. Throws, naming the call, when any step fails.
 */
export async function makeQuarantineGroup(
  target: WriteTarget,
  vpcId: string,
  about: string,
): Promise<ReadyGroup> {
  let groupId: string;
  try {
    groupId = await createGroup(target, vpcId);
  } catch (error) {
    const { account, region } = target;
    const failed = new AwsCallError({ operation: 'CreateSecurityGroup',
      account, region, groupIds: [about] }, error);
    if (!isCode(error, 'InvalidGroup.Duplicate')) throw failed;
    const taken = await takeByName(target, vpcId, failed);
    const revoked = await closeGroup(target, taken.groupId);
    if (revoked.length === 0) return taken;
    return { ...taken, note: `${taken.note}; revoked ${listed(revoked)} ` +
      `from ${taken.groupId}` };
  }
  // The new group's only rule is EC2's default egress.
  await closeGroup(target, groupId);
  return { groupId, note: `created quarantine group ${groupId}` };
}

async function createGroup(
  target: WriteTarget,
  vpcId: string,
): Promise<string> {
  const output = await target.ec2.send(new CreateSecurityGroupCommand({
    VpcId: vpcId,
    GroupName: QUARANTINE_GROUP_NAME,
    Description: 'driftguard quarantine: no traffic in or out',
    TagSpecifications: [{
      ResourceType: 'security-group',
      Tags: [{ Key: QUARANTINE_TAG.key, Value: QUARANTINE_TAG.value }],
    }],
  }));
  return output.GroupId ?? '';
}

/**
 * The group of the quarantine name in the VPC, tagged as the quarantine
 * group again if it lost its tag; `duplicate` is thrown when there is
 * none (EC2 said there was).
 */
async function takeByName(
  target: WriteTarget,
  vpcId: string,
  duplicate: AwsCallError,
): Promise<Required<ReadyGroup>> {
  const [group] = await describeGroups(target, [
    { Name: 'vpc-id', Values: [vpcId] },
    { Name: 'group-name', Values: [QUARANTINE_GROUP_NAME] },
  ]);
  const groupId = group?.GroupId;
  if (!groupId) throw duplicate;
  const found = `found quarantine group ${groupId} of ${vpcId} by its name`;
  if (isQuarantineGroup(group)) return { groupId, note: found };

  const { key, value } = QUARANTINE_TAG;
  const tagged = await tagNow(target, groupId, key, value);
  if (tagged.done.length === 0) {
    throw new Error(tagged.failed[0]?.error ?? `${groupId} is gone`);
  }
  return { groupId, note: `${found}, without its tag: put ${key}=${value} ` +
    'back' };
}

/** Revoke every rule of a quarantine group; the ids revoked. */
async function closeGroup(
  target: WriteTarget,
  groupId: string,
): Promise<string[]> {
  const rules = await readGroupRules(target, groupId);
  const revoked = await revokeNow(target, groupId, rules);
  const failed = revoked.failed[0];
  if (failed) throw new Error(`${groupId} keeps a rule: ${failed.error}`);
  return idsOf(rules);
}
