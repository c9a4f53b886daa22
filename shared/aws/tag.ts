import { CreateTagsCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
import type { Tag } from '@aws-sdk/client-ec2';
import { readGroup } from './state.ts';
import { failure, isCode, recordWrite, unchanged } from './write.ts';
import type {
  Achieved,
  Ec2Call,
  WriteOptions,
  WriteResult,
  WriteTarget,
} from './write.ts';

/** The EC2 calls of {@link restoreTag} and its release, for IAM. */
export const TAG_CALLS: readonly Ec2Call[] = [
  { action: 'ec2:CreateTags', on: 'binding-tag' },
  { action: 'ec2:DeleteTags', on: 'binding-tag' },
];

/** The tag {@link restoreTag} puts back on a group. */
export interface RestoreTagInput {
  groupId: string;
  key: string;
  value: string;
}

/**
 * Put back a binding tag that was removed or changed (CreateTags),
 * recording the tag as it was (`before.tags`: that key's tag, or none
 * when it was absent). The key written is what `done` names.
 */
export async function restoreTag(
  target: WriteTarget,
  input: RestoreTagInput,
  options: WriteOptions,
): Promise<WriteResult> {
  const { groupId, key, value } = input;
  const group = await readGroup(target, groupId);
  if (!group) return unchanged(options, [groupId]);
  const current = tagsOf(group.Tags, key);
  if (current[0]?.Value === value) return unchanged(options);

  const was = current[0] ? `'${current[0].Value}'` : 'absent';
  const plan = {
    action: 'restore-tag' as const, groupId, planned: [key],
    before: { tags: current },
    intent: `set tag ${key}=${value} on ${groupId} (was ${was})`,
  };
  const { result } = await recordWrite(target, options, plan,
    () => tagNow(target, groupId, key, value));
  return result;
}

/**
 * Set tag `key` of a group to `value` now, or delete it when `value` is
 * undefined; unrecorded, for the writes that record themselves.
 */
export async function tagNow(
  target: WriteTarget,
  groupId: string,
  key: string,
  value: string | undefined,
): Promise<Achieved> {
  const operation = value === undefined ? 'DeleteTags' : 'CreateTags';
  try {
    if (value === undefined) {
      await target.ec2.send(new DeleteTagsCommand({
        Resources: [groupId], Tags: [{ Key: key }],
      }));
    } else {
      await target.ec2.send(new CreateTagsCommand({
        Resources: [groupId], Tags: [{ Key: key, Value: value }],
      }));
    }
    return { done: [key], failed: [] };
  } catch (error) {
    if (isCode(error, 'InvalidGroup.NotFound')) {
      return { done: [], failed: [], gone: [groupId] };
    }
    return {
      done: [], failed: [failure(target, operation, groupId, key, error)],
    };
  }
}

/** The tags of key `key` among `tags` (none or one). */
export function tagsOf(tags: Tag[] | undefined, key: string): Tag[] {
  return (tags ?? [])
    .filter((tag) => tag.Key === key)
    .map((tag) => ({ Key: tag.Key, Value: tag.Value ?? '' }));
}
