import type { Message } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { workerDeps } from '../../functions/sweep-worker.ts';
import { sweepMessageBody } from '../../shared/pipeline/sweep-message.ts';
import { sweepBatch } from '../../shared/pipeline/sweep-worker.ts';
import { TEST_REGION, rulesOfGroup } from './emulator/aws.ts';
import { refuseAssumeRole } from './emulator/faults.ts';
import { drain, notifyClients } from './notify-fixtures.ts';
import {
  bodyOf,
  deploySweep,
  drift,
  memberClients,
  organization,
  sqsEvent,
  type SweepDeployment,
} from './sweep-fixtures.ts';

const REFUSED = '999999999999';

/** A logger that keeps what it is told. */
function recorder() {
  const lines: { level: string; message: string; extra: object }[] = [];
  const keep = (level: string) =>
    (message: string, ...extra: Record<string, unknown>[]) => {
      lines.push({ level, message, extra: Object.assign({}, ...extra) });
    };
  return { lines, info: keep('info'), warn: keep('warn'),
    error: keep('error') };
}

/** A queue message with a body, delivered `receives` times. */
function message(body: string, receives = 1): Message {
  return { MessageId: crypto.randomUUID(), Body: body,
    Attributes: { ApproximateReceiveCount: String(receives) } };
}

let live: SweepDeployment;
let members: string[] = [];
let sweepId = '';
let queued: Message[] = [];
const worlds = new Map<string, Awaited<ReturnType<typeof drift>>>();

beforeAll(async () => {
  ({ accounts: members } = await organization(2));
  live = await deploySweep({
    DRIFTGUARD_ACCOUNTS: [...members, REFUSED].join(','),
    DRIFTGUARD_REGIONS: TEST_REGION,
  });
  refuseAssumeRole(live.runtime.sts, [REFUSED]);
  for (const account of members) {
    worlds.set(account, await drift(memberClients(account, TEST_REGION)));
  }
  ({ sweepId } = await live.sweep());
  queued = await drain(notifyClients().sqs, live.sweepQueue, 10);
});

describe('the sweep worker', () => {
  const of = (account: string) =>
    queued.find((m) => bodyOf(m).account === account)!;

  it('sweeps the configured accounts without asking Organizations', () => {
    expect(queued.map((m) => bodyOf(m).account).sort())
      .toEqual([...members, REFUSED].sort());
    expect(live.runtime.counter.calls.ListAccounts).toBeUndefined();
  });

  it('names only the malformed message and the unreachable account',
    async () => {
      const malformed = message('{"version": 1, "sweepId": "x"');
      const batch = [of(members[0]!), malformed, of(REFUSED),
        of(members[1]!)];
      const logger = recorder();

      const answer = await sweepBatch(sqsEvent(batch).Records,
        workerDeps(live.runtime, logger));

      expect(answer.batchItemFailures).toEqual([
        { itemIdentifier: malformed.MessageId },
        { itemIdentifier: of(REFUSED).MessageId }]);
      expect(logger.lines).toContainEqual({ level: 'error',
        message: 'malformed sweep message', extra: {
          messageId: malformed.MessageId, problem: 'the body is not JSON' } });
      const refused = logger.lines.find((l) =>
        l.message === 'sweep of an account-region failed');
      expect(refused?.extra).toMatchObject({ account: REFUSED,
        last: false, error: expect.stringMatching(/AccessDenied/) });
      for (const account of members) {
        const world = worlds.get(account)!;
        const { ec2 } = memberClients(account, TEST_REGION);
        expect((await rulesOfGroup(ec2, world.broker))
          .map((r) => r.SecurityGroupRuleId)).not.toContain(world.ssh);
      }
      const sweep = await live.runtime.stores.sweeps.get(sweepId);
      expect(sweep).toMatchObject({ done: 2, expected: 3 });
      expect(sweep?.digest).toBeUndefined();
    });

  it('names each field a message gets wrong', async () => {
    const logger = recorder();
    const bad = message(JSON.stringify({ version: 1, sweepId,
      account: '12', region: TEST_REGION, extra: true }));

    const answer = await sweepBatch(sqsEvent([bad]).Records,
      workerDeps(live.runtime, logger));

    expect(answer.batchItemFailures).toEqual([
      { itemIdentifier: bad.MessageId }]);
    const problem = String((logger.lines[0]?.extra as { problem: string })
      .problem);
    expect(problem).toMatch(/account: expected a 12-digit account id/);
    expect(problem).toMatch(/extra/);
  });

  it('records the unreachable account on the last delivery, and completes',
    async () => {
      const last = message(of(REFUSED).Body!, 3);

      const answer = await live.work(sqsEvent([last]));

      expect(answer.batchItemFailures).toEqual([
        { itemIdentifier: last.MessageId }]);
      const sweep = await live.runtime.stores.sweeps.get(sweepId);
      expect(sweep).toMatchObject({ done: 3, expected: 3, digest: 'sent' });
      expect(sweep!.summary!.unreachable).toEqual([{ account: REFUSED,
        region: TEST_REGION, error: expect.stringMatching(
          /^AssumeRole failed \(account 999999999999\): AccessDenied/) }]);
      const digests = (await drain(notifyClients().sqs, live.inbox, 20))
        .map(bodyOf).filter((b) => b.sweepId === sweepId);
      expect(digests).toHaveLength(1);
      expect(digests[0]).toMatchObject({ total: 6,
        scanned: members.map((account) => ({ account, region: TEST_REGION }))
          .sort((a, b) => a.account.localeCompare(b.account)) });
    });

  it('counts a region delivered again once, and posts no second digest',
    async () => {
      const again = message(of(members[0]!).Body!, 2);

      const answer = await live.work(sqsEvent([again]));

      expect(answer.batchItemFailures).toEqual([]);
      const sweep = await live.runtime.stores.sweeps.get(sweepId);
      expect(sweep).toMatchObject({ done: 3, expected: 3, digest: 'sent' });
      const digests = (await drain(notifyClients().sqs, live.inbox, 20))
        .map(bodyOf).filter((b) => b.sweepId === sweepId);
      expect(digests).toEqual([]);
    });

  it('keeps the result of a sweep it does not know, without failing',
    async () => {
      const logger = recorder();
      const stray = message(sweepMessageBody({ sweepId: 'no-such-sweep',
        account: members[0]!, region: TEST_REGION }));

      const answer = await sweepBatch(sqsEvent([stray]).Records,
        workerDeps(live.runtime, logger));

      expect(answer.batchItemFailures).toEqual([]);
      expect(logger.lines.map((l) => l.message)).toContain(
        'result of an unknown sweep kept, not counted');
      const [result] = await live.runtime.stores.sweeps
        .results('no-such-sweep');
      expect(result).toMatchObject({ account: members[0],
        status: 'swept' });
    });
});
