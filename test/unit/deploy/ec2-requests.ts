// The authorizations each EC2 write asks of IAM, in the situations the
// policies must tell apart: a bound group and an unbound one, the binding
// tag and other tags, the quarantine group and other groups. Which
// resources each call names follows the Service Authorization Reference:
// rule writes name the group and the rule; CreateSecurityGroup the new
// group and the VPC, and with tags also asks CreateTags of the group with
// ec2:CreateAction; ModifyNetworkInterfaceAttribute the interface, its
// instance and each group it is given, or with another attribute the
// interface (with that attribute as ec2:Attribute/NAME) and its instance.
import type { Ec2Call } from '../../../shared/aws/write.ts';
import { QUARANTINE_TAG } from '../../../shared/aws/quarantine.ts';
import type { AuthRequest, RequestContext } from './policy.ts';

/** The account and region the requests are made in. */
export const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

const arn = (type: string, id: string) =>
  `arn:aws:ec2:${REGION}:${ACCOUNT}:${type}/${id}`;

/** What a group carries: the binding tag, the quarantine tag, neither. */
type Mark = 'bound' | 'quarantine' | 'unbound';

/** One situation of a call, and whether the policies must allow it. */
export interface Scenario {
  /** Says the situation: `on a group without the binding tag`. */
  situation: string;
  requests: AuthRequest[];
  allowed: boolean;
}

let groups = 0;

function group(
  action: string,
  mark: Mark,
  key: string,
  context: RequestContext = {},
): AuthRequest {
  const tags: RequestContext = mark === 'bound'
    ? { [`aws:ResourceTag/${key}`]: 'prod-network,broker' }
    : mark === 'quarantine'
      ? { [`aws:ResourceTag/${QUARANTINE_TAG.key}`]: QUARANTINE_TAG.value }
      : {};
  groups += 1;
  return { action, resource: arn('security-group', `sg-${groups}`),
    context: { ...tags, 'aws:ResourceTag/owner': 'team-a', ...context } };
}

function ruleOf(action: string): AuthRequest {
  return { action, resource: arn('security-group-rule', 'sgr-0a1b2c') };
}

function rules(call: Ec2Call, key: string, mark: Mark): AuthRequest[] {
  return [group(call.action, mark, key), ruleOf(call.action)];
}

function tagging(call: Ec2Call, key: string, keys: string[] | undefined,
  mark: Mark): AuthRequest[] {
  const context: RequestContext = keys === undefined ? {} : {
    'aws:TagKeys': keys,
    ...Object.fromEntries(keys.map((k) => [`aws:RequestTag/${k}`, 'v'])),
  };
  return [group(call.action, mark, key, context)];
}

function creating(tags: Record<string, string>): AuthRequest[] {
  const newGroup = arn('security-group', '*');
  if (Object.keys(tags).length === 0) {
    // Without TagSpecifications, EC2 asks nothing of CreateTags.
    return [
      { action: 'ec2:CreateSecurityGroup', resource: newGroup },
      { action: 'ec2:CreateSecurityGroup', resource: arn('vpc', 'vpc-1') },
    ];
  }
  const context: RequestContext = {
    'aws:TagKeys': Object.keys(tags),
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) =>
      [`aws:RequestTag/${k}`, v])),
  };
  return [
    { action: 'ec2:CreateSecurityGroup', resource: newGroup, context },
    { action: 'ec2:CreateSecurityGroup', resource: arn('vpc', 'vpc-1'),
      context },
    { action: 'ec2:CreateTags', resource: newGroup,
      context: { ...context, 'ec2:CreateAction': 'CreateSecurityGroup' } },
  ];
}

/** CreateTags of `tags` on a group that carries no driftguard tag. */
function retagging(tags: Record<string, string>): AuthRequest[] {
  const context: RequestContext = {
    'aws:TagKeys': Object.keys(tags),
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) =>
      [`aws:RequestTag/${k}`, v])),
  };
  return [group('ec2:CreateTags', 'unbound', '', context)];
}

