import * as z from 'zod';
import {
  evenIfFieldsFail,
  id,
  itemSet,
  record,
  text,
} from '../fields.ts';
import {
  REQUEST,
  change,
  invalid,
  read,
  readCall,
  unique,
  type Handler,
  type HandlerInput,
} from '../handler.ts';
import {
  flatPermission,
  flatPermissionShape,
  ipPermission,
  modifyEntry,
} from '../permissions.ts';

// Authorize, Revoke and UpdateSecurityGroupRuleDescriptions, Ingress and
// Egress, share one request shape; ModifySecurityGroupRules has its own.

const NO_GROUP = 'names no security group: expected groupId or groupName';

const ruleRequest = record({
  groupId: id('sg-').optional(),
  groupName: text.optional(),
  ipPermissions: itemSet(ipPermission).optional(),
  // A revoke may name the rules by id instead of by their permissions.
  securityGroupRuleIds: itemSet(record({
    securityGroupRuleId: id('sgr-'),
  })).optional(),
  ...flatPermissionShape,
}).refine((r) => r.groupId !== undefined || r.groupName !== undefined, {
  error: NO_GROUP,
  path: ['groupId'],
  ...evenIfFieldsFail,
});

// The rules a call made or removed; absent from older records, whose
// response is only `{"_return": true}`, and from some that are `null`.
const ruleSetItem = record({
  securityGroupRuleId: id('sgr-').optional(),
  groupId: id('sg-').optional(),
});

const ruleResponse = record({
  securityGroupRuleSet: itemSet(ruleSetItem).optional(),
  revokedSecurityGroupRuleSet: itemSet(ruleSetItem).optional(),
}).nullish();

/** Authorize, Revoke or UpdateSecurityGroupRuleDescriptions. */
export const ruleChange: Handler = (input) => {
  const call = readCall(input, ruleRequest, ruleResponse);
  if (!call.ok) return invalid(call.problems);
  const { request, response } = call.data;

  const { ipPermissions, groupId, groupName } = request;
  const flat = flatPermission(request);
  const rules = [
    ...response?.securityGroupRuleSet ?? [],
    ...response?.revokedSecurityGroupRuleSet ?? [],
  ];

  const groupIds = unique([groupId, ...rules.map((r) => r.groupId)]);
  // A name needs resolving only when nothing in the event gives its id.
  const unresolved = groupName !== undefined && groupIds.length === 0;
  return change({
    kind: 'rules',
    groupIds,
    groupNames: unresolved ? [{ name: groupName }] : [],
    ruleIds: unique([...request.securityGroupRuleIds ?? [], ...rules]
      .map((r) => r.securityGroupRuleId)),
    direction: input.eventName.endsWith('Egress') ? 'egress' : 'ingress',
    permissions: [...ipPermissions ?? [], ...flat ? [flat] : []],
  });
};

const MODIFY = 'ModifySecurityGroupRulesRequest';

const modifyRequest = record({
  [MODIFY]: record({
    GroupId: id('sg-'),
    // One rule is an object, several are an array.
    SecurityGroupRule: z.unknown().optional(),
  }),
});

function modifiedRules(raw: unknown) {
  const path = `${REQUEST}.${MODIFY}.SecurityGroupRule`;
  if (raw === undefined) return read(z.array(modifyEntry), [], path);
  if (Array.isArray(raw)) return read(z.array(modifyEntry), raw, path);
  const one = read(modifyEntry, raw, path);
  return one.ok ? { ok: true as const, data: [one.data] } : one;
}

/** ModifySecurityGroupRules, in its PascalCase request shape. */
export const modifyRules: Handler = (input: HandlerInput) => {
  const request = read(modifyRequest, input.request, REQUEST);
  if (!request.ok) return invalid(request.problems);
  const { GroupId, SecurityGroupRule } = request.data[MODIFY];
  const permissions = modifiedRules(SecurityGroupRule);
  if (!permissions.ok) return invalid(permissions.problems);

  return change({
    kind: 'rules',
    groupIds: [GroupId],
    ruleIds: unique(permissions.data.map((p) => p.ruleId)),
    permissions: permissions.data,
  });
};
