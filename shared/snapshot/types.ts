import type {
  ManagedPrefixList,
  NetworkInterface,
  SecurityGroup,
  SecurityGroupRule,
} from '@aws-sdk/client-ec2';

/**
 * One account-region as the AWS CLI prints it: the outputs of
 * describe-security-groups, describe-security-group-rules,
 * describe-network-interfaces and (optionally) describe-managed-prefix-lists
 * merged into one object, plus the account id and region. Keys and values are
 * exactly as AWS returns them, so the SDK's output types describe them.
 */
export interface Snapshot {
  Account: string;
  Region: string;
  SecurityGroups: SecurityGroup[];
  SecurityGroupRules?: SecurityGroupRule[];
  /**
   * Always there in a snapshot read from a file (`[]` when the region has
   * none); code that builds one in memory may leave it out, and then no
   * interface is judged.
   */
  NetworkInterfaces?: NetworkInterface[];
  PrefixLists?: ManagedPrefixList[];
}

export type {
  ManagedPrefixList,
  NetworkInterface,
  SecurityGroup,
  SecurityGroupRule,
};
