import type {
  NetworkInterface,
  SecurityGroup,
  SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { loadProfiles } from '../../../shared/profiles/index.ts';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const VPC = 'vpc-0000000000000aaa1';
export const S3_LIST = 'pl-6da54004';

/** The engine's fixture profiles: tiers prod/dev, roles web/db, strict. */
export async function fixtureBundle(): Promise<IntentBundle> {
  const dir = new URL('../../fixtures/engine/profiles/', import.meta.url);
  const { bundle, diagnostics } = await loadProfiles(dir.pathname);
  if (!bundle) throw new Error(JSON.stringify(diagnostics));
  return bundle;
}

/** A rule written briefly: `in tcp 443 10.1.0.0/16`, `out all sg-…`. */
export type RuleSpec = string;

function ruleOf(
  groupId: string,
  spec: RuleSpec,
  ruleId: string,
): SecurityGroupRule {
  const [way, protocol, ports, peer, extra] = spec.split(' ') as
    [string, string, string, string, string?];
  const [from, to] = ports === '-' ? [-1, -1] : ports.split('-').map(Number);
  const rule: SecurityGroupRule = {
    SecurityGroupRuleId: ruleId,
    GroupId: groupId,
    GroupOwnerId: ACCOUNT,
    IsEgress: way === 'out',
    IpProtocol: protocol === 'all' ? '-1' : protocol,
    FromPort: from,
    ToPort: protocol === 'icmp' ? Number(extra ?? -1) : (to ?? from),
  };
  if (peer.startsWith('sg-')) {
    rule.ReferencedGroupInfo = { GroupId: peer, UserId: ACCOUNT };
  } else if (peer.startsWith('pl-')) {
    rule.PrefixListId = peer;
  } else if (peer.includes(':')) {
    rule.CidrIpv6 = peer;
  } else {
    rule.CidrIpv4 = peer;
  }
  return rule;
}

/** Builds a snapshot group by group, rule ids derived from the group id. */
export class SnapshotBuilder {
  private readonly groups: SecurityGroup[] = [];
  private readonly rules: SecurityGroupRule[] = [];
  private readonly enis: NetworkInterface[] = [];

  /** A group; `binding` undefined means no binding tag at all. */
  group(
    id: string,
    binding: string | undefined,
    rules: RuleSpec[] = [],
    name = `group-${id.slice(-4)}`,
  ): this {
    const tags = binding === undefined
      ? []
      : [{ Key: 'driftguard:profiles', Value: binding }];
    this.groups.push({ GroupId: id, GroupName: name, VpcId: VPC,
      OwnerId: ACCOUNT, Tags: tags, Description: name });
    rules.forEach((spec, i) => {
      const ruleId = `sgr-${id.slice(-15)}${String(i).padStart(2, '0')}`;
      this.rules.push(ruleOf(id, spec, ruleId));
    });
    return this;
  }

  /** An interface carrying `groups`, with tags. */
  eni(id: string, groups: string[], tags: Record<string, string> = {}): this {
    this.enis.push({
      NetworkInterfaceId: id,
      VpcId: VPC,
      Groups: groups.map((g) => ({ GroupId: g })),
      TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
    return this;
  }

  build(): Snapshot {
    return {
      Account: ACCOUNT,
      Region: REGION,
      SecurityGroups: structuredClone(this.groups),
      SecurityGroupRules: structuredClone(this.rules),
      NetworkInterfaces: structuredClone(this.enis),
      PrefixLists: [{
        PrefixListId: S3_LIST,
        PrefixListName: 'com.amazonaws.eu-west-1.s3',
      }],
    };
  }
}

/** `sg-` + 17 hex digits ending in `n`. */
export function sg(n: number | string): string {
  return `sg-${String(n).padStart(17, '0')}`;
}
