/**
 * Checks that examples/account.json and examples/EXPECTED.md are what the
 * generator writes today, and that the snapshot holds together the way an
 * AWS export does. Prints every problem and exits 1 when there is one.
 *
 *   node examples/check-account.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type {
  SecurityGroup,
  SecurityGroupRule,
  Snapshot,
} from '../shared/snapshot/types.ts';
import { buildAccount } from './generate-account.ts';

const here = new URL('.', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, here), 'utf8');
const problems: string[] = [];
const check = (ok: boolean, problem: string) => {
  if (!ok) problems.push(problem);
};

const TOP_LEVEL = [
  'Account',
  'Region',
  'SecurityGroups',
  'SecurityGroupRules',
  'NetworkInterfaces',
  'PrefixLists',
];
const ID = /^(sg|sgr|eni|vpc|subnet)-[0-9a-f]{17}$/;

/** One rule as a comparable string, from either of AWS's two shapes. */
function ruleKey(
  group: string,
  egress: boolean,
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  peer: string,
  description: string | undefined,
): string {
  const ports = protocol === '-1' || from === undefined
    ? '-1:-1'
    : `${from}:${to}`;
  const way = egress ? 'egress' : 'ingress';
  return [group, way, protocol, ports, peer, description ?? ''].join(' ');
}

function permissionKeys(group: SecurityGroup): string[] {
  const keys: string[] = [];
  const sides = [
    [false, group.IpPermissions ?? []],
    [true, group.IpPermissionsEgress ?? []],
  ] as const;
  for (const [egress, permissions] of sides) {
    for (const p of permissions) {
      const key = (peer: string, description?: string) =>
        ruleKey(group.GroupId!, egress, p.IpProtocol!, p.FromPort, p.ToPort,
          peer, description);
      check(p.IpProtocol !== '-1' || p.FromPort === undefined,
        `${group.GroupId}: an IpProtocol -1 permission has ports`);
      for (const r of p.IpRanges ?? []) {
        keys.push(key(r.CidrIp!, r.Description));
      }
      for (const r of p.Ipv6Ranges ?? []) {
        keys.push(key(r.CidrIpv6!, r.Description));
      }
      for (const r of p.PrefixListIds ?? []) {
        keys.push(key(r.PrefixListId!, r.Description));
      }
      for (const r of p.UserIdGroupPairs ?? []) {
        keys.push(key(`${r.UserId}/${r.GroupId}`, r.Description));
      }
    }
  }
  return keys;
}

function securityGroupRuleKey(rule: SecurityGroupRule): string {
  const referenced = rule.ReferencedGroupInfo;
  const peer = rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ??
    `${referenced?.UserId}/${referenced?.GroupId}`;
  return ruleKey(rule.GroupId!, rule.IsEgress!, rule.IpProtocol!,
    rule.FromPort, rule.ToPort, peer, rule.Description);
}

function sameRules(snapshot: Snapshot) {
  const fromGroups = snapshot.SecurityGroups.flatMap(permissionKeys).sort();
  const fromRules = (snapshot.SecurityGroupRules ?? [])
    .map(securityGroupRuleKey).sort();
  const missing = fromGroups.filter((key) => !fromRules.includes(key));
  const extra = fromRules.filter((key) => !fromGroups.includes(key));
  for (const key of missing) problems.push(`no SecurityGroupRule for ${key}`);
  for (const key of extra) problems.push(`no IpPermissions peer for ${key}`);
  check(fromGroups.length === fromRules.length,
    `${fromGroups.length} permission peers, ${fromRules.length} rules`);
}

function unique(ids: (string | undefined)[], what: string) {
  const seen = new Set<string>();
  for (const id of ids) {
    check(id !== undefined && ID.test(id), `${what} id ${id} is malformed`);
    check(!seen.has(id!), `${what} id ${id} appears twice`);
    seen.add(id!);
  }
}

