import { id, itemSet, record, text } from '../fields.ts';
import {
  change,
  ignore,
  invalid,
  read,
  REQUEST,
  unique,
  type Handler,
  type HandlerInput,
} from '../handler.ts';

// ModifyNetworkInterfaceAttribute and ModifyInstanceAttribute change one
// attribute a call; only a new group set concerns driftguard.

const groupSet = itemSet(record({ groupId: id('sg-') }));

const interfaceRequest = record({
  networkInterfaceId: id('eni-'),
  groupSet: groupSet.optional(),
});

const instanceRequest = record({
  instanceId: id('i-'),
  groupSet: groupSet.optional(),
  // The older form names the attribute and passes its value apart.
  attribute: text.optional(),
});

/** The attributes a request changes, for the reason of an ignore. */
function attributes(input: HandlerInput, target: string): string {
  const request = input.request as Record<string, unknown>;
  const names = Object.keys(request).filter((key) => key !== target);
  return names.length > 0 ? names.join(', ') : 'nothing';
}

function notGroups(input: HandlerInput, changed: string, ofId: string) {
  return ignore(`${input.eventName} changes ${changed} of ${ofId}, ` +
    'not its security groups');
}

/** ModifyNetworkInterfaceAttribute: new groups on one interface. */
export const modifyInterface: Handler = (input) => {
  const request = read(interfaceRequest, input.request, REQUEST);
  if (!request.ok) return invalid(request.problems);
  const { networkInterfaceId, groupSet: groups } = request.data;
  if (groups === undefined) {
    const changed = attributes(input, 'networkInterfaceId');
    return notGroups(input, changed, networkInterfaceId);
  }
  return change({
    kind: 'attached',
    groupIds: unique(groups.map((g) => g.groupId)),
    networkInterfaceIds: [networkInterfaceId],
  });
};

/** ModifyInstanceAttribute: new groups on an instance's interface. */
export const modifyInstance: Handler = (input) => {
  const request = read(instanceRequest, input.request, REQUEST);
  if (!request.ok) return invalid(request.problems);
  const { instanceId, groupSet: groups, attribute } = request.data;
  if (groups === undefined && attribute !== 'groupSet') {
    const changed = attribute ?? attributes(input, 'instanceId');
    return notGroups(input, changed, instanceId);
  }
  return change({
    kind: 'attached',
    groupIds: unique((groups ?? []).map((g) => g.groupId)),
    instanceIds: [instanceId],
  });
};
