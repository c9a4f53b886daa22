import { Logger } from '@aws-lambda-powertools/logger';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../functions/on-change.ts';
import {
  DEFAULT_ACCOUNT,
  allowIngress,
  createGroup,
  rulesOfGroup,
  shapeOf,
} from './emulator/aws.ts';
import {
  account,
  deploy,
  lambdaContext,
  type Deployment,
} from './on-change-fixtures.ts';
import { ingress, trail } from './trail.ts';

let live: Deployment;
let world: Awaited<ReturnType<typeof account>>;

beforeAll(async () => {
  live = await deploy({ DRIFTGUARD_BUDGET_PER_ACCOUNT_HOUR: '5000',
    DRIFTGUARD_BUDGET_PER_INVOCATION: '100' });
  world = await account();
});

describe('the on-change function, delivered as EventBridge does', () => {
  it('acts once on an event delivered three times', async () => {
    await allowIngress(world.ec2, world.broker, { IpProtocol: 'tcp',
      FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.2.0.0/16' }] });
    const event = trail('AuthorizeSecurityGroupIngress',
      ingress(world.broker, 'tcp', 8080, 8080, '10.2.0.0/16'));

    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await live.invoke(event));

    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const entries = await live.runtime.stores.audit.history(DEFAULT_ACCOUNT,
      world.broker);
    expect(entries.filter((e) => e.reason.eventId === event.detail.eventID))
      .toHaveLength(1);
  });

  it('ends fifty concurrent events on one group in the intended state',
    async () => {
      const group = await createGroup(world.ec2, { vpcId: world.vpcId,
        name: 'busy', tags: { 'driftguard:profiles': 'prod' } });
      const good = await allowIngress(world.ec2, group, { IpProtocol: 'tcp',
        FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] });
      const events = [];
      for (let i = 0; i < 50; i += 1) {
        const port = 20 + (i % 10);
        await allowIngress(world.ec2, group, { IpProtocol: 'tcp',
          FromPort: port, ToPort: port,
          IpRanges: [{ CidrIp: `203.0.113.${i}/32` }] });
        events.push(trail('AuthorizeSecurityGroupIngress',
          ingress(group, 'tcp', port, port, `203.0.113.${i}/32`)));
      }

      const results = await Promise.all(events.map((e) => live.invoke(e)));

      for (const result of results) {
        expect(result.decision).toBe('evaluate');
        for (const a of result.actions) {
          expect(['done', 'unchanged']).toContain(a.status);
        }
      }
      // The result says no more than the status; the audit log keeps what
      // each write did, and what AWS answered when part of it failed.
      const entries = await live.runtime.stores.audit.history(
        DEFAULT_ACCOUNT, group);
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry.status).toBe('done');
        expect(entry.outcome?.failed).toEqual([]);
      }
      const left = await rulesOfGroup(world.ec2, group);
      expect(left.filter((r) => !r.IsEgress).map((r) => r.SecurityGroupRuleId))
        .toEqual([good]);
      expect(left.map(shapeOf)).toContain('egress -1 -1--1 0.0.0.0/0');
    }, 180_000);

  it('writes one JSON log line per decision and per write', async () => {
    await allowIngress(world.ec2, world.broker, { IpProtocol: 'tcp',
      FromPort: 25, ToPort: 25, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
    const event = trail('AuthorizeSecurityGroupIngress',
      ingress(world.broker, 'tcp', 25, 25, '0.0.0.0/0'));
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    const logger = new Logger({ serviceName: 'driftguard-on-change' });
    try {
      await createHandler(live.runtime, logger)(event, lambdaContext());
    } finally {
      spy.mockRestore();
    }
    const logs = lines.flatMap((l) => l.split('\n')).filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(logs.map((l) => l.message)).toEqual([
      'decision: evaluate', 'action: revoke-rules',
    ]);
    for (const log of logs) {
      expect(log).toMatchObject({ level: 'INFO',
        service: 'driftguard-on-change',
        correlation_id: event.detail.eventID,
        eventId: event.detail.eventID });
    }
    expect(logs[0].findings).toEqual({ 'denied-rule': 1 });
    expect(logs[1]).toMatchObject({ status: 'done', groupId: world.broker });
  });

  it('only alerts past the write budget, and says it tripped', async () => {
    const tight = await deploy({ DRIFTGUARD_BUDGET_PER_INVOCATION: '1' });
    const group = await createGroup(world.ec2, { vpcId: world.vpcId,
      name: 'tight', tags: { 'driftguard:profiles': 'prod' } });
    for (const port of [21, 23]) {
      await allowIngress(world.ec2, group, { IpProtocol: 'tcp',
        FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '10.3.0.0/16' }] });
    }
    const before = (await rulesOfGroup(world.ec2, group)).map(shapeOf);

    const result = await tight.invoke(trail('AuthorizeSecurityGroupIngress',
      ingress(group, 'tcp', 23, 23, '10.3.0.0/16')));

    expect(result.actions).toEqual([{ kind: 'revoke-rules', groupId: group,
      status: 'skipped' }]);
    expect(result.budget).toEqual({ scope: 'invocation', limit: 1, used: 0,
      skipped: 1 });
    expect((await rulesOfGroup(world.ec2, group)).map(shapeOf))
      .toEqual(before);
  });
});
