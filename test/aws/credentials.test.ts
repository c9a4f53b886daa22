import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import type { SdkClient } from '../../shared/aws/clients.ts';
import {
  REFRESH_MARGIN_MS,
  memberCredentials,
  memberRoleArn,
  roleCredentials,
} from '../../shared/aws/credentials.ts';
import { readRegion } from '../../shared/aws/read.ts';
import {
  DEFAULT_ACCOUNT,
  createGroup,
  createVpc,
  testClients,
} from './emulator/aws.ts';

const MEMBER = '111111111111';

describe('memberCredentials', () => {
  it('names the member role by account and role name', () => {
    expect(memberRoleArn(MEMBER))
      .toBe('arn:aws:iam::111111111111:role/driftguard-member');
    expect(memberRoleArn(MEMBER, 'audit'))
      .toBe('arn:aws:iam::111111111111:role/audit');
  });

  it('assumes the member role through STS', async () => {
    const { sts } = testClients();
    const broker = memberCredentials({ sts, externalId: 'driftguard-test' });

    const member = testClients({ credentials: broker.forAccount(MEMBER) });
    const identity = await member.sts.send(new GetCallerIdentityCommand({}));

    expect(identity.Account).toBe(MEMBER);
    expect(identity.Arn).toBe(
      `arn:aws:sts::${MEMBER}:assumed-role/driftguard-member/driftguard`);
  });

  // moto accepts any ExternalId and any session name, so what was sent
  // is read off the request as it leaves the client.
  it('sends the external id and the session name driftguard on '
    + 'AssumeRole', async () => {
    const { sts } = testClients();
    const sent = assumeRoleRequests(sts);
    const broker = memberCredentials({ sts, externalId: 'driftguard-test',
      roleName: 'audit' });

    await broker.assume(MEMBER);

    expect(sent).toEqual([{
      RoleArn: 'arn:aws:iam::111111111111:role/audit',
      RoleSessionName: 'driftguard',
      ExternalId: 'driftguard-test',
    }]);
  });

  it('sends no external id when none is set', async () => {
    const { sts } = testClients();
    const sent = assumeRoleRequests(sts);

    await memberCredentials({ sts }).assume(MEMBER);
    await roleCredentials({ sts,
      roleArn: 'arn:aws:iam::222222222222:role/ops' })();

    expect(sent).toEqual([
      { RoleArn: memberRoleArn(MEMBER), RoleSessionName: 'driftguard' },
      { RoleArn: 'arn:aws:iam::222222222222:role/ops',
        RoleSessionName: 'driftguard' },
    ]);
  });

  it('reuses the credentials of an account instead of calling STS again',
    async () => {
      const { sts, counter } = testClients();
      const broker = memberCredentials({ sts });

      const first = await broker.assume(MEMBER);
      const second = await broker.assume(MEMBER);
      const [third, fourth] = await Promise.all([
        broker.assume('222222222222'), broker.assume('222222222222'),
      ]);

      expect(second).toBe(first);
      expect(fourth).toBe(third);
      expect(counter.calls).toEqual({ AssumeRole: 2 });
    });

  it('caches each role of an account apart', async () => {
    const { sts, counter } = testClients();
    const broker = memberCredentials({ sts });
    await broker.assume(MEMBER);
    await broker.assume(MEMBER, 'audit');
    await broker.assume(MEMBER, 'audit');
    expect(counter.calls).toEqual({ AssumeRole: 2 });
  });

  it('assumes the role again five minutes before the credentials expire',
    async () => {
      const { sts, counter } = testClients();
      let now = Date.now();
      const broker = memberCredentials({ sts, now: () => now });

      const first = await broker.assume(MEMBER);
      const expires = first.expiration?.getTime() ?? Number.NaN;
      now = expires - REFRESH_MARGIN_MS - 1_000;
      await broker.assume(MEMBER);
      expect(counter.calls).toEqual({ AssumeRole: 1 });

      now = expires - REFRESH_MARGIN_MS + 1_000;
      const renewed = await broker.assume(MEMBER);
      expect(renewed).not.toBe(first);
      expect(counter.calls).toEqual({ AssumeRole: 2 });
    });

  it('assumes nothing for its own account', async () => {
    const { sts, counter } = testClients();
    const broker = memberCredentials({ sts, ownAccount: DEFAULT_ACCOUNT });
    expect(broker.forAccount(DEFAULT_ACCOUNT)).toBeUndefined();
    expect(counter.calls).toEqual({});
  });

  it('rejects an account id that is not 12 digits', () => {
    const { sts } = testClients();
    const broker = memberCredentials({ sts });
    expect(() => broker.forAccount('1111')).toThrow(/12 digits.*'1111'/);
  });

  it('keeps what one account creates out of sight of another', async () => {
    const own = testClients();
    const broker = memberCredentials({ sts: own.sts });
    const member = testClients({ credentials: broker.forAccount(MEMBER) });

    const vpcId = await createVpc(member.ec2);
    const groupId = await createGroup(member.ec2, { vpcId, name: 'vendor' });

    const seenByMember = await readRegion(member);
    const seenByOwn = await readRegion(own);
    const ids = (snapshot: typeof seenByOwn) =>
      snapshot.SecurityGroups.map((group) => group.GroupId);

    expect(seenByMember.Account).toBe(MEMBER);
    expect(ids(seenByMember)).toContain(groupId);
    expect(seenByOwn.Account).toBe(DEFAULT_ACCOUNT);
    expect(ids(seenByOwn)).not.toContain(groupId);
  });
});

/**
 * The parameters of each AssumeRole request `client` sends, read from
 * the serialized request (the query protocol's form body), so what is
 * listed is what went over the wire, less the Action and Version.
 */
function assumeRoleRequests(client: SdkClient): Record<string, string>[] {
  const sent: Record<string, string>[] = [];
  client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === 'AssumeRoleCommand') {
      const { body } = (args as { request: { body: string } }).request;
      const { Action: _action, Version: _version, ...params } =
        Object.fromEntries(new URLSearchParams(body));
      sent.push(params);
    }
    return next(args);
  }, { step: 'finalizeRequest', name: 'testAssumeRoleRequests' });
  return sent;
}
