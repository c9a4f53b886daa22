import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, cli, NOW, PROFILES } from './helpers.ts';

const sweep = (...args: string[]) =>
  cli(['sweep', '--profiles', PROFILES, '--snapshot', ACCOUNT, ...NOW,
    ...args]);

async function snapshotFile(value: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-cli-'));
  const file = path.join(dir, 'snapshot.json');
  await writeFile(file, typeof value === 'string' ? value
    : JSON.stringify(value));
  return file;
}

describe('driftguard sweep --snapshot', () => {
  it('prints one JSON document with findings and a summary', async () => {
    const { code, stdout, stderr } = await sweep('--format', 'json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['findings', 'summary']);
    expect(report.summary).toMatchObject({ findings: 30, suppressed: 1,
      groups: 42, interfaces: 60 });
    for (const f of report.findings) {
      for (const key of ['kind', 'severity', 'account', 'region', 'groupId',
        'intentVersion', 'action', 'message']) {
        expect(f[key], `${key} of ${f.kind}`).toBeTypeOf('string');
      }
      expect(['low', 'medium', 'high', 'critical']).toContain(f.severity);
      expect(['none', 'alert', 'rollback', 'quarantine']).toContain(f.action);
      if (f.kind.endsWith('-rule')) expect(f.direction).toMatch(/gress$/);
    }
    const denied = report.findings.find((f: { kind: string }) =>
      f.kind === 'denied-rule');
    expect(denied.ruleId).toMatch(/^sgr-/);
    expect(denied.profile).toBeTypeOf('string');
    expect(denied.policyRule).toBeTypeOf('string');
  });

  it.each([
    ['critical', 1],
    ['low', 1],
  ])('exits 1 when a finding is at or above --fail-on %s',
    async (sev, code) => {
      const ran = await sweep('--fail-on', sev, '--format', 'json');
      expect(ran.code).toBe(code);
      expect(JSON.parse(ran.stdout).summary.failOn).toBe(sev);
    });

  it('exits 0 under --fail-on when no finding reaches it', async () => {
    const file = await snapshotFile({ Account: '111122223333',
      Region: 'eu-west-1', SecurityGroups: [], NetworkInterfaces: [] });
    const ran = await cli(['sweep', '--profiles', PROFILES, '--snapshot',
      file, '--fail-on', 'low']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('No drift found.');
  });

  it('writes a table per group, worst first, without colour off a terminal',
    async () => {
      const { code, stdout } = await sweep();
      expect(code).toBe(0);
      expect(stdout).not.toContain('\u001b[');
      const first = stdout.split('\n')[1]!;
      expect(first).toMatch(/^ {2}critical +denied-rule/);
      expect(stdout).toMatch(/30 findings \(4 critical, 13 high, 13 medium\)/);
      expect(stdout).toContain('1 suppressed by exemptions in force');
    });

  it('colours the table on a terminal', async () => {
    const { stdout } = await cli(['sweep', '--profiles', PROFILES,
      '--snapshot', ACCOUNT, ...NOW], true);
    expect(stdout).toContain('\u001b[');
  });

  it('caps actions with --mode', async () => {
    const { stdout } = await sweep('--format', 'json', '--mode', 'alert');
    const actions = new Set(JSON.parse(stdout).findings
      .map((f: { action: string }) => f.action));
    expect([...actions].sort()).toEqual(['alert', 'none']);
  });

  it('writes SARIF 2.1.0 with one result per finding', async () => {
    const { code, stdout } = await sweep('--format', 'sarif');
    expect(code).toBe(0);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe('driftguard');
    expect(run.results).toHaveLength(30);
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const result of run.results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uri).toMatch(/\.(yaml|json)$/);
      expect(location.region.startLine).toBeGreaterThan(0);
    }
    const denied = run.results.find((r: { ruleId: string }) =>
      r.ruleId === 'denied-rule');
    expect(denied.locations[0].physicalLocation.artifactLocation.uri)
      .toMatch(/^examples\/profiles\/.+\.yaml$/);
    const fingerprints = new Set(run.results.map((r: {
      partialFingerprints: Record<string, string> }) =>
      Object.values(r.partialFingerprints)[0]));
    expect(fingerprints.size).toBe(30);
  });

  it('writes the report to --out and says so on stderr', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'driftguard-out-'));
    const out = path.join(dir, 'report.json');
    const ran = await sweep('--format', 'json', '--out', out);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toBe(`wrote ${out}\n`);
  });
});

/** A snapshot with the keys every snapshot needs, and `more`. */
const shell = (more: object) => ({ Account: '111122223333', Region: 'r',
  SecurityGroups: [], NetworkInterfaces: [], ...more });

/** Open SSH on sg-1, in the grouped shape and as a rule entry. */
const SSH = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const SSH_RULE = { SecurityGroupRuleId: 'sgr-1', GroupId: 'sg-1',
  IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
  CidrIpv4: '0.0.0.0/0' };