function references(snapshot: Snapshot) {
  const vpcOf = new Map(
    snapshot.SecurityGroups.map((g) => [g.GroupId, g.VpcId]),
  );
  const lists = new Set(snapshot.PrefixLists?.map((l) => l.PrefixListId));
  for (const rule of snapshot.SecurityGroupRules ?? []) {
    check(vpcOf.has(rule.GroupId), `${rule.SecurityGroupRuleId}: no group`);
    const ref = rule.ReferencedGroupInfo;
    const local = ref?.UserId === snapshot.Account;
    check(!ref || !local || vpcOf.has(ref.GroupId),
      `${rule.SecurityGroupRuleId}: references unknown ${ref?.GroupId}`);
    check(!rule.PrefixListId || lists.has(rule.PrefixListId),
      `${rule.SecurityGroupRuleId}: unknown ${rule.PrefixListId}`);
  }
  for (const eni of snapshot.NetworkInterfaces ?? []) {
    for (const group of eni.Groups ?? []) {
      check(vpcOf.get(group.GroupId) === eni.VpcId,
        `${eni.NetworkInterfaceId}: ${group.GroupId} not in ${eni.VpcId}`);
    }
  }
  const vpcs = new Set(snapshot.SecurityGroups.map((g) => g.VpcId));
  for (const vpc of vpcs) {
    const defaults = snapshot.SecurityGroups
      .filter((g) => g.VpcId === vpc && g.GroupName === 'default');
    check(defaults.length === 1, `${vpc} has ${defaults.length} defaults`);
  }
}

function coverage(snapshot: Snapshot) {
  const rules = snapshot.SecurityGroupRules ?? [];
  const enis = snapshot.NetworkInterfaces ?? [];
  const has = (ok: boolean, what: string) => check(ok, `no ${what}`);
  check(snapshot.SecurityGroups.length >= 30, 'fewer than 30 groups');
  check(enis.length >= 40, 'fewer than 40 network interfaces');
  has(rules.some((r) => r.IpProtocol === '50'), 'protocol 50 rule');
  has(rules.some((r) => r.IpProtocol === 'icmp' && r.ToPort !== -1),
    'ICMP rule with a code');
  has(rules.some((r) => r.CidrIpv6), 'IPv6 rule');
  has(rules.some((r) => r.PrefixListId), 'prefix-list rule');
  has(rules.some((r) => r.ReferencedGroupInfo?.GroupId === r.GroupId),
    'self-referencing rule');
  has(rules.some((r) => r.ReferencedGroupInfo &&
    r.ReferencedGroupInfo.UserId !== snapshot.Account), 'cross-account rule');
  has(enis.some((e) => e.RequesterManaged), 'requester-managed interface');
  has(snapshot.PrefixLists?.some((l) =>
    l.PrefixListName === `com.amazonaws.${snapshot.Region}.s3`) ?? false,
  'S3 prefix list');
}

/** The profile folder's exemptions and settings name things that exist. */
function profileReferences(snapshot: Snapshot) {
  const dir = new URL('profiles/exemptions/', here);
  const rules = new Map((snapshot.SecurityGroupRules ?? [])
    .map((r) => [r.SecurityGroupRuleId, r.GroupId]));
  for (const file of readdirSync(dir)) {
    const { spec } = parse(readFileSync(new URL(file, dir), 'utf8'));
    const { account, group, rule } = spec.match;
    check(account === snapshot.Account, `${file}: account ${account}`);
    check(rules.get(rule) === group, `${file}: ${rule} is not on ${group}`);
  }
  const settings = parse(read('profiles/settings.yaml'));
  const vpcs = new Set(snapshot.SecurityGroups.map((g) => g.VpcId));
  for (const vpc of settings.spec.unboundGroups.vpcs) {
    check(vpcs.has(vpc), `settings.yaml: no ${vpc}`);
  }
}

const text = read('account.json');
const snapshot = JSON.parse(text) as Snapshot;
const fresh = buildAccount();
check(text === fresh.account, 'account.json is stale: run the generator');
check(read('EXPECTED.md') === fresh.expected, 'EXPECTED.md is stale');
check(JSON.stringify(Object.keys(snapshot)) === JSON.stringify(TOP_LEVEL),
  `top-level keys are ${Object.keys(snapshot).join(', ')}`);
unique(snapshot.SecurityGroups.map((g) => g.GroupId), 'group');
unique((snapshot.SecurityGroupRules ?? []).map((r) => r.SecurityGroupRuleId),
  'rule');
unique((snapshot.NetworkInterfaces ?? []).map((e) => e.NetworkInterfaceId),
  'interface');
sameRules(snapshot);
references(snapshot);
coverage(snapshot);
profileReferences(snapshot);

for (const problem of problems) console.error(problem);
console.log(`${snapshot.SecurityGroups.length} groups, ` +
  `${snapshot.SecurityGroupRules?.length} rules, ` +
  `${snapshot.NetworkInterfaces?.length} interfaces: ` +
  `${problems.length === 0 ? 'consistent' : `${problems.length} problems`}`);
process.exitCode = problems.length === 0 ? 0 : 1;
