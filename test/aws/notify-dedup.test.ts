import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNotification } from '../../shared/notify/build.ts';
import type { Channel, Delivery } from '../../shared/notify/channel.ts';
import { Dispatcher } from '../../shared/notify/dispatcher.ts';
import type { Notification } from '../../shared/notify/model.ts';
import { SnsChannel } from '../../shared/notify/sns.ts';
import { DynamoAlertDedup } from '../../shared/store/dedup.ts';
import { decision, entry, finding } from '../unit/notify/fixtures.ts';
import { drain, notifyClients, queue } from './notify-fixtures.ts';
import { dynamoClient, freshTable, manualClock } from './store-fixtures.ts';

const WINDOW = 30 * 60_000;

/** A channel that keeps state, as Security Hub does: it wants repeats. */
class Ledger implements Channel {
  readonly name = 'ledger';
  readonly repeats = true;
  readonly seen: Notification[] = [];

  async send(notification: Notification): Promise<Delivery> {
    this.seen.push(notification);
    return { status: 'delivered', attempts: 1 };
  }
}

describe('Dispatcher de-duplication', () => {
  const { sns, sqs } = notifyClients();
  const client = dynamoClient();
  const clock = manualClock();
  const ledger = new Ledger();
  let inbox = { url: '', arn: '' };
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    const topic = await sns.send(new CreateTopicCommand({ Name: 'dedup' }));
    inbox = await queue(sqs, 'dedup');
    await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn,
      Protocol: 'sqs', Endpoint: inbox.arn,
      Attributes: { RawMessageDelivery: 'true' } }));
    const store = new DynamoAlertDedup({ client,
      tableName: await freshTable(client) });
    dispatcher = new Dispatcher({
      channels: [new SnsChannel({ client: sns,
        topicArn: topic.TopicArn ?? '' }), ledger],
      dedup: { store, windowMs: WINDOW },
      clock: clock.now,
    });
  });

  /** An alert-only decision: nothing written. */
  function alert(findings = [finding({ action: 'alert' })]): Notification {
    return buildNotification(decision({ findings, entries: [],
      at: clock.now() }));
  }

  async function delivered(): Promise<number> {
    return (await drain(sqs, inbox.url, 1)).length;
  }

  it('alerts a finding once within the window', async () => {
    const first = await dispatcher.dispatch(alert());
    clock.advance(WINDOW - 1_000);
    const second = await dispatcher.dispatch(alert());

    expect(first.repeat).toBe(false);
    expect(await delivered()).toBe(1);
    expect(second.repeat).toBe(true);
    expect(second.channels[0]).toMatchObject({ channel: 'sns',
      status: 'suppressed' });
    expect(await delivered()).toBe(0);
  });

  it('still gives a repeat to a channel that keeps state', () => {
    expect(ledger.seen).toHaveLength(2);
  });

  it('alerts the finding again once the window has passed', async () => {
    clock.advance(1_000);

    expect((await dispatcher.dispatch(alert())).repeat).toBe(false);
    expect(await delivered()).toBe(1);
  });

  it('alerts only the new finding when it joins one already alerted',
    async () => {
      const both = [finding({ action: 'alert' }),
        finding({ action: 'alert', ruleId: 'sgr-new' })];

      const report = await dispatcher.dispatch(alert(both));

      expect(report).toMatchObject({ repeat: false, repeats: 1 });
      const [message] = await drain(sqs, inbox.url, 1);
      const told = JSON.parse(message?.Body ?? '{}') as Notification;
      expect(told.findings.map((f) => f.ruleId)).toEqual(['sgr-new']);
      expect(told.repeated).toBe(1);
      expect(ledger.seen.at(-1)?.findings).toHaveLength(2);
    });

  it('always tells of a write driftguard made, marking the repeats',
    async () => {
      const rollback = buildNotification(decision({
        findings: [finding({ ruleId: 'sgr-rolled' })], entries: [entry()],
        at: clock.now() }));
      await dispatcher.dispatch(rollback);

      const again = await dispatcher.dispatch(rollback);

      expect(again.repeat).toBe(false);
      const bodies = (await drain(sqs, inbox.url, 2)).map((m) =>
        JSON.parse(m.Body ?? '{}') as Notification);
      expect(bodies.map((b) => b.findings[0]?.repeat))
        .toEqual([undefined, true]);
    });
});
