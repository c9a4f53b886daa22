import type {
  NetworkInterface,
  SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../shared/engine/index.ts';
import { composeIntent } from '../../../shared/profiles/index.ts';
import type {
  IntentBundle,
  IntentRule,
} from '../../../shared/profiles/types.ts';
import {
  allowCovers,
  denyMatches,
  ruleOfSecurityGroupRule,
  type CidrBlock,
  type MatchContext,
} from '../../../shared/rules/index.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';
import { ACCOUNT, fixtureBundle, REGION, S3_LIST, sg } from './helpers.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const BINDINGS = ['prod', 'prod,web', 'prod,db', 'prod,web,strict',
  'prod,db,strict', 'dev', 'dev,web'];
const WEB = sg('f01');
const DB = sg('f02');
let bundle: IntentBundle;

beforeAll(async () => {
  bundle = await fixtureBundle();
});

/** A block inside `block`: a random longer prefix at a random offset. */
function inside(block: CidrBlock, rand: () => number): string {
  if (block.family === 6) return block.text;
  const prefix = block.prefix + Math.floor(rand() * (33 - block.prefix));
  const size = 2 ** (32 - prefix);
  const span = 2 ** (32 - block.prefix) / size;
  const first = Number(block.first) + Math.floor(rand() * span) * size;
  const octets = [24, 16, 8, 0].map((s) => Math.floor(first / 2 ** s) % 256);
  return `${octets.join('.')}/${prefix}`;
}

function portsInside(rule: IntentRule, rand: () => number): [number, number] {
  const { from, to } = rule.ports;
  const a = from + Math.floor(rand() * (to - from + 1));
  const b = a + Math.floor(rand() * (to - a + 1));
  return [a, b];
}

/** One actual rule the allow covers, for group `groupId`. */
function ruleUnder(
  allow: IntentRule,
  groupId: string,
  rand: () => number,
): SecurityGroupRule {
  const [from, to] = portsInside(allow, rand);
  const rule: SecurityGroupRule = {
    GroupId: groupId, IsEgress: allow.direction === 'egress',
    IpProtocol: String(allow.protocol),
    FromPort: allow.protocol === -1 ? -1 : from,
    ToPort: allow.protocol === -1 ? -1 : allow.protocol === 1 ? -1 : to,
  };
  const peer = allow.peer;
  if (peer.kind === 'cidr') {
    const block = peer.blocks[Math.floor(rand() * peer.blocks.length)]!;
    if (block.family === 4) rule.CidrIpv4 = inside(block, rand);
    else rule.CidrIpv6 = block.text;
  } else if (peer.kind === 'prefixList') {
    rule.PrefixListId = S3_LIST;
  } else if (peer.kind === 'self') {
    rule.ReferencedGroupInfo = { GroupId: groupId };
  } else if (peer.kind === 'profile') {
    rule.ReferencedGroupInfo = { GroupId: peer.profile === 'web' ? WEB : DB };
  }
  return rule;
}

function context(snapshot: Snapshot, groupId: string): MatchContext {
  const tags = new Map(snapshot.SecurityGroups.map((g) =>
    [g.GroupId, g.Tags?.[0]?.Value?.split(',') ?? []]));
  return {
    groupId,
    hasProfile: (id, profile) => tags.get(id)?.includes(profile) ?? false,
    prefixListIds: () => new Set([S3_LIST]),
  };
}

/** A snapshot whose every group matches its binding's intent. */
function cleanSnapshot(seed: number, count: number): Snapshot {
  const rand = mulberry(seed);
  const snapshot: Snapshot = {
    Account: ACCOUNT, Region: REGION, SecurityGroups: [],
    SecurityGroupRules: [], NetworkInterfaces: [],
    PrefixLists: [{ PrefixListId: S3_LIST,
      PrefixListName: 'com.amazonaws.eu-west-1.s3' }],
  };
  const ids = [WEB, DB, ...Array.from({ length: count }, (_, i) => sg(i + 1))];
  ids.forEach((id, i) => {
    const binding = id === WEB ? 'prod,web' : id === DB ? 'prod,db'
      : BINDINGS[Math.floor(rand() * BINDINGS.length)]!;
    snapshot.SecurityGroups.push({ GroupId: id, GroupName: `g${i}`,
      VpcId: 'vpc-1', Tags: [{ Key: 'driftguard:profiles', Value: binding }] });
  });
  let n = 0;
  for (const group of snapshot.SecurityGroups) {
    const composed = composeIntent(bundle, group.Tags![0]!.Value!.split(','));
    if (!composed.ok) throw new Error(composed.problem.message);
    const { allows, denies, requires } = composed.intent;
    const id = group.GroupId!;
    const wanted = [...requires, ...allows, ...allows];
    for (const allow of wanted) {
      const rule = ruleUnder(allow, id, rand);
      rule.SecurityGroupRuleId = `sgr-${String(n++).padStart(17, '0')}`;
      const parsed = ruleOfSecurityGroupRule(rule);
      if (denies.some((d) => denyMatches(d, parsed))) continue;
      snapshot.SecurityGroupRules!.push(rule);
    }
  }
  snapshot.NetworkInterfaces = cleanInterfaces(snapshot, rand);
  return snapshot;
}