describe('driftguard sweep with bad input', () => {
  it.each([
    ['a missing key', { Account: '111122223333', Region: 'r',
      NetworkInterfaces: [] },
    '$.SecurityGroups: missing (expected the SecurityGroups array of aws ' +
      'ec2 describe-security-groups)'],
    ['no NetworkInterfaces', { Account: '111122223333', Region: 'r',
      SecurityGroups: [] },
    '$.NetworkInterfaces: missing (expected the NetworkInterfaces array ' +
      'of aws ec2 describe-network-interfaces; [] when the region has none)'],
    ['a missing nested key', shell({ SecurityGroups: [{ GroupId: 'sg-1',
      IpPermissions: [{ FromPort: 22 }] }] }),
    '$.SecurityGroups[0].IpPermissions[0].IpProtocol: missing (expected ' +
      'string)'],
    ['a mistyped key', shell({ SecurityGroups: [
      { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 6 }] }] }),
    '$.SecurityGroups[0].IpPermissions[0].IpProtocol: Invalid input: ' +
      'expected string, received number'],
    ['an account id that is not 12 digits', shell({ Account: '11112222333' }),
      '$.Account: expected a 12-digit AWS account id, got "11112222333"'],
    ['an account id as a number', shell({ Account: 111122223333 }),
      '$.Account: Invalid input: expected string, received number'],
    ['an unknown top-level key', shell({ SecurityGroupRule: [] }),
      '$: unknown key "SecurityGroupRule"'],
    ['an invalid CIDR', shell({ SecurityGroups: [
      { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22,
        ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.300/8' }] }] }] }),
    '$.SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp: ' +
      '"10.0.0.300/8" is not a CIDR block'],
    ['a rule of an absent group', shell({ SecurityGroupRules: [{
      SecurityGroupRuleId: 'sgr-1', GroupId: 'sg-9', IsEgress: false,
      IpProtocol: '-1', CidrIpv4: '10.0.0.0/8' }] }),
    '$.SecurityGroupRules[0].GroupId: sg-9 is not among SecurityGroups'],
    ['a group left out of SecurityGroupRules', shell({
      SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: [SSH],
        IpPermissionsEgress: [] }],
      SecurityGroupRules: [] }),
    '$.SecurityGroups[0]: sg-1: its IpPermissions and SecurityGroupRules ' +
      'disagree: ingress tcp 22 from 0.0.0.0/0 is only in IpPermissions'],
    ['a rule only in SecurityGroupRules', shell({
      SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: [],
        IpPermissionsEgress: [] }],
      SecurityGroupRules: [SSH_RULE] }),
    '$.SecurityGroups[0]: sg-1: its IpPermissions and SecurityGroupRules ' +
      'disagree: ingress tcp 22 from 0.0.0.0/0 is only in ' +
      'SecurityGroupRules ($.SecurityGroupRules[0], sgr-1)'],
    ['text that is not JSON', '{"Account": ', '$: not JSON'],
  ])('exits 2 naming the file and path of %s', async (_, value, message) => {
    const file = await snapshotFile(value);
    const ran = await cli(['sweep', '--profiles', PROFILES,
      '--snapshot', file]);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain(`${file}: ${message}`);
  });

  it('reads a group whose two shapes hold the same rules', async () => {
    const file = await snapshotFile(shell({
      SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: [
        { ...SSH, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ops' }] }],
      IpPermissionsEgress: [],
      Tags: [{ Key: 'driftguard:profiles', Value: 'prod-network' }] }],
      SecurityGroupRules: [SSH_RULE] }));
    const ran = await cli(['sweep', '--profiles', PROFILES, '--snapshot',
      file, '--format', 'json']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const [f, ...rest] = JSON.parse(ran.stdout).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'denied-rule', groupId: 'sg-1',
      ruleId: 'sgr-1' });
  });

  it('exits 2 on a snapshot file that does not exist', async () => {
    const ran = await cli(['sweep', '--profiles', PROFILES,
      '--snapshot', 'no/such.json']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('no/such.json: $: cannot read the file ' +
      '(ENOENT)');
  });

  it.each([
    [['sweep', '--profiles', PROFILES], /needs --snapshot/],
    [['sweep', '--snapshot', ACCOUNT], /required option '--profiles/],
    [['sweep', '--profiles', PROFILES, '--snapshot', ACCOUNT,
      '--format', 'xml'], /Allowed choices are table, json, sarif/],
    [['sweep', '--profiles', PROFILES, '--snapshot', ACCOUNT,
      '--fail-on', 'severe'], /Allowed choices are low, medium/],
    [['sweep', '--profiles', PROFILES, '--snapshot', ACCOUNT,
      '--now', 'yesterday'], /--now yesterday is not an RFC 3339/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const ran = await cli(argv);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(message);
  });
});
