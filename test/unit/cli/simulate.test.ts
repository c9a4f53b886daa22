import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, cli, NOW, PROFILES } from './helpers.ts';

const simulate = (event: string, ...more: string[]) => cli(['simulate',
  '--event', event, '--profiles', PROFILES, '--snapshot', ACCOUNT,
  '--own-roles', 'driftguard-member', ...NOW, ...more]);

describe('driftguard simulate', () => {
  it('prints the decision as JSON without acting', async () => {
    const ran = await simulate('examples/events/open-ssh-on-prod-broker.json',
      '--format', 'json');
    expect(ran.code).toBe(0);
    const out = JSON.parse(ran.stdout);
    expect(Object.keys(out)).toEqual(['decision', 'reason', 'eventId',
      'groups', 'deleted', 'findings', 'actions', 'alerts']);
    expect(out).toMatchObject({
      decision: 'evaluate',
      reason: 'AuthorizeSecurityGroupIngress on sg-072408d9212310b0e by ' +
        'arn:aws:iam::111122223333:user/maya',
      groups: ['sg-072408d9212310b0e'],
      actions: [{ kind: 'revoke-rules', groupId: 'sg-072408d9212310b0e',
        ruleIds: ['sgr-02ff6d12b6107dac7'], status: 'dry-run',
        findings: [{ kind: 'denied-rule', ruleId: 'sgr-02ff6d12b6107dac7' }],
      }],
    });
    expect(out.findings[0]).toMatchObject({ kind: 'denied-rule',
      severity: 'critical', action: 'rollback' });
  });

  it('says why an event is ignored', async () => {
    const ran = await simulate('examples/events/own-revoke.json');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^ignore: RevokeSecurityGroupIngress was made /);
  });

  it('exits 2 on an event it cannot read, naming where', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-event-'));
    const file = path.join(dir, 'event.json');
    await writeFile(file, JSON.stringify({ id: 'e-1',
      'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2',
      detail: { eventName: 'AuthorizeSecurityGroupIngress' } }));
    const ran = await simulate(file, '--format', 'json');
    expect(ran.code).toBe(2);
    const out = JSON.parse(ran.stdout);
    expect(out).toMatchObject({ decision: 'invalid', eventId: 'e-1' });
    expect(out.reason).toMatch(/\$\.detail/);
  });

  it('exits 2 when the event file is not JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-event-'));
    const file = path.join(dir, 'event.json');
    await writeFile(file, '{ nope');
    const ran = await simulate(file);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`${file}: not JSON`);
  });
});