/**
 * Interfaces that carry one to three profiled groups each; those with a
 * prod group are tagged env=prod, as the fixture settings ask.
 */
function cleanInterfaces(
  snapshot: Snapshot,
  rand: () => number,
): NetworkInterface[] {
  const groups = snapshot.SecurityGroups;
  return groups.map((_, i) => {
    const count = 1 + Math.floor(rand() * 3);
    const carried = [...new Set(Array.from({ length: count }, () =>
      groups[Math.floor(rand() * groups.length)]!))];
    const prod = carried.some((g) =>
      g.Tags![0]!.Value!.startsWith('prod'));
    return {
      NetworkInterfaceId: `eni-${String(i).padStart(17, '0')}`,
      Groups: carried.map((g) => ({ GroupId: g.GroupId })),
      TagSet: prod && rand() < 0.7 ? [{ Key: 'env', Value: 'prod' }] : [],
    };
  });
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(list: readonly T[], rand: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The block of `prefix` bits holding the address a.b.c.0. */
function cidrOf(octets: [number, number, number], prefix: number): string {
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8))
    >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (address & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${prefix}`;
}

const UNBOUND = sg('u01');
const DEV = sg('d01');

/**
 * Drift of every kind that rules and interfaces give, so there is
 * something to order: denied and unapproved rules, an unbound group on
 * interfaces beside profiled ones, and a prod interface on a dev group.
 */
function withDrift(snapshot: Snapshot): Snapshot {
  snapshot.SecurityGroups.push(
    { GroupId: UNBOUND, GroupName: 'launch-wizard-1', VpcId: 'vpc-1' },
    { GroupId: DEV, GroupName: 'dev', VpcId: 'vpc-1',
      Tags: [{ Key: 'driftguard:profiles', Value: 'dev' }] },
  );
  snapshot.SecurityGroupRules!.push(
    { SecurityGroupRuleId: 'sgr-0000000000000aaa1', GroupId: sg(1),
      IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
      CidrIpv4: '0.0.0.0/0' },
    { SecurityGroupRuleId: 'sgr-0000000000000aaa2', GroupId: sg(2),
      IsEgress: true, IpProtocol: 'udp', FromPort: 9, ToPort: 9,
      CidrIpv4: '192.0.2.0/24' },
  );
  const eni = (n: number, groups: string[], prod: boolean) => ({
    NetworkInterfaceId: `eni-${String(n).padStart(17, 'f')}`,
    Groups: groups.map((GroupId) => ({ GroupId })),
    TagSet: prod ? [{ Key: 'env', Value: 'prod' }] : [],
  });
  snapshot.NetworkInterfaces!.push(
    eni(1, [WEB, UNBOUND, DB], true),
    eni(2, [DEV, UNBOUND], true),
    eni(3, [DEV, sg(1)], false),
    eni(4, [DEV], true),
  );
  return snapshot;
}

/** The IPv6 block of `prefix` bits holding the address h1:h2::. */
function cidr6Of(hextets: [number, number], prefix: number): string {
  const value = ((hextets[0] << 16) | hextets[1]) >>> 0;
  const mask = prefix >= 32 ? 0xffffffff
    : prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (value & mask) >>> 0;
  return `${(net >>> 16).toString(16)}:${(net & 0xffff).toString(16)}::/` +
    prefix;
}

type ExtraPeer =
  | { kind: 'v4'; octets: [number, number, number]; prefix: number }
  | { kind: 'v6'; hextets: [number, number]; prefix: number }
  | { kind: 'pl'; id: string }
  | { kind: 'sg'; id: string };

/** The peer keys of a rule entry, as describe-security-group-rules has. */
function peerFields(
  peer: ExtraPeer,
  groupId: string,
): Partial<SecurityGroupRule> {
  switch (peer.kind) {
    case 'v4':
      return { CidrIpv4: cidrOf(peer.octets, peer.prefix) };
    case 'v6':
      return { CidrIpv6: cidr6Of(peer.hextets, peer.prefix) };
    case 'pl':
      return { PrefixListId: peer.id };
    case 'sg':
      return { ReferencedGroupInfo:
        { GroupId: peer.id === 'self' ? groupId : peer.id } };
  }
}

const port = fc.integer({ min: 0, max: 65535 });
const icmpValue = fc.integer({ min: -1, max: 255 });

/** Protocol and ports of a rule entry, as EC2 writes them. */
const traffic = fc.oneof(
  fc.record({ IpProtocol: fc.constantFrom('tcp', 'udp'), FromPort: port })
    .chain((t) => fc.integer({ min: t.FromPort, max: 65535 })
      .map((ToPort) => ({ ...t, ToPort }))),
  // ICMP: FromPort is the type, ToPort the code; every type means every
  // code, as EC2 requires.
  fc.record({ IpProtocol: fc.constantFrom('icmp', 'icmpv6'),
    FromPort: icmpValue, ToPort: icmpValue })
    .map((t) => t.FromPort === -1 ? { ...t, ToPort: -1 } : t),
  fc.record({ IpProtocol: fc.constantFrom('-1', '50'),
    FromPort: fc.constant(-1), ToPort: fc.constant(-1) }),
);

const extraPeer: fc.Arbitrary<ExtraPeer> = fc.oneof(
  fc.record({ kind: fc.constant('v4' as const),
    octets: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)),
    prefix: fc.integer({ min: 0, max: 32 }) }),
  fc.record({ kind: fc.constant('v6' as const),
    hextets: fc.tuple(fc.nat(0xffff), fc.nat(0xffff)),
    prefix: fc.integer({ min: 0, max: 128 }) }),
  fc.record({ kind: fc.constant('pl' as const),
    id: fc.constantFrom(S3_LIST, 'pl-0123456789abcdef0') }),
  fc.record({ kind: fc.constant('sg' as const),
    id: fc.constantFrom(WEB, DB, 'self', sg(3), 'sg-0fffffffffffffff9') }),
);

/** One rule to add to a group: any direction, protocol and peer kind. */
const extraRule = fc.record({
  group: fc.integer({ min: 1, max: 6 }),
  egress: fc.boolean(),
  traffic,
  peer: extraPeer,
});

const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const options = { numRuns: 60, seed: 424242 };

describe('evaluate, for any account', () => {
  it('finds nothing in a snapshot built to match its intents', () => {
    fc.assert(fc.property(seeds, fc.integer({ min: 1, max: 12 }),
      (seed, count) => {
        const snapshot = cleanSnapshot(seed, count);
        expect(evaluate(snapshot, bundle, { now: NOW }).findings).toEqual([]);
      }), options);
  });

  it('gives the same findings whatever the order of groups, rules and ' +
    'interfaces', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const snapshot = withDrift(cleanSnapshot(seed, 8));
      const rand = mulberry(seed ^ 0x5bd1e995);
      const before = evaluate(snapshot, bundle, { now: NOW }).findings;
      const kinds = new Set(before.map((f) => f.kind));
      expect(kinds).toContain('foreign-group-attached');
      expect(kinds).toContain('attachment-missing-profile');
      const reordered: Snapshot = {
        ...snapshot,
        SecurityGroups: shuffled(snapshot.SecurityGroups, rand),
        SecurityGroupRules: shuffled(snapshot.SecurityGroupRules!, rand),
        NetworkInterfaces: shuffled(snapshot.NetworkInterfaces!, rand)
          .map((eni) => ({ ...eni, Groups: shuffled(eni.Groups!, rand) })),
      };
      expect(evaluate(reordered, bundle, { now: NOW }).findings)
        .toEqual(before);
    }), options);
  });

  it('adds exactly one finding for one rule no allow covers', () => {
    fc.assert(fc.property(seeds, extraRule, (seed, x) => {
      const snapshot = cleanSnapshot(seed, 6);
      const base = evaluate(snapshot, bundle, { now: NOW }).findings;
      const groupId = sg(x.group);
      const rule: SecurityGroupRule = {
        SecurityGroupRuleId: 'sgr-000000000000fffff', GroupId: groupId,
        IsEgress: x.egress, ...x.traffic, ...peerFields(x.peer, groupId),
      };
      const parsed = ruleOfSecurityGroupRule(rule);
      const group = snapshot.SecurityGroups.find((g) => g.GroupId === groupId);
      const intent = composeIntent(bundle,
        group!.Tags![0]!.Value!.split(','));
      if (!intent.ok) return;
      const ctx = context(snapshot, groupId);
      fc.pre(!intent.intent.allows.some((a) => allowCovers(a, parsed, ctx)));
      snapshot.SecurityGroupRules!.push(rule);
      const after = evaluate(snapshot, bundle, { now: NOW }).findings;
      expect(after).toHaveLength(base.length + 1);
      const added = after.filter((f) => f.ruleId === rule.SecurityGroupRuleId);
      expect(added).toHaveLength(1);
      expect(['unapproved-rule', 'denied-rule']).toContain(added[0]!.kind);
    }), { ...options, numRuns: 200 });
  });
});
