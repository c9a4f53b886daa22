import { describe, expect, it } from 'vitest';
import { cli } from '../unit/cli/helpers.ts';
import { allowIngress, emulatorEndpoint, TEST_REGION } from './emulator/aws.ts';
import { EC2_UNAUTHORIZED, failFirst } from './emulator/faults.ts';
import {
  accounts,
  hasLab,
  LAB,
  later,
  narrowed,
  runtimeOf,
  sweep,
  T0,
  v1,
  webGroup,
} from './rollout-fixtures.ts';
import { dynamoClient, freshTable } from './store-fixtures.ts';

describe('a rollout of a new intent version', () => {
  it('converges the canary, holds the rest through the soak, then goes on',
    async () => {
      const { canary, second, all } = await accounts();
      const [old, v2] = [await v1(), await narrowed(
        { canary: canary.account })];
      const table = await freshTable(dynamoClient());
      const first = runtimeOf(old, table);
      for (const p of all) await sweep(first, p.account, T0);
      const next = runtimeOf(v2, table);

      const converged = await sweep(next, canary.account, T0);
      expect(converged.intentVersion).toBe(v2.version);
      expect(converged.actions.map((a) => a.status)).toEqual(['done']);
      expect(await hasLab(canary)).toBe(false);

      const held = await sweep(next, second.account, later(30));
      expect(held.intentVersion).toBe(old.version);
      expect(held.actions).toEqual([]);
      expect(held.pending.map((f) => [f.kind, f.action, f.pending]))
        .toEqual([['unapproved-rule', 'none', true]]);
      expect(await hasLab(second)).toBe(true);

      const after = await sweep(next, second.account, later(61));
      expect(after.intentVersion).toBe(v2.version);
      expect(await hasLab(second)).toBe(false);
      expect((await next.rollout.state(later(200))).status)
        .toBe('complete');
    });

  it('soaks the canary from the sweep that converged it, so a late sweep ' +
    'never converges two waves at once', async () => {
    const { canary, second } = await accounts();
    const [old, v2] = [await v1(), await narrowed(
      { canary: canary.account })];
    const table = await freshTable(dynamoClient());
    await sweep(runtimeOf(old, table), second.account, T0);
    const next = runtimeOf(v2, table);
    // The new version starts its rollout (an event, say) long before
    // the first sweep of the canary.
    expect((await next.rollout.state(T0)).wave).toBe(0);

    await sweep(next, canary.account, later(90));
    expect(await next.rollout.state(later(100))).toMatchObject({ wave: 0,
      convergedAt: later(90).toISOString() });
    const status = await cli(['rollout', 'status', '--table', table,
      '--region', TEST_REGION, '--endpoint-url', emulatorEndpoint()]);
    expect(status.stdout).toContain(`1. canary (${canary.account}): ` +
      `running; converged ${later(90).toISOString()}, soaks until ` +
      later(150).toISOString());
    const held = await sweep(next, second.account, later(100));
    expect(held.intentVersion).toBe(old.version);
    expect(await hasLab(second)).toBe(true);

    const after = await sweep(next, second.account, later(150));
    expect(after.intentVersion).toBe(v2.version);
    expect(await hasLab(second)).toBe(false);
  });

  it('makes no more writes in a wave than it allows, then halts',
    async () => {
      const { canary } = await accounts();
      const other = await webGroup(canary.ec2, canary.vpcId);
      const [old, v2] = [await v1(), await narrowed(
        { canary: canary.account, maxWritesPerWave: 1 })];
      const table = await freshTable(dynamoClient());
      await sweep(runtimeOf(old, table), canary.account, T0);
      const next = runtimeOf(v2, table);

      const swept = await sweep(next, canary.account, T0);

      expect(swept.actions.map((a) => a.status)).toEqual(['done', 'skipped']);
      expect(swept.actions[1]!.note)
        .toBe('the wave budget of 1 writes tripped');
      expect(swept.budget).toMatchObject({ scope: 'wave', limit: 1, used: 1,
        skipped: 1 });
      const lab = [await hasLab(canary), await hasLab(canary, other)];
      expect(lab.filter(Boolean)).toHaveLength(1);
      const state = await next.rollout.state(later(120));
      expect(state).toMatchObject({ status: 'halted', wave: 0,
        waveWrites: 1 });
      expect(state.reason).toBe('wave canary reached its limit of 1 ' +
        `writes (in ${canary.account})`);
    });

  it('keeps each account on the version it last converged to when a ' +
    'newer one arrives mid-rollout', async () => {
    const { canary, second, third, all } = await accounts();
    const [old, v2] = [await v1(), await narrowed(
      { canary: canary.account })];
    const v3 = await narrowed({ canary: third.account });
    const table = await freshTable(dynamoClient());
    const first = runtimeOf(old, table);
    for (const p of all) await sweep(first, p.account, T0);
    await sweep(runtimeOf(v2, table), canary.account, T0);
    await allowIngress(canary.ec2, canary.group, LAB);

    const next = runtimeOf(v3, table);
    const again = await sweep(next, canary.account, later(10));
    expect(again.intentVersion).toBe(v2.version);
    expect(again.pending).toHaveLength(1);
    expect(await hasLab(canary)).toBe(false);
    expect((await sweep(next, second.account, later(10))).intentVersion)
      .toBe(old.version);
    expect((await sweep(next, third.account, later(10))).intentVersion)
      .toBe(v3.version);
    expect(await next.rollout.state(later(11))).toMatchObject({
      from: old.version, to: v3.version,
      base: { [canary.account]: v2.version } });
    const status = await cli(['rollout', 'status', '--table', table,
      '--region', TEST_REGION, '--endpoint-url', emulatorEndpoint()]);
    expect(status.stdout).toContain('until reached, kept on their ' +
      `version: ${canary.account} (${v2.version})`);

    // A v2 container still running during the deployment follows the
    // rollout instead of starting one of its own.
    const stale = await runtimeOf(v2, table).rollout.state(later(12));
    expect(stale.to).toBe(v3.version);
  });

  it('halts everything when a write fails in the canary; abort returns ' +
    'every account to the old version', async () => {
    const { canary, third } = await accounts();
    const [old, v2] = [await v1(), await narrowed(
      { canary: canary.account })];
    const table = await freshTable(dynamoClient());
    await sweep(runtimeOf(old, table), canary.account, T0);
    const next = runtimeOf(v2, table);
    // AWS refuses the revoke (a permission boundary, say): the emulator
    // never refuses, so the refusal is injected.
    failFirst(await next.ec2For(canary.account, TEST_REGION),
      'RevokeSecurityGroupIngress', EC2_UNAUTHORIZED, 10);

    const swept = await sweep(next, canary.account, T0);
    expect(swept.actions.map((a) => a.status)).toEqual(['failed']);
    const halted = await next.rollout.state(later(120));
    expect(halted).toMatchObject({ status: 'halted', wave: 0 });
    expect(halted.reason).toBe(`a write failed in ${canary.account}`);
    const held = await sweep(next, third.account, later(120));
    expect(held.intentVersion).toBe(old.version);
    expect(await hasLab(third)).toBe(true);

    const aws = ['--table', table, '--region', TEST_REGION,
      '--endpoint-url', emulatorEndpoint()];
    const status = await cli(['rollout', 'status', ...aws]);
    expect(status.stdout).toMatch(/: halted \(a write failed in /);
    const aborted = await cli(['rollout', 'abort', ...aws, '--format',
      'json', '--reason', 'canary broke']);
    expect(aborted.code).toBe(0);
    expect(JSON.parse(aborted.stdout)).toMatchObject({ status: 'aborted',
      reason: 'canary broke' });
    const back = await sweep(next, canary.account, later(130));
    expect(back.intentVersion).toBe(old.version);
    expect(back.evaluation.findings).toEqual([]);
    expect(back.pending).toEqual([]);
    const entries = await next.stores.audit.history(canary.account,
      canary.group);
    expect(entries.map((e) => e.status)).toContain('failed');
  });

  it('is paused and resumed from the command line', async () => {
    const { canary } = await accounts();
    const [old, v2] = [await v1(), await narrowed(
      { canary: canary.account })];
    const table = await freshTable(dynamoClient());
    await sweep(runtimeOf(old, table), canary.account, T0);
    await runtimeOf(v2, table).rollout.state(T0);
    const aws = ['--table', table, '--region', TEST_REGION,
      '--endpoint-url', emulatorEndpoint()];
    expect((await cli(['rollout', 'pause', ...aws])).stdout)
      .toMatch(/: paused/);
    expect((await cli(['rollout', 'resume', ...aws])).stdout)
      .toMatch(/: running/);
    const wrong = await cli(['rollout', 'frob', ...aws]);
    expect(wrong.code).toBe(2);
  });
});
