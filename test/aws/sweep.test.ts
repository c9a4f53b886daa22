import type { Message } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, rulesOfGroup } from './emulator/aws.ts';
import { drain, notifyClients } from './notify-fixtures.ts';
import {
  bodyOf,
  deploySweep,
  drift,
  memberClients,
  organization,
  REGIONS,
  sqsEvent,
  type SweepDeployment,
} from './sweep-fixtures.ts';

let live: SweepDeployment;
let org: Awaited<ReturnType<typeof organization>>;
const worlds = new Map<string, Awaited<ReturnType<typeof drift>>>();
let started: Awaited<ReturnType<SweepDeployment['sweep']>>;
let queued: Message[] = [];
let failures: { itemIdentifier: string }[] = [];

beforeAll(async () => {
  live = await deploySweep();
  org = await organization(3);
  for (const account of org.accounts) {
    for (const region of REGIONS) {
      worlds.set(`${account}/${region}`,
        await drift(memberClients(account, region)));
    }
  }
  started = await live.sweep();
  queued = await drain(notifyClients().sqs, live.sweepQueue, 100);
  // Lambda hands the worker batches of the queue's messages.
  for (const batch of [queued.slice(0, 5), queued.slice(5)]) {
    failures.push(...(await live.work(sqsEvent(batch))).batchItemFailures);
  }
});

describe('a scheduled sweep of an organization', () => {
  const active = () => [DEFAULT_ACCOUNT, ...org.accounts].sort();

  it('sends one message per active account and region', () => {
    const bodies = queued.map(bodyOf);
    expect(bodies).toHaveLength(active().length * REGIONS.length);
    const places = bodies.map((b) => `${b.account}/${b.region}`).sort();
    expect(places).toEqual(active().flatMap((a) =>
      REGIONS.map((r) => `${a}/${r}`)).sort());
    expect(new Set(bodies.map((b) => b.sweepId))).toEqual(
      new Set([started.sweepId]));
  });

  it('skips the closed account', () => {
    expect(started.skipped).toContainEqual(expect.objectContaining({
      id: org.closed, state: 'SUSPENDED' }));
    expect(queued.map(bodyOf).map((b) => b.account))
      .not.toContain(org.closed);
  });

  it('sweeps every account-region without a failure', () => {
    expect(failures).toEqual([]);
  });

  it('rolls back the drift in each member account and region', async () => {
    for (const account of org.accounts) {
      for (const region of REGIONS) {
        const world = worlds.get(`${account}/${region}`)!;
        const { ec2 } = memberClients(account, region);
        const ids = (await rulesOfGroup(ec2, world.broker))
          .map((r) => r.SecurityGroupRuleId);
        expect(ids, `${account} ${region}`).not.toContain(world.ssh);
        expect(ids, `${account} ${region}`).toContain(world.kafka);
        const [entry] = await live.runtime.stores.audit.history(account,
          world.broker);
        expect(entry).toMatchObject({ account, region,
          action: 'revoke-rules', status: 'done',
          reason: { trigger: 'sweep', eventId: started.sweepId } });
      }
    }
  });

  it('stores a summary counted by kind, profile, account and region',
    async () => {
      const sweep = await live.runtime.stores.sweeps.get(started.sweepId);
      const regions = org.accounts.length * REGIONS.length;
      expect(sweep).toMatchObject({ done: 8, expected: 8, digest: 'sent' });
      expect(sweep!.summary!.counts).toMatchObject({
        byKind: { 'denied-rule': regions, 'unbound-group': regions,
          'attachment-missing-profile': regions },
        byAccount: Object.fromEntries(org.accounts.map((a) => [a, 6])),
        byRegion: Object.fromEntries(REGIONS.map((r) => [r, 9])),
      });
      expect(sweep!.summary!.counts.byProfile.prod).toBe(2 * regions);
      // Each unbound debug group sits on an interface tagged env=prod: it
      // lacks the prod profile as much as its interface does.
      expect(sweep!.summary!.lacking).toEqual([{ profile: 'prod',
        count: 2 * regions, resources: [...worlds.values()]
          .flatMap((w) => [w.eni, w.debug]).sort() }]);
      expect(sweep!.summary!.writes).toEqual({ done: regions });
      expect(sweep!.summary!.scanned).toHaveLength(8);
    });

  it('posts the digest once, and one message per group it changed',
    async () => {
      const inbox = (await drain(notifyClients().sqs, live.inbox, 100))
        .map(bodyOf);
      const digests = inbox.filter((b) => b.sweepId === started.sweepId);
      expect(digests).toHaveLength(1);
      expect(digests[0]).toMatchObject({ total: 18, severity: 'critical' });
      const changed = inbox.filter((b) => b.trigger === 'sweep');
      expect(changed).toHaveLength(6);
      expect(changed.every((n) => n.performed === true)).toBe(true);
      expect(changed.map((n) => (n.group as { id: string }).id).sort())
        .toEqual([...worlds.values()].map((w) => w.broker).sort());
    });
});
