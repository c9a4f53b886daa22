import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoWriteBudget } from '../../shared/store/budget.ts';
import { DEFAULT_ACCOUNT } from './emulator/aws.ts';
import {
  dynamoClient,
  freshTable,
  oneItemWriteAtATime,
} from './store-fixtures.ts';

const NOON = new Date('2026-03-01T12:00:00Z');

describe('DynamoWriteBudget', () => {
  const client = dynamoClient();
  let budget: DynamoWriteBudget;
  let tableName = '';

  beforeAll(async () => {
    tableName = await freshTable(client);
    budget = new DynamoWriteBudget({ client, tableName });
  });

  it('counts writes until the limit and refuses past it, saying so',
    async () => {
      const account = '111111111111';

      expect(await budget.tryConsume(account, 3, 5, NOON))
        .toEqual({ allowed: true, used: 3, limit: 5 });
      expect(await budget.tryConsume(account, 2, 5, NOON))
        .toEqual({ allowed: true, used: 5, limit: 5 });
      expect(await budget.tryConsume(account, 1, 5, NOON))
        .toEqual({ allowed: false, used: 5, limit: 5 });
    });

  it('refuses a batch that would overrun, counting none of it', async () => {
    const account = '222222222222';
    await budget.tryConsume(account, 4, 5, NOON);

    expect(await budget.tryConsume(account, 2, 5, NOON))
      .toEqual({ allowed: false, used: 4, limit: 5 });
    expect(await budget.tryConsume(account, 1, 5, NOON))
      .toEqual({ allowed: true, used: 5, limit: 5 });
  });

  it('refuses a batch larger than the limit itself', async () => {
    expect(await budget.tryConsume('333333333333', 6, 5, NOON))
      .toEqual({ allowed: false, used: 0, limit: 5 });
  });

  it('starts a new count every hour and keeps accounts apart', async () => {
    const account = '444444444444';
    await budget.tryConsume(account, 2, 2, NOON);
    const later = new Date('2026-03-01T13:00:00Z');

    expect((await budget.tryConsume(account, 1, 2, NOON)).allowed).toBe(false);
    expect((await budget.tryConsume(account, 1, 2, later)).allowed).toBe(true);
    expect((await budget.tryConsume(DEFAULT_ACCOUNT, 1, 2, NOON)).allowed)
      .toBe(true);
  });

  it('allows exactly the limit among 20 parallel consumers', async () => {
    const serial = dynamoClient();
    oneItemWriteAtATime(serial);
    const shared = new DynamoWriteBudget({ client: serial, tableName });

    const decisions = await Promise.all(Array.from({ length: 20 }, () =>
      shared.tryConsume('555555555555', 1, 7, NOON)));

    const allowed = decisions.filter((d) => d.allowed);
    expect(allowed).toHaveLength(7);
    expect(allowed.map((d) => d.used).sort((a, b) => a - b))
      .toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.used === 7))
      .toBe(true);
  });

  it('rejects counts that are not positive integers', async () => {
    await expect(budget.tryConsume(DEFAULT_ACCOUNT, 0, 5, NOON)).rejects
      .toBeInstanceOf(RangeError);
    await expect(budget.tryConsume(DEFAULT_ACCOUNT, 1, -1, NOON)).rejects
      .toBeInstanceOf(RangeError);
  });
});
