import { id, itemSet, record, text } from '../fields.ts';
import {
  change,
  invalid,
  readCall,
  RESPONSE,
  unique,
  type Handler,
  type Targets,
} from '../handler.ts';

// RunInstances and CreateNetworkInterface make interfaces with groups.
// The request names the groups asked for (none means the VPC's default
// group); the response names the instances and interfaces made, and the
// groups they got, which covers the default group and groups by name.

const groupRef = record({
  groupId: id('sg-').optional(),
  groupName: text.optional(),
});

const groupSet = itemSet(groupRef);

type GroupRef = { groupId?: string; groupName?: string };

const runRequest = record({
  groupSet: groupSet.optional(),
  networkInterfaceSet: itemSet(record({
    // An existing interface attached at launch.
    networkInterfaceId: id('eni-').optional(),
    groupSet: groupSet.optional(),
  })).optional(),
});

const launchedInterface = record({
  networkInterfaceId: id('eni-'),
  groupSet: groupSet.optional(),
});

const runResponse = record({
  groupSet: groupSet.optional(),
  instancesSet: itemSet(record({
    instanceId: id('i-'),
    groupSet: groupSet.optional(),
    networkInterfaceSet: itemSet(launchedInterface).optional(),
  })).optional(),
}).nullish();

const NOTHING = 'names no instance, interface or security group';

/** Ids of groups named by id; names only when no id is known at all. */
function groupTargets(asked: GroupRef[], got: GroupRef[]) {
  const groupIds = unique([...asked, ...got].map((g) => g.groupId));
  const names = groupIds.length > 0 ? [] : asked.map((g) => g.groupName);
  return {
    groupIds,
    groupNames: unique(names).map((name) => ({ name })),
  };
}

function launched(targets: Targets, where: string) {
  const empty = [targets.groupIds, targets.groupNames,
    targets.instanceIds, targets.networkInterfaceIds]
    .every((list) => list === undefined || list.length === 0);
  return empty
    ? invalid([{ path: `${RESPONSE}.${where}`, message: NOTHING }])
    : change(targets);
}

/** RunInstances: new instances, their interfaces and groups. */
export const runInstances: Handler = (input) => {
  const call = readCall(input, runRequest, runResponse);
  if (!call.ok) return invalid(call.problems);
  const { request, response } = call.data;

  const asked = request.networkInterfaceSet ?? [];
  const instances = response?.instancesSet ?? [];
  const interfaces = instances.flatMap((i) => i.networkInterfaceSet ?? []);
  const got = [
    ...response?.groupSet ?? [],
    ...instances.flatMap((i) => i.groupSet ?? []),
    ...interfaces.flatMap((n) => n.groupSet ?? []),
  ];
  const groups = groupTargets(
    [...request.groupSet ?? [], ...asked.flatMap((n) => n.groupSet ?? [])],
    got,
  );
  return launched({
    kind: 'launched',
    ...groups,
    networkInterfaceIds: unique([
      ...asked.map((n) => n.networkInterfaceId),
      ...interfaces.map((n) => n.networkInterfaceId),
    ]),
    instanceIds: unique(instances.map((i) => i.instanceId)),
  }, 'instancesSet');
};

const createRequest = record({ groupSet: groupSet.optional() });

const createResponse = record({
  networkInterface: launchedInterface.optional(),
}).nullish();

/** CreateNetworkInterface: a new interface and its groups. */
export const createInterface: Handler = (input) => {
  const call = readCall(input, createRequest, createResponse);
  if (!call.ok) return invalid(call.problems);
  const { request, response } = call.data;

  const made = response?.networkInterface;
  const groups = groupTargets(request.groupSet ?? [], made?.groupSet ?? []);
  return launched({
    kind: 'launched',
    ...groups,
    networkInterfaceIds: unique([made?.networkInterfaceId]),
  }, 'networkInterface');
};
