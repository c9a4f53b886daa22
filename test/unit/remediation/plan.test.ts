import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, SnapshotIndex } from '../../../shared/engine/index.ts';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import { planRemediation } from '../../../shared/remediation/plan.ts';
import {
  fixtureBundle,
  sg,
  SnapshotBuilder,
} from '../engine/helpers.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
let bundle: IntentBundle;

beforeAll(async () => {
  bundle = await fixtureBundle();
});

function plan(build: (b: SnapshotBuilder) => SnapshotBuilder) {
  const snapshot = build(new SnapshotBuilder()).build();
  const { findings } = evaluate(snapshot, bundle, { now: NOW });
  return planRemediation(findings, new SnapshotIndex(snapshot, bundle),
    bundle);
}

const rule = (group: number | string, i: number) =>
  `sgr-${sg(group).slice(-15)}${String(i).padStart(2, '0')}`;

describe('planRemediation', () => {
  it('revokes unapproved and denied rules by id, in one write per group',
    () => {
      const { actions, alerts } = plan((b) => b.group(sg(1), 'prod', [
        'in tcp 443 10.0.0.0/8', 'in tcp 8080 10.1.0.0/16',
        'in tcp 22 0.0.0.0/0',
      ]));
      expect(alerts).toEqual([]);
      expect(actions).toEqual([expect.objectContaining({
        kind: 'revoke-rules', groupId: sg(1),
        ruleIds: [rule(1, 1), rule(1, 2)], size: 2,
      })]);
      expect(actions[0]!.findings.map((f) => f.kind).sort())
        .toEqual(['denied-rule', 'unapproved-rule']);
    });

  it('never revokes a denied rule that an allow covers', () => {
    const { actions, alerts } = plan((b) => b.group(sg(1), 'prod,no-telnet',
      ['out tcp 23 10.1.1.1/32', 'out tcp 23 192.0.2.1/32']));
    expect(actions).toEqual([expect.objectContaining({
      kind: 'revoke-rules', ruleIds: [rule(1, 1)],
    })]);
    expect(alerts.map((a) => [a.finding.ruleId, a.why])).toEqual([
      [rule(1, 0), 'an allow covers the rule, so it is never revoked'],
    ]);
  });

  it('only alerts where the mode of the profiles is alert', () => {
    const { actions, alerts } = plan((b) => b.group(sg(1), 'prod,lockdown',
      ['in tcp 443 10.0.0.0/8']));
    expect(actions).toEqual([]);
    expect(alerts.map((a) => [a.finding.kind, a.why])).toContainEqual(
      ['denied-rule', 'the mode of its profiles is alert']);
  });

  it('authorizes a missing require through the groups carrying its peer',
    () => {
      const { actions } = plan((b) => b
        .group(sg(1), 'prod,db', [])
        .group(sg(2), 'prod,web', [`out tcp 5432 ${sg(1)}`]));
      expect(actions).toEqual([expect.objectContaining({
        kind: 'authorize-rules', groupId: sg(1), direction: 'ingress',
        permissions: [{
          IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
          UserIdGroupPairs: [{ GroupId: sg(2),
            Description: 'driftguard: db/postgres-from-web-present' }],
        }],
      })]);
    });

  it('alerts on a require no group can stand for', () => {
    const { actions, alerts } = plan((b) => b.group(sg(1), 'prod,db', []));
    expect(actions).toEqual([]);
    expect(alerts.map((a) => a.finding.kind))
      .toEqual(['missing-required-rule']);
    expect(alerts[0]!.why).toMatch(/cannot be authorized/);
  });

  it('authorizes a require before revoking the wide rule that carried it',
    () => {
      const { actions } = plan((b) => b
        .group(sg(1), 'prod,db', [`in tcp 5000-6000 ${sg(2)}`])
        .group(sg(2), 'prod,web', []));
      expect(actions.map((a) => a.kind))
        .toEqual(['authorize-rules', 'revoke-rules']);
      expect(actions[1]).toMatchObject({ ruleIds: [rule(1, 0)] });
    });

  it('keeps a wide rule when the require it carries cannot be put back',
    () => {
      const snapshot = new SnapshotBuilder()
        .group(sg(1), 'prod,db', [`in tcp 5000-6000 ${sg(3)}`])
        .group(sg(3), 'prod,web', [])
        .build();
      snapshot.SecurityGroups[1]!.VpcId = 'vpc-0000000000000bbb2';
      const { findings } = evaluate(snapshot, bundle, { now: NOW });
      const { actions, alerts } = planRemediation(findings,
        new SnapshotIndex(snapshot, bundle), bundle);
      expect(actions).toEqual([]);
      expect(alerts.map((a) => [a.finding.ruleId, a.why])).toEqual([[
        rule(1, 0),
        'revoking it would remove the last path a require describes',
      ]]);
    });

  it('quarantines a group behind a violation, keeping its rules', () => {
    const { actions, alerts } = plan((b) => b
      .group(sg(1), 'prod,strict', ['in tcp 22 0.0.0.0/0'])
      .eni('eni-00000000000000001', [sg(1)])
      .eni('eni-00000000000000002', [sg(1)]));
    expect(actions).toEqual([expect.objectContaining({
      kind: 'quarantine', groupId: sg(1), size: 2,
    })]);
    expect(alerts).toEqual([]);
  });

  it.each([
    ['prod', 'detach-group'],
    ['prod,strict', 'quarantine'],
  ])('converges a foreign group beside %s by %s', (binding, kind) => {
    const { actions } = plan((b) => b
      .group(sg(1), binding, [])
      .group(sg(2), undefined, [], 'launch-wizard-1')
      .eni('eni-00000000000000001', [sg(1), sg(2)]));
    expect(actions).toEqual([expect.objectContaining({
      kind, groupId: sg(2),
      ...(kind === 'quarantine'
        ? { networkInterfaceIds: ['eni-00000000000000001'] }
        : { networkInterfaceId: 'eni-00000000000000001' }),
    })]);
  });

  it('puts the groups with the worst findings first', () => {
    const { actions } = plan((b) => b
      .group(sg(1), 'prod', ['in tcp 8080 10.1.0.0/16'])
      .group(sg(2), 'prod', ['in tcp 22 0.0.0.0/0']));
    expect(actions.map((a) => a.groupId)).toEqual([sg(2), sg(1)]);
  });
});
