import { evenIfFieldsFail, id, record, text } from '../fields.ts';
import {
  change,
  invalid,
  readCall,
  unique,
  type Handler,
} from '../handler.ts';
import type { CreatedGroup, DeletedGroup } from '../types.ts';

const createRequest = record({
  groupName: text,
  groupDescription: text.optional(),
  // Absent when the group is made in the default VPC.
  vpcId: id('vpc-').optional(),
});

// The new group's id is only in the response.
const createResponse = record({ groupId: id('sg-') });

/** CreateSecurityGroup: a new group, to check who made it and where. */
export const createGroup: Handler = (input) => {
  const call = readCall(input, createRequest, createResponse);
  if (!call.ok) return invalid(call.problems);
  const { request, response } = call.data;

  const created: CreatedGroup = {
    groupId: response.groupId,
    groupName: request.groupName,
  };
  if (request.vpcId !== undefined) created.vpcId = request.vpcId;
  if (request.groupDescription !== undefined) {
    created.description = request.groupDescription;
  }
  return change({
    kind: 'group-created',
    groupIds: [response.groupId],
    createdGroup: created,
  });
};

const deleteRequest = record({
  groupId: id('sg-').optional(),
  groupName: text.optional(),
}).refine((r) => r.groupId !== undefined || r.groupName !== undefined, {
  error: 'names no security group: expected groupId or groupName',
  path: ['groupId'],
  ...evenIfFieldsFail,
});

// Recent records repeat the deleted group's id in the response.
const deleteResponse = record({ groupId: id('sg-').optional() }).nullish();

/** DeleteSecurityGroup: a group gone, maybe one a profile requires. */
export const deleteGroup: Handler = (input) => {
  const call = readCall(input, deleteRequest, deleteResponse);
  if (!call.ok) return invalid(call.problems);
  const { request, response } = call.data;

  const groupId = request.groupId ?? response?.groupId;
  const deleted: DeletedGroup = {};
  if (groupId !== undefined) deleted.groupId = groupId;
  if (request.groupName !== undefined) deleted.groupName = request.groupName;
  return change({
    kind: 'group-deleted',
    groupIds: unique([groupId]),
    groupNames: request.groupName === undefined || groupId !== undefined
      ? []
      : [{ name: request.groupName }],
    deletedGroup: deleted,
  });
};
