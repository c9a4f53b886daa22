// What driftguard may do to EC2 in an account: read the network state, and
// write only where its profiles say it may. The function roles hold these
// statements for the tooling account's own groups, and infra's member role
// (infra/member-account.yaml) holds the same ones in every member account.
import { QUARANTINE_TAG } from '../../shared/aws/quarantine.ts';

/** One statement of an IAM policy document, as CloudFormation takes it. */
export interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** `arn:…:ec2:*:ACCOUNT:TYPE/*`: a resource type of this account. */
export function ec2Arn(type: string): unknown {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:ec2:*:\${AWS::AccountId}:` +
    `${type}/*` };
}

/** The calls that change rules of a group, named by rule id. */
export const RULE_WRITES = [
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:ModifySecurityGroupRules',
];

const REVOKES = RULE_WRITES.filter((action) => action.includes('Revoke'));

/**
 * The parameters of ModifyNetworkInterfaceAttribute that hold one value,
 * each an `ec2:Attribute/NAME` key when a call sets it; driftguard sets
 * none of them.
 */
const INTERFACE_VALUES = ['SourceDestCheck', 'Description',
  'AssociatePublicIpAddress', 'EnablePrimaryIpv6'];

const bound = (key: string) => ({
  Null: { [`aws:ResourceTag/${key}`]: 'false' },
});

const quarantined = {
  StringEquals: { [`aws:ResourceTag/${QUARANTINE_TAG.key}`]:
    QUARANTINE_TAG.value },
};

/** What every reading function reads of an account's network state. */
const NETWORK_READS = [
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeManagedPrefixLists',
];

/**
 * What the event path reads beside: a call may name a group only by its
 * name, which stands for the group of that name in the default VPC.
 */
const DEFAULT_VPC_READS = ['ec2:DescribeVpcs'];

/**
 * Reading an account's groups, rules, interfaces and prefix lists, and
 * with `defaultVpc` its VPCs (to find the default one).
 */
export function ec2ReadStatements(
  options: { defaultVpc?: boolean } = {},
): Statement[] {
  return [{
    Sid: 'ReadNetworkState',
    Effect: 'Allow',
    Action: [...NETWORK_READS,
      ...options.defaultVpc ? DEFAULT_VPC_READS : []],
    // EC2's Describe calls take no resource-level permissions: '*' is
    // the only resource they accept.
    Resource: '*',
  }];
}

/**
 * Every EC2 write driftguard makes (see EC2_WRITES in shared/aws), each
 * confined to what carries its marks: rules only of groups bound by the
 * binding tag `bindingTagKey` (and revokes of the quarantine groups it
 * made), tags only of that one key, new groups only as quarantine groups,
 * and interfaces moved only onto bound or quarantine groups.
 */
export function ec2WriteStatements(bindingTagKey: string): Statement[] {
  const tagKeys = (key: string) => ({
    'ForAllValues:StringEquals': { 'aws:TagKeys': [key] },
  });
  const quarantineRequest = {
    StringEquals: { [`aws:RequestTag/${QUARANTINE_TAG.key}`]:
      QUARANTINE_TAG.value },
    ...tagKeys(QUARANTINE_TAG.key),
  };
  return [
    { Sid: 'WriteRulesOfBoundGroups', Effect: 'Allow', Action: RULE_WRITES,
      Resource: ec2Arn('security-group'), Condition: bound(bindingTagKey) },
    { Sid: 'RevokeRulesOfQuarantineGroups', Effect: 'Allow', Action: REVOKES,
      Resource: ec2Arn('security-group'), Condition: quarantined },
    // EC2 authorizes the rule itself beside its group. A rule carries no
    // tag of its group, so the two statements above decide which groups.
    { Sid: 'NameRulesOfThoseGroups', Effect: 'Allow', Action: RULE_WRITES,
      Resource: ec2Arn('security-group-rule') },
    { Sid: 'PutBackTheBindingTag', Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: ec2Arn('security-group'),
      // Without keys, DeleteTags deletes every tag: keys must be named.
      Condition: { ...tagKeys(bindingTagKey),
        Null: { 'aws:TagKeys': 'false' } } },
    { Sid: 'CreateQuarantineGroups', Effect: 'Allow',
      Action: ['ec2:CreateSecurityGroup'],
      Resource: [ec2Arn('security-group'), ec2Arn('vpc')],
      Condition: quarantineRequest },
    // As the group is created, and again on the quarantine group when
    // someone took the tag off. It gives no more than the binding tag
    // above does: either tag lets driftguard revoke a group's rules.
    { Sid: 'TagQuarantineGroups', Effect: 'Allow',
      Action: ['ec2:CreateTags'], Resource: ec2Arn('security-group'),
      Condition: quarantineRequest },
    // Interfaces carry no driftguard tag; what they may be given is
    // confined by the two statements after this one. IAM has no condition
    // that limits this call to changing groups: ec2:Attribute reads an
    // `Attribute` parameter the call does not have, and
    // ec2:Attribute/NAME only parameters holding one value, which the
    // list of groups is not. So it refuses what those keys can name
    // (source/destination check, description, public and primary IPv6
    // addresses); a change of an interface's attachment, ENA Express or
    // connection tracking settings stays allowed on any interface.
    { Sid: 'ChangeGroupsOfInterfaces', Effect: 'Allow',
      Action: ['ec2:ModifyNetworkInterfaceAttribute'],
      Resource: [ec2Arn('network-interface'), ec2Arn('instance')],
      Condition: { Null: Object.fromEntries(INTERFACE_VALUES.map((name) =>
        [`ec2:Attribute/${name}`, 'true'])) } },
    { Sid: 'GiveInterfacesBoundGroups', Effect: 'Allow',
      Action: ['ec2:ModifyNetworkInterfaceAttribute'],
      Resource: ec2Arn('security-group'), Condition: bound(bindingTagKey) },
    { Sid: 'GiveInterfacesQuarantineGroups', Effect: 'Allow',
      Action: ['ec2:ModifyNetworkInterfaceAttribute'],
      Resource: ec2Arn('security-group'), Condition: quarantined },
  ];
}
