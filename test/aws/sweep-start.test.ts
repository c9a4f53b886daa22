import {
  CreateAccountCommand,
  CreateOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  listAccounts,
  QueueSendError,
  sendMessages,
} from '../../shared/aws/index.ts';
import { DEFAULT_ACCOUNT, testClients } from './emulator/aws.ts';
import { failBatchEntries } from './emulator/faults.ts';
import { drain, notifyClients, queue } from './notify-fixtures.ts';

describe('listAccounts', () => {
  const created: string[] = [];

  beforeAll(async () => {
    const { organizations } = testClients();
    await organizations.send(new CreateOrganizationCommand({
      FeatureSet: 'ALL' }));
    for (let i = 0; i < 24; i += 1) {
      const out = await organizations.send(new CreateAccountCommand({
        AccountName: `a${i}`, Email: `a${i}@example.com` }));
      created.push(out.CreateAccountStatus?.AccountId ?? '');
    }
  });

  it('reads every page of the organization\'s accounts', async () => {
    const clients = testClients();

    const { active, skipped } = await listAccounts(clients.organizations);

    expect(active).toEqual([DEFAULT_ACCOUNT, ...created].sort());
    expect(skipped).toEqual([]);
    expect(clients.counter.calls.ListAccounts).toBe(2);
  });
});

describe('sendMessages', () => {
  it('sends every body in batches of ten', async () => {
    const clients = testClients();
    const { sqs } = notifyClients({ counter: clients.counter });
    const target = await queue(sqs, 'batches');
    const bodies = Array.from({ length: 23 }, (_, i) => `{"n":${i}}`);

    expect(await sendMessages(sqs, target.url, bodies)).toBe(23);

    expect(clients.counter.calls.SendMessageBatch).toBe(3);
    const got = await drain(sqs, target.url, 23);
    expect(got.map((m) => m.Body).sort()).toEqual([...bodies].sort());
  });

  it('sends again the entries SQS failed through no fault of ours',
    async () => {
      const clients = testClients();
      const { sqs } = notifyClients({ counter: clients.counter });
      const target = await queue(sqs, 'retrying');
      failBatchEntries(sqs, (body) => body === '{"n":2}',
        { code: 'InternalError', senderFault: false });
      const bodies = ['{"n":1}', '{"n":2}', '{"n":3}'];

      expect(await sendMessages(sqs, target.url, bodies)).toBe(3);

      expect(clients.counter.calls.SendMessageBatch).toBe(2);
      const got = await drain(sqs, target.url, 3);
      expect(got.map((m) => m.Body).sort()).toEqual(bodies);
    });

  it('throws the entries SQS refused, after sending the others',
    async () => {
      const { sqs } = notifyClients();
      const target = await queue(sqs, 'refusing');
      failBatchEntries(sqs, (body) => body === '{"n":2}',
        { code: 'InvalidMessageContents', senderFault: true }, 5);
      const bodies = ['{"n":1}', '{"n":2}', '{"n":3}'];

      const sent = sendMessages(sqs, target.url, bodies);

      await expect(sent).rejects.toBeInstanceOf(QueueSendError);
      await expect(sent).rejects.toMatchObject({ failed: [
        { body: '{"n":2}', code: 'InvalidMessageContents' }] });
      const got = await drain(sqs, target.url, 2);
      expect(got.map((m) => m.Body).sort()).toEqual(['{"n":1}', '{"n":3}']);
    });
});
