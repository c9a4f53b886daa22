import * as z from 'zod';

// AWS adds fields to its outputs over time, so AWS objects accept keys we
// do not read; the snapshot's own top level is ours and rejects typos.

const tag = z.looseObject({ Key: z.string(), Value: z.string() });
const port = z.number().int();

const permission = z.looseObject({
  IpProtocol: z.string(),
  FromPort: port.optional(),
  ToPort: port.optional(),
  IpRanges: z.array(z.looseObject({ CidrIp: z.string() })).optional(),
  Ipv6Ranges: z.array(z.looseObject({ CidrIpv6: z.string() })).optional(),
  PrefixListIds: z.array(z.looseObject({ PrefixListId: z.string() }))
    .optional(),
  UserIdGroupPairs: z.array(z.looseObject({
    GroupId: z.string(),
    UserId: z.string().optional(),
  })).optional(),
});

const securityGroup = z.looseObject({
  GroupId: z.string().startsWith('sg-'),
  GroupName: z.string().optional(),
  VpcId: z.string().optional(),
  OwnerId: z.string().optional(),
  Tags: z.array(tag).optional(),
  IpPermissions: z.array(permission).optional(),
  IpPermissionsEgress: z.array(permission).optional(),
});

const securityGroupRule = z.looseObject({
  SecurityGroupRuleId: z.string().startsWith('sgr-'),
  GroupId: z.string().startsWith('sg-'),
  IsEgress: z.boolean(),
  IpProtocol: z.string(),
  FromPort: port.optional(),
  ToPort: port.optional(),
  CidrIpv4: z.string().optional(),
  CidrIpv6: z.string().optional(),
  PrefixListId: z.string().optional(),
  ReferencedGroupInfo: z.looseObject({
    GroupId: z.string().optional(),
    UserId: z.string().optional(),
  }).optional(),
});

const networkInterface = z.looseObject({
  NetworkInterfaceId: z.string().startsWith('eni-'),
  Groups: z.array(z.looseObject({
    GroupId: z.string().startsWith('sg-'),
    GroupName: z.string().optional(),
  })),
  TagSet: z.array(tag).optional(),
  RequesterManaged: z.boolean().optional(),
  VpcId: z.string().optional(),
});

const prefixList = z.looseObject({
  PrefixListId: z.string().startsWith('pl-'),
  PrefixListName: z.string().optional(),
});

/**
 * The snapshot file: one account-region in the AWS CLI's shapes.
 * NetworkInterfaces is required: without it every attachment finding
 * would vanish without a word, so an export without interfaces says so
 * with `[]`. SecurityGroupRules may be left out (an export of
 * describe-security-groups alone is still judged rule by rule, only
 * without rule ids, so nothing can be revoked by id); PrefixLists too
 * (aliases by name then resolve to nothing, which findings say).
 */
export const snapshotSchema = z.strictObject({
  Account: z.string().regex(/^\d{12}$/, {
    error: (issue) => `expected a 12-digit AWS account id, got ` +
      JSON.stringify(issue.input),
  }),
  Region: z.string().min(1),
  SecurityGroups: z.array(securityGroup),
  SecurityGroupRules: z.array(securityGroupRule).optional(),
  NetworkInterfaces: z.array(networkInterface),
  PrefixLists: z.array(prefixList).optional(),
});

/** What each top-level key holds, for the message when one is missing. */
export const TOP_LEVEL_KEYS: Readonly<Record<string, string>> = {
  Account: 'the 12-digit account id, as a string',
  Region: 'the region name, like eu-west-1',
  SecurityGroups: 'the SecurityGroups array of aws ec2 ' +
    'describe-security-groups',
  SecurityGroupRules: 'the SecurityGroupRules array of aws ec2 ' +
    'describe-security-group-rules',
  NetworkInterfaces: 'the NetworkInterfaces array of aws ec2 ' +
    'describe-network-interfaces; [] when the region has none',
  PrefixLists: 'the PrefixLists array of aws ec2 ' +
    'describe-managed-prefix-lists',
};
