import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type PutEventsCommandOutput,
} from '@aws-sdk/client-eventbridge';
import type { SdkClient } from '../../shared/aws/clients.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNotification } from '../../shared/notify/build.ts';
import {
  DETAIL_TYPES,
  EventBridgeChannel,
} from '../../shared/notify/eventbridge.ts';
import { decision } from '../unit/notify/fixtures.ts';
import { drain, notifyClients, queue } from './notify-fixtures.ts';

/**
 * Marks the first entry of each PutEvents answer failed with
 * `InternalFailure`, as EventBridge does for an entry it could not take
 * while the call itself succeeds. The emulator fails entries only when
 * they are malformed; the request still reaches it and is applied.
 */
function failOneEntry(client: SdkClient): void {
  client.middlewareStack.add((next) => async (args) => {
    const result = await next(args) as { output: PutEventsCommandOutput };
    const [first, ...rest] = result.output.Entries ?? [];
    if (first === undefined) return result;
    const failed = { ErrorCode: 'InternalFailure', ErrorMessage: 'retry' };
    result.output.Entries = [failed, ...rest];
    result.output.FailedEntryCount = 1;
    return result;
  }, { step: 'initialize', name: 'testFailOneEntry' });
}

interface Event {
  source: string;
  'detail-type': string;
  resources: string[];
  detail: { id: string };
}

describe('EventBridgeChannel', () => {
  const { events, sqs } = notifyClients();
  const bus = 'driftguard-alerts';
  let target = { url: '', arn: '' };
  let channel: EventBridgeChannel;

  beforeAll(async () => {
    await events.send(new CreateEventBusCommand({ Name: bus }));
    target = await queue(sqs, 'events');
    await events.send(new PutRuleCommand({
      Name: 'driftguard-to-sqs', EventBusName: bus,
      EventPattern: JSON.stringify({ source: ['driftguard'] }),
    }));
    await events.send(new PutTargetsCommand({
      Rule: 'driftguard-to-sqs', EventBusName: bus,
      Targets: [{ Id: 'queue', Arn: target.arn }],
    }));
    channel = new EventBridgeChannel({ client: events, busName: bus });
  });

  async function received(count: number): Promise<Event[]> {
    const messages = await drain(sqs, target.url, count);
    return messages.map((m) => JSON.parse(m.Body ?? '{}') as Event);
  }

  it('puts drift and remediation events from source driftguard', async () => {
    const notification = buildNotification(decision());
    await channel.send(notification);

    const got = await received(2);

    expect(got.map((e) => e['detail-type']).sort()).toEqual([
      DETAIL_TYPES.remediation, DETAIL_TYPES.drift,
    ].sort());
    for (const event of got) {
      expect(event.source).toBe('driftguard');
      expect(event.detail).toEqual(notification);
      expect(event.resources).toEqual([
        'arn:aws:ec2:eu-west-1:123456789012:security-group/' +
        'sg-0123456789abcdef0']);
    }
  });

  it('puts only a drift event for a dry run', async () => {
    await channel.send(buildNotification(decision({
      dryRun: true, entries: [], planned: ['revoke sgr-0aaa'],
    })));

    expect((await received(1)).map((e) => e['detail-type']))
      .toEqual([DETAIL_TYPES.drift]);
  });

  it('puts a budget event when a budget tripped', async () => {
    await channel.send(buildNotification(decision({
      entries: [], budget: { scope: 'account-hour', used: 5, limit: 5 },
    })));

    expect((await received(2)).map((e) => e['detail-type']).sort())
      .toEqual([DETAIL_TYPES.budget, DETAIL_TYPES.drift].sort());
  });

  it('fails when the bus does not exist', async () => {
    const missing = new EventBridgeChannel({ client: events,
      busName: 'no-such-bus' });

    await expect(missing.send(buildNotification(decision()))).rejects
      .toThrow(/no-such-bus/);
  });

  it('fails when an entry is refused, though PutEvents answers 200',
    async () => {
      const flaky = notifyClients().events;
      failOneEntry(flaky);
      const refusing = new EventBridgeChannel({ client: flaky, busName: bus });

      await expect(refusing.send(buildNotification(decision()))).rejects
        .toThrow('PutEvents refused 1 of 2 entries: InternalFailure');
    });
});
