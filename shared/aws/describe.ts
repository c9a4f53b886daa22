import {
  paginateDescribeManagedPrefixLists,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import type { EC2Client, Filter } from '@aws-sdk/client-ec2';
import type {
  ManagedPrefixList,
  NetworkInterface,
  SecurityGroup,
  SecurityGroupRule,
} from '../snapshot/types.ts';
import { AwsCallError } from './errors.ts';

/** Values EC2 accepts in one filter. */
export const FILTER_VALUE_LIMIT = 200;

/** Largest page EC2 serves of security groups, rules and interfaces. */
export const MAX_PAGE_SIZE = 1000;

/** Smallest page EC2 accepts to serve of those (MaxResults below fails). */
export const MIN_PAGE_SIZE = 5;

/** Largest page EC2 serves of managed prefix lists. */
export const MAX_PREFIX_LIST_PAGE_SIZE = 100;

/** An EC2 client and what to say about it when a call fails. */
export interface DescribeScope {
  ec2: EC2Client;
  account: string;
  region: string;
  /**
   * Items asked per page (MaxResults), within what EC2 accepts; default
   * the largest page it serves.
   */
  pageSize?: number;
}

/** Every security group matching `filters` (all of them without). */
export function describeGroups(
  scope: DescribeScope,
  filters?: Filter[],
): Promise<SecurityGroup[]> {
  const pages = paginateDescribeSecurityGroups(
    { client: scope.ec2, pageSize: pageSize(scope, MAX_PAGE_SIZE) },
    { Filters: filters },
  );
  return drain(scope, 'DescribeSecurityGroups', filters, pages,
    (page) => page.SecurityGroups);
}

/** Every security group rule matching `filters`. */
export function describeRules(
  scope: DescribeScope,
  filters?: Filter[],
): Promise<SecurityGroupRule[]> {
  const pages = paginateDescribeSecurityGroupRules(
    { client: scope.ec2, pageSize: pageSize(scope, MAX_PAGE_SIZE) },
    { Filters: filters },
  );
  return drain(scope, 'DescribeSecurityGroupRules', filters, pages,
    (page) => page.SecurityGroupRules);
}

/** Every network interface matching `filters`. */
export function describeInterfaces(
  scope: DescribeScope,
  filters?: Filter[],
): Promise<NetworkInterface[]> {
  const pages = paginateDescribeNetworkInterfaces(
    { client: scope.ec2, pageSize: pageSize(scope, MAX_PAGE_SIZE) },
    { Filters: filters },
  );
  return drain(scope, 'DescribeNetworkInterfaces', filters, pages,
    (page) => page.NetworkInterfaces);
}

/** Every managed prefix list matching `filters`, AWS-managed ones too. */
export function describePrefixLists(
  scope: DescribeScope,
  filters?: Filter[],
): Promise<ManagedPrefixList[]> {
  const size = pageSize(scope, MAX_PREFIX_LIST_PAGE_SIZE);
  const pages = paginateDescribeManagedPrefixLists(
    { client: scope.ec2, pageSize: size },
    { Filters: filters },
  );
  return drain(scope, 'DescribeManagedPrefixLists', filters, pages,
    (page) => page.PrefixLists);
}

/**
 * Run `describe` once per {@link FILTER_VALUE_LIMIT} values of the filter
 * `name` (plus the fixed `others`), and concatenate what it finds.
 */
export async function inBatches<T>(
  name: string,
  values: readonly string[],
  describe: (filters: Filter[]) => Promise<T[]>,
  others: Filter[] = [],
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < values.length; i += FILTER_VALUE_LIMIT) {
    const batch = values.slice(i, i + FILTER_VALUE_LIMIT);
    const part = await describe([{ Name: name, Values: batch }, ...others]);
    for (const item of part) found.push(item);
  }
  return found;
}

async function drain<P, T>(
  scope: DescribeScope,
  operation: string,
  filters: Filter[] | undefined,
  pages: AsyncIterable<P>,
  pick: (page: P) => T[] | undefined,
): Promise<T[]> {
  const items: T[] = [];
  try {
    // Item by item: spreading a page of 100,000 items into push() would
    // pass more arguments than the stack holds.
    for await (const page of pages) {
      for (const item of pick(page) ?? []) items.push(item);
    }
  } catch (error) {
    const { account, region } = scope;
    const groupIds = filterValues(filters, 'group-id');
    throw new AwsCallError({ operation, account, region, groupIds }, error);
  }
  return items;
}

function pageSize(scope: DescribeScope, largest: number): number {
  const asked = scope.pageSize ?? largest;
  return Math.max(Math.min(asked, largest), MIN_PAGE_SIZE);
}

function filterValues(filters: Filter[] | undefined, name: string): string[] {
  return filters?.find((filter) => filter.Name === name)?.Values ?? [];
}
