import type { ManagedPrefixList } from '../../shared/snapshot/types.ts';
import { awsId } from './ids.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

/** The account on the other side of the peering to partner analytics. */
export const PARTNER_ACCOUNT = '444455556666';
export const PARTNER_PEERING = awsId('pcx', 'partner-analytics');
export const PARTNER_VPC = awsId('vpc', 'partner', 'analytics');

export type VpcKey = 'prod' | 'staging' | 'sandbox';

export interface Subnet {
  id: string;
  zone: string;
  /** The first three octets; hosts are numbered from .10 upwards. */
  prefix: string;
}

export interface Vpc {
  id: string;
  cidr: string;
  subnets: Record<string, Subnet>;
}

function subnet(vpc: VpcKey, name: string, zone: string, prefix: string) {
  const id = awsId('subnet', vpc, name);
  return { id, zone: `${REGION}${zone}`, prefix };
}

/**
 * Three VPCs: prod and staging are governed; sandbox is the account's default
 * VPC, left out of the unbound-group check by settings.yaml.
 */
export const VPCS: Record<VpcKey, Vpc> = {
  prod: {
    id: awsId('vpc', 'prod'),
    cidr: '10.10.0.0/16',
    subnets: {
      publicA: subnet('prod', 'public-a', 'a', '10.10.0'),
      privateA: subnet('prod', 'private-a', 'a', '10.10.16'),
      privateB: subnet('prod', 'private-b', 'b', '10.10.32'),
      privateC: subnet('prod', 'private-c', 'c', '10.10.48'),
    },
  },
  staging: {
    id: awsId('vpc', 'staging'),
    cidr: '10.20.0.0/16',
    subnets: {
      publicA: subnet('staging', 'public-a', 'a', '10.20.0'),
      privateA: subnet('staging', 'private-a', 'a', '10.20.16'),
      privateB: subnet('staging', 'private-b', 'b', '10.20.32'),
    },
  },
  sandbox: {
    id: awsId('vpc', 'sandbox'),
    cidr: '172.31.0.0/16',
    subnets: {
      defaultA: subnet('sandbox', 'default-a', 'a', '172.31.0'),
      defaultB: subnet('sandbox', 'default-b', 'b', '172.31.16'),
    },
  },
};

/** The AWS-managed lists keep the ids AWS gives them in eu-west-1. */
export const PREFIX_LISTS = {
  s3: 'pl-6da54004',
  dynamodb: 'pl-6fa54006',
  corpProxies: awsId('pl', 'corp-egress-proxies'),
};

function awsManaged(id: string, service: string): ManagedPrefixList {
  return {
    PrefixListId: id,
    AddressFamily: 'IPv4',
    State: 'create-complete',
    PrefixListArn: `arn:aws:ec2:${REGION}:aws:prefix-list/${id}`,
    PrefixListName: `com.amazonaws.${REGION}.${service}`,
    Tags: [],
    OwnerId: 'AWS',
  };
}

/** What describe-managed-prefix-lists prints for this account-region. */
export function prefixLists(): ManagedPrefixList[] {
  const proxies = PREFIX_LISTS.corpProxies;
  return [
    awsManaged(PREFIX_LISTS.s3, 's3'),
    awsManaged(PREFIX_LISTS.dynamodb, 'dynamodb'),
    {
      PrefixListId: proxies,
      AddressFamily: 'IPv4',
      State: 'create-complete',
      PrefixListArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:prefix-list/${proxies}`,
      PrefixListName: 'corp-egress-proxies',
      MaxEntries: 10,
      Version: 3,
      Tags: [{ Key: 'team', Value: 'network-engineering' }],
      OwnerId: ACCOUNT,
    },
  ];
}