function moving(call: Ec2Call, key: string, marks: Mark[]): AuthRequest[] {
  return [
    { action: call.action, resource: arn('network-interface', 'eni-1') },
    { action: call.action, resource: arn('instance', 'i-1') },
    ...marks.map((mark) => group(call.action, mark, key)),
  ];
}

/** A change of one attribute of an interface other than its groups. */
function setting(call: Ec2Call, attribute: string, value: string):
  AuthRequest[] {
  return [
    { action: call.action, resource: arn('network-interface', 'eni-1'),
      context: { [`ec2:Attribute/${attribute}`]: value } },
    { action: call.action, resource: arn('instance', 'i-1') },
  ];
}

/** The situations of one call, for a binding tag key. */
export function scenariosOf(call: Ec2Call, key: string): Scenario[] {
  const q = { [QUARANTINE_TAG.key]: QUARANTINE_TAG.value };
  switch (call.on) {
    case 'bound-group': return [
      { situation: 'on a group bound by the binding tag',
        requests: rules(call, key, 'bound'), allowed: true },
      { situation: 'on a group without the binding tag',
        requests: rules(call, key, 'unbound'), allowed: false },
    ];
    case 'quarantine-group': return [
      { situation: 'on a quarantine group',
        requests: rules(call, key, 'quarantine'), allowed: true },
      { situation: 'on a group without the quarantine tag',
        requests: rules(call, key, 'unbound'), allowed: false },
    ];
    case 'binding-tag': return [
      { situation: 'of the binding tag on a bound group',
        requests: tagging(call, key, [key], 'bound'), allowed: true },
      { situation: 'of the binding tag on a group that lost it',
        requests: tagging(call, key, [key], 'unbound'), allowed: true },
      { situation: 'of another tag key',
        requests: tagging(call, key, ['owner'], 'bound'), allowed: false },
      { situation: 'of the binding tag and another key together',
        requests: tagging(call, key, [key, 'owner'], 'bound'),
        allowed: false },
      { situation: 'naming no key (every tag)',
        requests: tagging(call, key, undefined, 'bound'), allowed: false },
    ];
    case 'new-quarantine-group': return [
      { situation: 'of a group tagged as the quarantine group',
        requests: creating(q), allowed: true },
      { situation: 'of a group without the quarantine tag',
        requests: creating({ owner: 'team-a' }), allowed: false },
      { situation: 'of a group without any tag',
        requests: creating({}), allowed: false },
      { situation: 'of a group tagged with the binding tag too',
        requests: creating({ ...q, [key]: 'prod-network' }),
        allowed: false },
    ];
    case 'quarantine-tag': return [
      { situation: 'of the quarantine tag on the group that lost it',
        requests: retagging(q), allowed: true },
      { situation: 'of the quarantine tag with another value',
        requests: retagging({ [QUARANTINE_TAG.key]: 'false' }),
        allowed: false },
      { situation: 'of the quarantine tag and another key together',
        requests: retagging({ ...q, owner: 'team-a' }), allowed: false },
      { situation: 'of another tag key',
        requests: retagging({ owner: 'team-a' }), allowed: false },
    ];
    case 'interface': return [
      { situation: 'giving an interface bound groups',
        requests: moving(call, key, ['bound', 'bound']), allowed: true },
      { situation: 'giving an interface the quarantine group',
        requests: moving(call, key, ['quarantine']), allowed: true },
      { situation: 'giving an interface a group without the binding tag',
        requests: moving(call, key, ['unbound']), allowed: false },
      { situation: 'keeping an unbound group beside a bound one',
        requests: moving(call, key, ['bound', 'unbound']), allowed: false },
      { situation: 'turning off source/destination checks of an interface',
        requests: setting(call, 'SourceDestCheck', 'false'),
        allowed: false },
      { situation: 'changing the description of an interface',
        requests: setting(call, 'Description', 'anything'), allowed: false },
    ];
  }
}
