import { beforeAll, describe, expect, it } from 'vitest';
import { QUARANTINE_TAG } from '../../../shared/aws/index.ts';
import { evaluate, type Finding } from '../../../shared/engine/index.ts';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';
import {
  ACCOUNT,
  fixtureBundle,
  REGION,
  S3_LIST,
  sg,
  SnapshotBuilder,
} from './helpers.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
let bundle: IntentBundle;

beforeAll(async () => {
  bundle = await fixtureBundle();
});

function findings(build: (b: SnapshotBuilder) => SnapshotBuilder): Finding[] {
  return evaluate(build(new SnapshotBuilder()).build(), bundle, { now: NOW })
    .findings;
}

const brief = (f: Finding) => [f.kind, f.groupId, f.ruleId ?? '',
  f.policyRule ?? '', f.severity, f.action].join(' ');

describe('evaluate', () => {
  it('finds nothing on a group that matches its intent', () => {
    expect(findings((b) => b.group(sg(1), 'prod', [
      'in tcp 443 10.1.0.0/16',
      'in icmp 8 10.0.0.0/8 0',
      'out all - 10.0.0.0/8',
      `out tcp 443 ${S3_LIST}`,
    ]))).toEqual([]);
  });

  it('reports a rule no allow covers as unapproved, a warning', () => {
    const [f, ...rest] = findings((b) =>
      b.group(sg(1), 'prod', ['in tcp 8080 10.1.0.0/16']));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      kind: 'unapproved-rule', severity: 'medium', action: 'rollback',
      account: ACCOUNT, region: REGION, groupId: sg(1),
      direction: 'ingress', ruleId: 'sgr-00000000000000100',
      rule: { protocol: 'tcp', ports: '8080', peer: '10.1.0.0/16' },
      intentVersion: bundle.version,
    });
    expect(f!.message).toBe('ingress tcp 8080 from 10.1.0.0/16 is not ' +
      'approved by any allow of prod');
  });

  it('raises an unapproved rule to a violation under defaultDeny', () => {
    const [f] = findings((b) =>
      b.group(sg(1), 'prod,strict', ['in tcp 8080 10.1.0.0/16']));
    expect(f).toMatchObject({
      kind: 'unapproved-rule', severity: 'high', action: 'quarantine',
    });
  });

  it('reports a rule a deny matches as denied, even when unapproved', () => {
    const list = findings((b) =>
      b.group(sg(1), 'prod', ['in tcp 22 0.0.0.0/0']));
    expect(list.map(brief)).toEqual([
      `denied-rule ${sg(1)} sgr-00000000000000100 no-public-ingress ` +
        'critical rollback',
    ]);
    expect(list[0]).toMatchObject({
      profile: 'prod',
      policySource: { file: 'prod.yaml', line: 27 },
    });
  });

  it('picks the most severe of several matching denies', () => {
    const [f] = findings((b) =>
      b.group(sg(1), 'prod,strict', ['in tcp 23 0.0.0.0/0']));
    expect(f).toMatchObject({ kind: 'denied-rule',
      policyRule: 'no-public-ingress', severity: 'critical' });
  });

  it("keeps a denied rule's severity under defaultDeny", () => {
    const [f] = findings((b) =>
      b.group(sg(1), 'prod,strict', ['out tcp 23 10.1.1.1/32']));
    expect(f).toMatchObject({ kind: 'denied-rule', policyRule: 'no-telnet',
      severity: 'high', action: 'quarantine' });
  });

  it('reports a missing required rule with the peers left uncovered', () => {
    const [f, ...rest] = findings((b) => b.group(sg(1), 'prod,db', []));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      kind: 'missing-required-rule', severity: 'medium', action: 'rollback',
      profile: 'db', policyRule: 'postgres-from-web-present',
      direction: 'ingress', missing: ['groups with profile web'],
      rule: { protocol: 'tcp', ports: '5432' },
    });
  });

  it('finds a require present through a group carrying the profile', () => {
    expect(findings((b) => b
      .group(sg(1), 'prod,db', [`in tcp 5432 ${sg(2)}`])
      .group(sg(2), 'prod,web', [`out tcp 5432 ${sg(1)}`]))).toEqual([]);
  });

  it('approves a self reference and refuses another group', () => {
    const list = findings((b) => b
      .group(sg(1), 'prod,db', [`in tcp 5432 ${sg(2)}`, `in tcp 5432 ${sg(1)}`,
        `in tcp 5432 ${sg(3)}`])
      .group(sg(2), 'prod,web', [`out tcp 5432 ${sg(1)}`])
      .group(sg(3), 'prod', []));
    expect(list.map(brief)).toEqual([
      `unapproved-rule ${sg(1)} sgr-00000000000000102  medium rollback`,
    ]);
  });

  it('reports an unbound group, but never a VPC default group', () => {
    const list = findings((b) => b
      .group(sg(1), undefined, ['in tcp 22 0.0.0.0/0'], 'launch-wizard-1')
      .group(sg(2), undefined, [], 'default'));
    expect(list.map(brief)).toEqual([`unbound-group ${sg(1)}   low none`]);
  });

  it.each([
    ['prod,nosuch', 'unknown-profile', /does not have: nosuch/],
    ['web', 'invalid-binding', /names no tier/],
    ['prod,dev', 'invalid-binding', /2 tiers: prod, dev/],
    ['', 'invalid-binding', /names no tier/],
  ])('reports binding %j as %s and judges no rule', (binding, kind, text) => {
    const list = findings((b) =>
      b.group(sg(1), binding, ['in tcp 22 0.0.0.0/0']));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind, severity: 'high', action: 'alert' });
    expect(list[0]!.message).toMatch(text);
  });

  it('reports a conflict in the binding and caps its actions to alert', () => {
    const list = findings((b) => b.group(sg(1), 'prod,lockdown',
      ['in tcp 22 0.0.0.0/0']));
    expect(list.map(brief)).toEqual([
      `profile-conflict ${sg(1)}  https-from-private medium alert`,
      `denied-rule ${sg(1)} sgr-00000000000000100 no-public-ingress ` +
        'critical alert',
    ]);
    expect(list[0]!.message).toMatch(/lockdown\/no-https-in/);
  });

  it('reads bindings with spaces and empty entries', () => {
    expect(findings((b) => b.group(sg(1), ' prod ,, web , ',
      ['in tcp 80 10.0.0.0/8']))).toEqual([]);
  });

  it('reports an interface tagged for a profile none of its groups has', () => {
    const list = findings((b) => b
      .group(sg(1), 'dev', [])
      .eni('eni-00000000000000001', [sg(1)], { env: 'prod' }));
    expect(list.map(brief)).toEqual([
      `attachment-missing-profile ${sg(1)}   high alert`,
    ]);
    expect(list[0]!.networkInterfaceId).toBe('eni-00000000000000001');
    expect(list[0]!.profile).toBe('prod');
  });

  it('reports an unbound group attached beside a profiled one', () => {
    const list = findings((b) => b
      .group(sg(1), 'prod,strict', [])
      .group(sg(2), undefined, [], 'default')
      .eni('eni-00000000000000001', [sg(1), sg(2)], { env: 'prod' }));
    expect(list.map(brief)).toEqual([
      `foreign-group-attached ${sg(2)}   high quarantine`,
    ]);
  });

  it('suppresses what an exemption in force covers, and only that', () => {
    const build = (b: SnapshotBuilder) => b.group(sg('e01'), 'prod',
      ['in tcp 8080 10.1.0.0/16', 'in tcp 8081 10.1.0.0/16']);
    const result = evaluate(build(new SnapshotBuilder()).build(), bundle,
      { now: NOW });
    expect(result.findings.map((f) => f.ruleId))
      .toEqual(['sgr-000000000000e0101']);
    expect(result.suppressed.map((f) => f.ruleId))
      .toEqual(['sgr-000000000000e0100']);
  });

  it('reports an expired exemption and what it covered', () => {
    const snapshot = new SnapshotBuilder().group(sg('e01'), 'prod',
      ['in tcp 8081 10.1.0.0/16']).build();
    const later = new Date('2027-02-01T00:00:00Z');
    const list = evaluate(snapshot, bundle, { now: later }).findings;
    expect(list.map((f) => [f.kind, f.ruleId])).toEqual([
      ['unapproved-rule', 'sgr-000000000000e0100'],
      ['expired-exemption', undefined],
    ]);
    expect(list[1]).toMatchObject({ exemption: 'legacy-listener',
      severity: 'medium', action: 'alert' });
  });

  it('reports an expired exemption only of the groups judged', () => {
    const snapshot = new SnapshotBuilder()
      .group(sg('e01'), 'prod', [])
      .group(sg(2), 'prod', [])
      .build();
    const later = new Date('2027-02-01T00:00:00Z');
    const only = evaluate(snapshot, bundle,
      { now: later, groupIds: new Set([sg(2)]) });
    expect(only.findings).toEqual([]);
    const all = evaluate(snapshot, bundle, { now: later });
    expect(all.findings.map((f) => f.kind)).toEqual(['expired-exemption']);
  });

  it('keeps an exemption through the whole day it expires', () => {
    const snapshot = new SnapshotBuilder().group(sg('e01'), 'prod',
      ['in tcp 8081 10.1.0.0/16']).build();
    const lastDay = new Date('2027-01-31T23:59:00Z');
    expect(evaluate(snapshot, bundle, { now: lastDay }).findings).toEqual([]);
  });

  it('caps every action to the deployment mode', () => {
    const list = evaluate(new SnapshotBuilder()
      .group(sg(1), 'prod,strict',
        ['in tcp 22 0.0.0.0/0', 'in tcp 9 10.0.0.1/32'])
      .build(), bundle, { now: NOW, cap: 'alert' }).findings;
    expect(list.map((f) => f.action)).toEqual(['alert', 'alert']);
  });

  it('only alerts on a staging-like tier whose mode is alert', () => {
    const [f] = findings((b) =>
      b.group(sg(1), 'dev', ['in tcp 23 10.0.0.1/32']));
    expect(f).toMatchObject({ kind: 'unapproved-rule', action: 'alert' });
  });

  it('judges only the groups asked for, and their interfaces', () => {
    const snapshot = new SnapshotBuilder()
      .group(sg(1), 'prod', ['in tcp 22 0.0.0.0/0'])
      .group(sg(2), 'prod', ['in tcp 22 0.0.0.0/0'])
      .build();
    const result = evaluate(snapshot, bundle,
      { now: NOW, groupIds: new Set([sg(2)]) });
    expect(result.findings.map((f) => f.groupId)).toEqual([sg(2)]);
    expect(result.stats.groups).toBe(1);
  });

  it.each([
    ['the rule list is empty', []],
    ['the rule list leaves the group out', [{
      SecurityGroupRuleId: 'sgr-00000000000000900', GroupId: sg(9),
      IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
      CidrIpv4: '10.1.0.0/16' }]],
  ])('judges the grouped permissions of a group when %s', (_, entries) => {
    const snapshot = new SnapshotBuilder().group(sg(9), 'prod').build();
    snapshot.SecurityGroups.push({
      GroupId: sg(1), GroupName: 'x', VpcId: 'vpc-1',
      Tags: [{ Key: 'driftguard:profiles', Value: 'prod' }],
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      IpPermissionsEgress: [],
    });
    snapshot.SecurityGroupRules = entries;
    const list = evaluate(snapshot, bundle, { now: NOW }).findings;
    expect(list.map(brief)).toEqual([
      `denied-rule ${sg(1)}  no-public-ingress critical rollback`,
    ]);
  });

  it('judges a rule only the grouped shape has beside the listed ones', () => {
    const snapshot = new SnapshotBuilder()
      .group(sg(1), 'prod', ['in tcp 8080 10.1.0.0/16']).build();
    snapshot.SecurityGroups[0]!.IpPermissions = [
      { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080,
        IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ];
    const list = evaluate(snapshot, bundle, { now: NOW }).findings;
    expect(list.map(brief)).toEqual([
      `denied-rule ${sg(1)}  no-public-ingress critical rollback`,
      `unapproved-rule ${sg(1)} sgr-00000000000000100  medium rollback`,
    ]);
  });

  it('reads the grouped permissions when the snapshot has no rule list', () => {
    const snapshot = new SnapshotBuilder().build();
    snapshot.SecurityGroups.push({
      GroupId: sg(1), GroupName: 'x', VpcId: 'vpc-1',
      Tags: [{ Key: 'driftguard:profiles', Value: 'prod' }],
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    delete snapshot.SecurityGroupRules;
    const [f] = evaluate(snapshot, bundle, { now: NOW }).findings;
    expect(f).toMatchObject({ kind: 'denied-rule', groupId: sg(1) });
    expect(f!.ruleId).toBeUndefined();
  });
});

/** Tags group `id` of the snapshot as shared/aws tags a quarantine group. */
function quarantined(b: SnapshotBuilder, id: string): Snapshot {
  const snapshot = b.build();
  const group = snapshot.SecurityGroups.find((g) => g.GroupId === id)!;
  group.GroupName = 'driftguard-quarantine';
  group.Tags = [{ Key: QUARANTINE_TAG.key, Value: QUARANTINE_TAG.value }];
  return snapshot;
}

describe("evaluate, on driftguard's quarantine groups", () => {
  const Q = sg('q01');

  it('reports an empty quarantine group and its interfaces not at all', () => {
    const snapshot = quarantined(new SnapshotBuilder()
      .group(Q, undefined, [])
      .eni('eni-00000000000000001', [Q], { env: 'prod' }), Q);
    expect(evaluate(snapshot, bundle, { now: NOW }).findings).toEqual([]);
  });

  it('never calls the quarantine group foreign beside a profiled one', () => {
    const snapshot = quarantined(new SnapshotBuilder()
      .group(Q, undefined, [])
      .group(sg(1), 'prod', [])
      .eni('eni-00000000000000001', [sg(1), Q], { env: 'prod' }), Q);
    expect(evaluate(snapshot, bundle, { now: NOW }).findings).toEqual([]);
  });

  it('alerts on each rule someone put on a quarantine group', () => {
    const snapshot = quarantined(new SnapshotBuilder()
      .group(Q, undefined, ['in tcp 22 10.1.0.0/16']), Q);
    const [f, ...rest] = evaluate(snapshot, bundle, { now: NOW }).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'unapproved-rule', severity: 'high',
      action: 'alert', groupId: Q, ruleId: 'sgr-000000000000q0100' });
    expect(f!.message).toBe('ingress tcp 22 from 10.1.0.0/16 is on ' +
      "driftguard's quarantine group, which must carry no rule");
  });

  it('judges a group by its binding when it has one beside the tag', () => {
    const snapshot = quarantined(new SnapshotBuilder()
      .group(Q, 'prod', ['in tcp 22 0.0.0.0/0']), Q);
    snapshot.SecurityGroups[0]!.Tags!.push(
      { Key: 'driftguard:profiles', Value: 'prod' });
    expect(evaluate(snapshot, bundle, { now: NOW }).findings.map(brief))
      .toEqual([`denied-rule ${Q} sgr-000000000000q0100 no-public-ingress ` +
        'critical rollback']);
  });
});
