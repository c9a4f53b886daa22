import { beforeAll, describe, expect, it } from 'vitest';
import { WriteRefusedError } from '../../shared/aws/errors.ts';
import { release } from '../../shared/aws/release.ts';
import { revokeRules } from '../../shared/aws/revoke.ts';
import type { AuditEntry } from '../../shared/store/types.ts';
import {
  journaled,
  journalWrites,
  writeOptions,
} from './emulator/audit.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowIngress,
  createGroup,
  createVpc,
  rulesOfGroup,
  testClients,
} from './emulator/aws.ts';

describe('release', () => {
  const { ec2 } = testClients();
  const target = { ec2, account: DEFAULT_ACCOUNT, region: TEST_REGION };
  const log = journaled(testClients().ec2);
  let groupId = '';
  let revoked: AuditEntry;

  beforeAll(async () => {
    const vpcId = await createVpc(ec2);
    groupId = await createGroup(ec2, { vpcId, name: 'web' });
    const ruleId = await allowIngress(ec2, groupId, {
      IpProtocol: 'tcp', FromPort: 80, ToPort: 80,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    const result = await revokeRules(target, { groupId, ruleIds: [ruleId] },
      writeOptions(log));
    revoked = (await log.get(result.entryId ?? ''))!;
  });

  it.each([
    ['a pending entry', { status: 'pending' }, /still pending/],
    ['a dry run', { dryRun: true }, /was a dry run/],
    ['an entry already released', { releasedBy: 'x#1' },
      /already released by x#1/],
    ['a release', { action: 'release' }, /itself a release/],
    ['an entry of another account', { account: '111111111111' },
      /belongs to account 111111111111/],
    ['an entry that changed nothing', { outcome: {
      status: 'failed', done: [], failed: [] } }, /changed nothing/],
  ] as const)('refuses %s, naming it, and changes nothing',
    async (_, change, message) => {
      const entry = { ...revoked, ...change } as AuditEntry;
      const before = await rulesOfGroup(ec2, groupId);
      const entries = log.begun.length;

      const releasing = release(target, entry, log);

      await expect(releasing).rejects.toThrow(WriteRefusedError);
      await expect(releasing).rejects.toThrow(message);
      await expect(releasing).rejects.toThrow(`cannot release ${entry.id}`);
      expect(log.begun).toHaveLength(entries);
      expect(await rulesOfGroup(ec2, groupId)).toEqual(before);
    });

  it('records a dry run of a release and leaves the entry releasable',
    async () => {
      const before = await rulesOfGroup(ec2, groupId);

      const result = await release(target, revoked, log, { dryRun: true });

      expect(result).toMatchObject({ dryRun: true, done: [] });
      expect(result.planned).toEqual(['ingress tcp 80 from 0.0.0.0/0']);
      expect(await rulesOfGroup(ec2, groupId)).toEqual(before);
      expect((await log.get(revoked.id))?.releasedBy).toBeUndefined();
    });

  it('records the release before its calls, then marks the entry',
    async () => {
      const { ec2: watched } = testClients();
      journalWrites(watched, log.journal);
      const begun = log.begun.length;
      log.journal.length = 0;

      const result = await release({ ...target, ec2: watched }, revoked,
        log);

      expect(log.journal).toEqual(['begin release',
        'call AuthorizeSecurityGroupIngress', 'finish release done']);
      expect(log.begun[begun]).toMatchObject({ status: 'pending',
        action: 'release', releases: revoked.id, groupId, dryRun: false,
        reason: { trigger: 'cli', findings: [] } });
      expect(result.status).toBe('done');
      expect((await log.get(revoked.id))?.releasedBy).toBe(result.entryId);
    });

  it('refuses to release the same entry twice', async () => {
    const entry = await log.get(revoked.id);

    await expect(release(target, entry!, log)).rejects
      .toThrow(/already released/);
  });
});
