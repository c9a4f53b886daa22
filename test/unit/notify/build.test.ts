import { describe, expect, it } from 'vitest';
import { buildNotification } from '../../../shared/notify/build.ts';
import {
  ACCOUNT,
  AUDIT_ID,
  GROUP,
  decision,
  entry,
  finding,
} from './fixtures.ts';

describe('buildNotification', () => {
  it('names the group, its account, region, VPC and console page', () => {
    const n = buildNotification(decision());

    expect(n.group).toEqual({
      id: GROUP, name: 'payments-api', account: ACCOUNT,
      region: 'eu-west-1', vpcId: 'vpc-0abc',
      consoleUrl: 'https://eu-west-1.console.aws.amazon.com/ec2/home?' +
        `region=eu-west-1#SecurityGroup:groupId=${GROUP}`,
    });
  });

  it('says what changed and who changed it, from the event', () => {
    const n = buildNotification(decision());

    expect(n.change).toMatchObject({
      eventName: 'AuthorizeSecurityGroupIngress',
      actor: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/alice`,
      actorName: 'assumed-role/Developer/alice',
      sourceIp: '203.0.113.7',
    });
  });

  it('lists findings worst first with the profile rule that decided them',
    () => {
      const n = buildNotification(decision());

      expect(n.severity).toBe('critical');
      expect(n.findings.map((f) => f.severity)).toEqual(['critical', 'medium']);
      expect(n.findings[0]).toMatchObject({
        kind: 'denied-rule', ruleId: 'sgr-0aaa',
        rule: 'tcp 22 from 0.0.0.0/0',
        decidedBy: 'prod-network/no-public-ingress', action: 'rollback',
      });
      expect(n.profiles).toEqual(['prod-network']);
      expect(n.kinds).toEqual(['denied-rule', 'unapproved-rule']);
    });

  it('gives each write made the command that undoes it', () => {
    const n = buildNotification(decision());

    expect(n.performed).toBe(true);
    expect(n.summary).toBe('rolled back: revoke sgr-0aaa');
    expect(n.writes).toEqual([expect.objectContaining({
      auditId: AUDIT_ID, release: `driftguard release '${AUDIT_ID}'`,
    })]);
  });

  it.each([
    ['a dry run', entry({ dryRun: true })],
    ['a failed write', entry({ status: 'failed' })],
    ['a released write', entry({ releasedBy: 'later' })],
    ['a release', entry({ action: 'release' })],
  ])('offers no release for %s', (_, written) => {
    const n = buildNotification(decision({ entries: [written] }));

    expect(n.writes[0]?.release).toBeUndefined();
  });

  it('says what driftguard would do in a dry run', () => {
    const n = buildNotification(decision({
      dryRun: true, entries: [], planned: ['revoke sgr-0aaa'],
    }));

    expect(n.performed).toBe(false);
    expect(n.summary).toBe('dry run: would roll back: revoke sgr-0aaa');
  });

  it('says a budget tripped and that it only alerted', () => {
    const n = buildNotification(decision({
      entries: [], planned: ['revoke sgr-0aaa'],
      budget: { scope: 'account-hour', used: 100, limit: 100 },
    }));

    expect(n.summary).toBe('budget tripped (100 of 100 writes per ' +
      'account-hour), alerted only (not done: revoke sgr-0aaa)');
  });

  it('gives the same decision the same id, and another decision another',
    () => {
      const a = buildNotification(decision());
      const again = buildNotification(decision());
      const other = buildNotification(decision({ findings: [finding()] }));

      expect(again.id).toBe(a.id);
      expect(other.id).not.toBe(a.id);
    });

  it('marks a sweep decision as found by the sweep, without a change', () => {
    const n = buildNotification(decision({ trigger: 'sweep',
      change: undefined }));

    expect(n.trigger).toBe('sweep');
    expect(n.change).toBeUndefined();
  });
});
