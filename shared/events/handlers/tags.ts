import { itemSet, record, text } from '../fields.ts';
import {
  change,
  ignore,
  invalid,
  read,
  REQUEST,
  unique,
  type Handler,
} from '../handler.ts';
import { listed } from '../reason.ts';
import type { TagChange } from '../types.ts';

// CreateTags and DeleteTags take any EC2 resources at once; only the
// security groups among them can change a binding.

const tagSet = itemSet(record({ key: text, value: text.optional() }));

function tagRequest(tagsRequired: boolean) {
  return record({
    resourcesSet: itemSet(record({ resourceId: text }))
      .refine((items) => items.length > 0, { error: 'names no resource' }),
    // DeleteTags without tags deletes every tag of the resources.
    tagSet: tagsRequired ? tagSet : tagSet.optional(),
  });
}

const createRequest = tagRequest(true);
const deleteRequest = tagRequest(false);

/** CreateTags or DeleteTags: binding changes when groups are tagged. */
export const tagChange: Handler = (input) => {
  const create = input.eventName === 'CreateTags';
  const schema = create ? createRequest : deleteRequest;
  const request = read(schema, input.request, REQUEST);
  if (!request.ok) return invalid(request.problems);

  const resources = unique(request.data.resourcesSet.map((r) => r.resourceId));
  const groupIds = resources.filter((r) => r.startsWith('sg-'));
  if (groupIds.length === 0) {
    return ignore(`${input.eventName} on ${listed(resources)}: ` +
      'none of them is a security group');
  }
  const tags: TagChange['tags'] = (request.data.tagSet ?? []).map((t) =>
    t.value === undefined ? { key: t.key } : { key: t.key, value: t.value });
  return change({
    kind: 'binding',
    groupIds,
    tagChange: { action: create ? 'create' : 'delete', groupIds, tags },
  });
};
