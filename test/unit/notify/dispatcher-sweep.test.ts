import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../../shared/notify/build.ts';
import type { Channel, Delivery } from '../../../shared/notify/channel.ts';
import { Dispatcher } from '../../../shared/notify/dispatcher.ts';
import type { Notification } from '../../../shared/notify/model.ts';
import { decision, finding } from './fixtures.ts';

/** A channel that keeps state: it takes a sweep's account-region whole. */
class StateChannel implements Channel {
  readonly name = 'state';
  readonly repeats = true;
  readonly sent: Notification[] = [];

  async send(n: Notification): Promise<Delivery> {
    this.sent.push(n);
    return { status: 'delivered', attempts: 1 };
  }

  async reconcile(): Promise<Delivery> {
    return { status: 'delivered', attempts: 1 };
  }
}

describe('a sweep notification of one group', () => {
  it('is left to the sweep whole by a channel that reconciles', async () => {
    const state = new StateChannel();
    const told: Notification[] = [];
    const chat: Channel = { name: 'chat', send: async (n) => {
      told.push(n);
      return { status: 'delivered', attempts: 1 };
    } };
    const dispatcher = new Dispatcher({ channels: [state, chat] });
    const n = buildNotification(decision({ trigger: 'sweep',
      findings: [finding({ action: 'alert' })], entries: [] }));

    const report = await dispatcher.dispatch(n);

    expect(report.channels).toEqual([
      { channel: 'state', status: 'skipped', attempts: 0,
        reason: 'takes the sweep whole' },
      { channel: 'chat', status: 'delivered', attempts: 1 },
    ]);
    expect(state.sent).toEqual([]);
    expect(told).toEqual([n]);
  });

  it('still reaches that channel from the event path', async () => {
    const state = new StateChannel();
    const dispatcher = new Dispatcher({ channels: [state] });
    const n = buildNotification(decision({ trigger: 'event',
      findings: [finding({ action: 'alert' })], entries: [] }));

    const report = await dispatcher.dispatch(n);

    expect(report.channels[0]).toMatchObject({ status: 'delivered' });
    expect(state.sent).toEqual([n]);
  });
});
