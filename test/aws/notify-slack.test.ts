import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { createCallCounter } from '../../shared/aws/clients.ts';
import { buildNotification } from '../../shared/notify/build.ts';
import { DeliveryError } from '../../shared/notify/channel.ts';
import { slackMessage } from '../../shared/notify/slack-blocks.ts';
import { webhookUrl } from '../../shared/notify/slack-webhook.ts';
import { SlackChannel } from '../../shared/notify/slack.ts';
import { decision } from '../unit/notify/fixtures.ts';
import {
  notifyClients,
  slackReceiver,
  type SlackReceiver,
} from './notify-fixtures.ts';

const PARAMETER = '/driftguard/slack-webhook';
const SECRET = 'driftguard/slack';

/** A sleep that only records how long it was asked to wait. */
function recordedSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => { waits.push(ms); } };
}

describe('SlackChannel', () => {
  const counter = createCallCounter();
  const { ssm, secrets } = notifyClients({ counter });
  const notification = buildNotification(decision());
  let receiver: SlackReceiver;

  beforeAll(async () => {
    receiver = await slackReceiver();
    await ssm.send(new PutParameterCommand({
      Name: PARAMETER, Type: 'SecureString', Value: receiver.url,
    }));
    await secrets.send(new CreateSecretCommand({
      Name: SECRET, SecretString: JSON.stringify({ url: receiver.url }),
    }));
  });

  afterAll(async () => {
    await receiver.close();
  });

  beforeEach(() => {
    receiver.answer = 'ok';
    receiver.posts.length = 0;
  });

  function channel(options: Partial<ConstructorParameters<
    typeof SlackChannel>[0]> = {}) {
    return new SlackChannel({
      url: webhookUrl({ parameter: PARAMETER, ssm }),
      retry: { sleep: recordedSleep().sleep },
      ...options,
    });
  }

  it('posts the Block Kit message of a decision to the webhook', async () => {
    expect(await channel().send(notification))
      .toEqual({ status: 'delivered', attempts: 1 });
    expect(receiver.posts).toEqual([
      JSON.parse(JSON.stringify(slackMessage(notification))),
    ]);
  });

  it('reads the URL from its SSM parameter once across several sends',
    async () => {
      const before = counter.calls.GetParameter ?? 0;
      const slack = channel();

      for (let n = 0; n < 3; n += 1) await slack.send(notification);

      expect(receiver.posts).toHaveLength(3);
      expect((counter.calls.GetParameter ?? 0) - before).toBe(1);
    });

  it('reads the URL from a Secrets Manager secret once', async () => {
    const before = counter.calls.GetSecretValue ?? 0;
    const slack = channel({ url: webhookUrl({ secret: SECRET, secrets }) });

    await slack.send(notification);
    await slack.send(notification);

    expect(receiver.posts).toHaveLength(2);
    expect((counter.calls.GetSecretValue ?? 0) - before).toBe(1);
  });

  it('retries a server error with growing waits, then gives up', async () => {
    receiver.answer = 500;
    const clock = recordedSleep();
    const slack = channel({ retry: { attempts: 3, baseDelayMs: 100,
      sleep: clock.sleep } });

    const error = await slack.send(notification).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ channel: 'slack', attempts: 3,
      message: 'Slack answered 500: internal_error' });
    expect(receiver.posts).toHaveLength(3);
    expect(clock.waits).toEqual([100, 200]);
  });

  it('does not retry what Slack refuses for good', async () => {
    receiver.answer = 404;

    await expect(channel().send(notification)).rejects
      .toMatchObject({ attempts: 1 });
    expect(receiver.posts).toHaveLength(1);
  });

  it('gives up on a webhook that never answers, after its tries',
    async () => {
      receiver.answer = 'hang';
      const slack = channel({ timeoutMs: 300, retry: { attempts: 2,
        sleep: recordedSleep().sleep } });

      await expect(slack.send(notification)).rejects.toMatchObject({
        attempts: 2, message: 'Slack did not answer within 300 ms',
      });
    });

  it('says it could not reach Slack, and not where it tried', async () => {
    const gone = await slackReceiver();
    await gone.close();
    const slack = channel({ url: async () => gone.url,
      retry: { attempts: 2, sleep: recordedSleep().sleep } });

    const error = await slack.send(notification).catch((e: unknown) => e);

    expect(error).toMatchObject({ attempts: 2,
      message: 'could not reach Slack (ECONNREFUSED)' });
    const said = `${(error as Error).stack} ${JSON.stringify(error)}`;
    expect(said).not.toContain(new URL(gone.url).pathname);
  });

  it('says where a bad URL came from, never what it was', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/driftguard/bad',
      Type: 'SecureString', Value: 'ftp://hooks.example/secret-token' }));
    const slack = channel({ url: webhookUrl({ parameter: '/driftguard/bad',
      ssm }) });

    const error = await slack.send(notification).catch((e: unknown) => e);

    expect(String(error)).toContain('/driftguard/bad');
    expect(String(error)).not.toContain('secret-token');
  });

  it('reads the URL again after a failed read', async () => {
    const url = webhookUrl({ parameter: '/driftguard/later', ssm });

    await expect(url()).rejects.toThrow(/ParameterNotFound/);
    await ssm.send(new PutParameterCommand({ Name: '/driftguard/later',
      Type: 'SecureString', Value: receiver.url }));
    await expect(url()).resolves.toBe(receiver.url);
  });
});
