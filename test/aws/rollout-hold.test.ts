import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { cloudTrailEvent, ingressParameters } from '../../cli/demo/events.ts';
import { onChange } from '../../functions/on-change.ts';
import { workerDeps } from '../../functions/sweep-worker.ts';
import type { Runtime } from '../../shared/pipeline/runtime.ts';
import { sweepMessageBody } from '../../shared/pipeline/sweep-message.ts';
import { sweepRecord } from '../../shared/pipeline/sweep-worker.ts';
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
  type Place,
} from './rollout-fixtures.ts';
import { dynamoClient, freshTable } from './store-fixtures.ts';

/** v1 converged everywhere, then v2's rollout with its canary converged. */
async function rolledOut() {
  const world = await accounts();
  const [old, v2] = [await v1(), await narrowed(
    { canary: world.canary.account })];
  const table = await freshTable(dynamoClient());
  const first = runtimeOf(old, table);
  for (const p of world.all) await sweep(first, p.account, T0);
  const next = runtimeOf(v2, table);
  await sweep(next, world.canary.account, T0);
  return { old, v2, table, world, next };
}

/** The runtime with its clock at `now`, as the functions would build it. */
function at(runtime: Runtime, now: Date): Runtime {
  return { ...runtime,
    changeDeps: () => ({ ...runtime.changeDeps(), now: () => now }) };
}

/** A logger whose lines the test reads back. */
function listening() {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const info = vi.spyOn(logger, 'info');
  const line = (message: string) => info.mock.calls
    .find((call) => call[0] === message)?.[1] as Record<string, unknown>;
  return { logger, line };
}

/** CloudTrail's record of the lab rule authorized on `place`'s group. */
function labEvent(place: Place) {
  return cloudTrailEvent({ account: place.account, region: TEST_REGION },
    'AuthorizeSecurityGroupIngress',
    ingressParameters(place.group, 'tcp', 443, 443, '10.99.0.0/16'));
}

const aws = (table: string) => ['--table', table, '--region', TEST_REGION,
  '--endpoint-url', emulatorEndpoint()];

describe('a rollout on the event path', () => {
  it('judges an event where the rollout has not reached by the old ' +
    'version, its new findings pending, and in the canary by the new',
    async () => {
      const { old, v2, world, next } = await rolledOut();
      const held = listening();

      const second = await onChange(at(next, later(5)), held.logger)(
        labEvent(world.second));

      expect(second).toMatchObject({ decision: 'evaluate', findings: 0,
        pending: 1, actions: [] });
      expect(await hasLab(world.second)).toBe(true);
      expect(held.line('decision: evaluate')).toMatchObject({
        intentVersion: old.version, pending: 1 });
      expect(held.line('pending findings')).toMatchObject({
        account: world.second.account, pendingVersion: v2.version, count: 1,
        byKind: { 'unapproved-rule': 1 },
        findings: [{ kind: 'unapproved-rule',
          groupId: world.second.group }] });

      const canary = world.canary;
      await allowIngress(canary.ec2, canary.group, LAB);
      const reached = listening();
      const first = await onChange(at(next, later(5)), reached.logger)(
        labEvent(canary));

      expect(first).toMatchObject({ findings: 1, pending: 0, actions: [
        { kind: 'revoke-rules', groupId: canary.group, status: 'done' }] });
      expect(reached.line('decision: evaluate')).toMatchObject({
        intentVersion: v2.version });
      expect(reached.line('pending findings')).toBeUndefined();
      expect(await hasLab(canary)).toBe(false);
    });
});

describe('a rollout that is held', () => {
  it('only alerts where it reached while paused, and advances no wave',
    async () => {
      const { old, table, world, next } = await rolledOut();
      expect((await cli(['rollout', 'pause', ...aws(table)])).code).toBe(0);
      const canary = world.canary;
      await allowIngress(canary.ec2, canary.group, LAB);

      const swept = await sweep(next, canary.account, later(5));
      expect(swept.actions).toEqual([]);
      expect(swept.evaluation.findings.map((f) => [f.kind, f.action]))
        .toEqual([['unapproved-rule', 'alert']]);
      expect(await hasLab(canary)).toBe(true);
      const event = await onChange(at(next, later(6)),
        listening().logger)(labEvent(canary));
      expect(event).toMatchObject({ findings: 1, actions: [] });
      expect(await hasLab(canary)).toBe(true);

      expect(await next.rollout.state(later(300)))
        .toMatchObject({ status: 'paused', wave: 0 });
      const second = await sweep(next, world.second.account, later(300));
      expect(second.intentVersion).toBe(old.version);
      expect(await hasLab(world.second)).toBe(true);
    });

  it('only alerts where it reached once halted', async () => {
    const { canary } = await accounts();
    const [old, v2] = [await v1(), await narrowed(
      { canary: canary.account })];
    const table = await freshTable(dynamoClient());
    await sweep(runtimeOf(old, table), canary.account, T0);
    const next = runtimeOf(v2, table);
    // AWS refuses the revoke (a permission boundary, say): the emulator
    // never refuses, so the refusal is injected.
    failFirst(await next.ec2For(canary.account, TEST_REGION),
      'RevokeSecurityGroupIngress', EC2_UNAUTHORIZED, 10);
    expect((await sweep(next, canary.account, T0)).actions
      .map((a) => a.status)).toEqual(['failed']);

    const again = await sweep(next, canary.account, later(5));

    expect(again.intentVersion).toBe(v2.version);
    expect(again.actions).toEqual([]);
    expect(again.alerts.map((a) => a.finding.kind))
      .toEqual(['unapproved-rule']);
    expect(await hasLab(canary)).toBe(true);
    expect(await next.rollout.state(later(300)))
      .toMatchObject({ status: 'halted', wave: 0 });
  });
});

describe('a sweep under a rollout', () => {
  it('logs and stores the findings pending where it has not reached',
    async () => {
      const { v2, world, next } = await rolledOut();
      const account = world.second.account;
      const sweepId = `2026-12-01T10:30:00.000Z#${crypto.randomUUID()}`;
      await next.stores.sweeps.start({ id: sweepId,
        startedAt: later(30).toISOString(), accounts: [account],
        regions: [TEST_REGION], expected: 1, intentVersion: v2.version,
        dryRun: false });
      const { logger, line } = listening();
      const deps = workerDeps(next, logger);
      const body = sweepMessageBody({ sweepId, account, region: TEST_REGION });

      const ok = await sweepRecord({ messageId: 'm-1', body },
        { ...deps, change: { ...deps.change, now: () => later(30) } });

      expect(ok).toBe(true);
      expect(line('sweep region')).toMatchObject({ pending: 1 });
      expect(line('pending findings')).toMatchObject({ account,
        pendingVersion: v2.version, count: 1 });
      const [result] = await next.stores.sweeps.results(sweepId);
      expect(result?.pending).toEqual({ intentVersion: v2.version,
        findings: 1, byKind: { 'unapproved-rule': 1 } });
      expect(await hasLab(world.second)).toBe(true);
    });
});
