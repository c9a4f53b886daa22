import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
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
  return snapshot;
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

  it('gives the same findings whatever the order of groups and rules', () => {
    fc.assert(fc.property(seeds, (seed) => {
      const snapshot = cleanSnapshot(seed, 8);
      const rand = mulberry(seed ^ 0x5bd1e995);
      // Some drift so there is something to order.
      snapshot.SecurityGroupRules!.push(
        { SecurityGroupRuleId: 'sgr-0000000000000aaa1', GroupId: sg(1),
          IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
          CidrIpv4: '0.0.0.0/0' },
        { SecurityGroupRuleId: 'sgr-0000000000000aaa2', GroupId: sg(2),
          IsEgress: true, IpProtocol: 'udp', FromPort: 9, ToPort: 9,
          CidrIpv4: '192.0.2.0/24' },
      );
      const before = evaluate(snapshot, bundle, { now: NOW }).findings;
      const reordered: Snapshot = {
        ...snapshot,
        SecurityGroups: shuffled(snapshot.SecurityGroups, rand),
        SecurityGroupRules: shuffled(snapshot.SecurityGroupRules!, rand),
      };
      expect(evaluate(reordered, bundle, { now: NOW }).findings)
        .toEqual(before);
    }), options);
  });

  it('adds exactly one finding for one rule no allow covers', () => {
    const extra = fc.record({
      group: fc.integer({ min: 1, max: 6 }),
      egress: fc.boolean(),
      protocol: fc.constantFrom('tcp', 'udp', '-1', '50'),
      port: fc.integer({ min: 0, max: 65535 }),
      octets: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)),
      prefix: fc.integer({ min: 0, max: 32 }),
    });
    fc.assert(fc.property(seeds, extra, (seed, x) => {
      const snapshot = cleanSnapshot(seed, 6);
      const base = evaluate(snapshot, bundle, { now: NOW }).findings;
      const groupId = sg(x.group);
      const rule: SecurityGroupRule = {
        SecurityGroupRuleId: 'sgr-000000000000fffff', GroupId: groupId,
        IsEgress: x.egress, IpProtocol: x.protocol,
        FromPort: x.protocol === 'tcp' || x.protocol === 'udp' ? x.port : -1,
        ToPort: x.protocol === 'tcp' || x.protocol === 'udp' ? x.port : -1,
        CidrIpv4: cidrOf(x.octets, x.prefix),
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
    }), options);
  });
});
