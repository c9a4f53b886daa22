import { beforeAll, describe, expect, it } from 'vitest';
import {
  failing,
  isEmpty,
  planChange,
  type ChangePlan,
} from '../../../shared/plan/index.ts';
import type { IntentBundle } from '../../../shared/profiles/types.ts';
import type { Snapshot } from '../../../shared/snapshot/types.ts';
import {
  BASE,
  bundleAt,
  fixtureSnapshots,
  headOf,
  MOVE,
  NOW,
  replace,
  REQUIRE,
  REWORD,
  TIGHTEN,
  type Edit,
} from './helpers.ts';

const WEB_A = 'sg-0a00000000000a001';
const WEB_B = 'sg-0a00000000000a002';
const OPS = 'sg-0a00000000000a004';
const PAY = 'sg-0b00000000000b001';

let base: IntentBundle;
let snapshots: Snapshot[];

beforeAll(async () => {
  base = await bundleAt(BASE);
  snapshots = await fixtureSnapshots();
});

async function planOf(
  edits: Record<string, Edit>,
  moves: Record<string, string> = {},
): Promise<ChangePlan> {
  const head = await bundleAt(await headOf(edits, moves));
  return planChange({ base, head, snapshots, now: NOW, failOn: 'high' });
}

describe('planChange', () => {
  it('finds the rules a tightened CIDR leaves outside, and their revokes',
    async () => {
      const plan = await planOf(TIGHTEN);

      expect(plan.added.map((f) => [f.kind, f.groupId, f.rule?.peer,
        f.severity, f.action])).toEqual([
        ['unapproved-rule', WEB_A, '10.20.0.0/16', 'medium', 'rollback'],
        ['unapproved-rule', PAY, '10.30.0.0/16', 'high', 'quarantine'],
      ]);
      expect(plan.added[0]!.because).toEqual([{ side: 'base',
        how: 'approved', profile: 'prod', rule: 'https-from-private',
        source: { file: 'tiers/prod.yaml', line: 12, col: 7 } }]);
      expect(plan.removed).toEqual([]);
      expect(plan.groups.drifting.map((g) => g.groupName))
        .toEqual(['web-a', 'pay']);
      expect(plan.actions.added.map((a) => a.text)).toEqual([
        'revoke ingress tcp 443 from 10.20.0.0/16 ' +
          `(sgr-00000000000a00101) on ${WEB_A}`,
        `quarantine eni-0b000000000000b01 (off ${PAY})`,
        `quarantine eni-0b000000000000b02 (off ${PAY})`,
      ]);
      expect(plan.actions.added.map((a) => a.because))
        .toEqual(Array(3).fill(['prod/https-from-private']));
      expect(plan.actions.removed).toEqual([]);
    });

  it('counts a tightening by account, profile and kind', async () => {
    const { summary } = await planOf(TIGHTEN);

    expect(summary).toMatchObject({
      added: 2, removed: 0, startDrifting: 2, becomeClean: 0,
      actionsAdded: 3, accountRegions: 2, groups: 6, failing: 1,
      byAccount: { '111111111111': { added: 1, removed: 0 },
        '222222222222': { added: 1, removed: 0 } },
      byProfile: { prod: { added: 2, removed: 0 } },
      byKind: { 'unapproved-rule': { added: 2, removed: 0 } },
    });
    expect(summary.head).not.toBe(summary.base);
  });

  it('names the require a group now lacks, and the authorizations',
    async () => {
      const plan = await planOf(REQUIRE);

      expect(plan.added.map((f) => [f.kind, f.groupName, f.policyRule]))
        .toEqual([
          ['missing-required-rule', 'web-a', 'http-from-lb-present'],
          ['missing-required-rule', 'web-b', 'http-from-lb-present'],
          ['missing-required-rule', 'pay', 'http-from-lb-present'],
        ]);
      expect(plan.added[0]!.because).toEqual([{ side: 'head',
        how: 'decides', profile: 'web', rule: 'http-from-lb-present',
        source: { file: 'roles/web.yaml', line: 16, col: 7 } }]);
      expect(plan.actions.added.map((a) => [a.kind, a.groupId, a.text]))
        .toEqual([WEB_A, WEB_B, PAY].map((g) => ['authorize', g,
          `authorize ingress tcp 80 from 10.0.9.0/24 on ${g}`]));
      expect(plan.actions.added[0]!.because)
        .toEqual(['web/http-from-lb-present']);
      expect(plan.groups.drifting.map((g) => g.groupName))
        .toEqual(['web-a', 'web-b', 'pay']);
    });

  it('plans nothing for reordered rules, moved files and new wording',
    async () => {
      const plan = await planOf(REWORD, MOVE);

      expect(plan.summary.head).not.toBe(plan.summary.base);
      expect(isEmpty(plan)).toBe(true);
      expect(plan.groups).toEqual({ drifting: [], clean: [] });
      expect(plan.summary).toMatchObject({ added: 0, removed: 0,
        changed: 0, actionsAdded: 0, actionsRemoved: 0, failing: 0 });
    });

  it('names the allow that approves what a loosening makes clean',
    async () => {
      const tight = await bundleAt(await headOf(TIGHTEN));
      const plan = planChange({ base: tight, head: base, snapshots,
        now: NOW });

      expect(plan.added).toEqual([]);
      expect(plan.removed.map((f) => [f.groupName, f.because[0]]))
        .toEqual(['web-a', 'pay'].map((name) => [name, { side: 'head',
          how: 'approves', profile: 'prod', rule: 'https-from-private',
          source: { file: 'tiers/prod.yaml', line: 12, col: 7 } }]));
      expect(plan.groups.clean.map((g) => g.groupName))
        .toEqual(['web-a', 'pay']);
      expect(plan.actions.removed).toHaveLength(3);
    });

  it('reports a finding another rule or severity now decides as changed',
    async () => {
      const plan = await planOf({ 'tiers/prod.yaml': (text) =>
        replace('id: no-public-ingress', 'id: no-internet-ingress')(
          replace('severity: critical', 'severity: high')(text)) });

      expect(plan.added).toEqual([]);
      expect(plan.removed).toEqual([]);
      expect(plan.changed.map((c) => [c.head.groupId, c.changes])).toEqual([
        [OPS, ['decided by prod/no-public-ingress → ' +
          'prod/no-internet-ingress', 'severity critical → high']],
      ]);
      expect(isEmpty(plan)).toBe(false);
    });

  it('fails a gate on new findings at or above it, and on raised ones',
    async () => {
      const tightened = await planOf(TIGHTEN);
      const lowered = await planOf({ 'tiers/prod.yaml':
        replace('severity: critical', 'severity: high') });
      const raised = planChange({ base: await bundleAt(await headOf({
        'tiers/prod.yaml': replace('severity: critical', 'severity: high'),
      })), head: base, snapshots, now: NOW });

      expect(failing(tightened, 'medium')).toBe(2);
      expect(failing(tightened, 'high')).toBe(1);
      expect(failing(tightened, 'critical')).toBe(0);
      expect(failing(lowered, 'critical')).toBe(0);
      expect(failing(raised, 'critical')).toBe(1);
    });

  it('plans no write stronger than the deployment\'s cap', async () => {
    const head = await bundleAt(await headOf(TIGHTEN));
    const under = (cap: 'alert' | 'rollback') =>
      planChange({ base, head, snapshots, now: NOW, cap });

    const rollback = under('rollback');
    expect(rollback.added.map((f) => f.action))
      .toEqual(['rollback', 'rollback']);
    expect(rollback.actions.added.map((a) => [a.kind, a.groupId]))
      .toEqual([['revoke', WEB_A], ['revoke', PAY]]);
    expect(rollback.summary).toMatchObject({ cap: 'rollback',
      actionsAdded: 2 });
    const alert = under('alert');
    expect(alert.added.map((f) => f.action)).toEqual(['alert', 'alert']);
    expect(alert.actions).toEqual({ added: [], removed: [] });
  });

  it('plans the findings but no write for a deployment in dry run',
    async () => {
      const head = await bundleAt(await headOf(TIGHTEN));
      const plan = planChange({ base, head, snapshots, now: NOW,
        dryRun: true });

      expect(plan.added).toHaveLength(2);
      expect(plan.actions).toEqual({ added: [], removed: [] });
      expect(plan.summary).toMatchObject({ dryRun: true, actionsAdded: 0 });
    });
});
