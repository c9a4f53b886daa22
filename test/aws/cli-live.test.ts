import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi }
  from 'vitest';
import { parseSnapshot } from '../../shared/snapshot/index.ts';
import { cli } from '../unit/cli/helpers.ts';
import {
  DEFAULT_ACCOUNT,
  TEST_REGION,
  allowEgress,
  allowIngress,
  createGroup,
  createInterface,
  createSubnet,
  createVpc,
  emulatorEndpoint,
  testClients,
} from './emulator/aws.ts';
import { recordingProxy } from './emulator/proxy.ts';

const PROFILES = 'examples/profiles';
const NOW = ['--now', '2026-12-01T00:00:00Z'];
const MEMBER = '345678901234';
const KAFKA = { IpProtocol: 'tcp', FromPort: 9092, ToPort: 9093 };

/** A prod VPC with brokers, clients, drift and an unbound group. */
async function prodAccount(): Promise<void> {
  const { ec2 } = testClients();
  const vpcId = await createVpc(ec2, '10.10.0.0/16');
  const subnetId = await createSubnet(ec2, vpcId, '10.10.1.0/24');
  const tags = (profiles: string) => ({ 'driftguard:profiles': profiles });
  const broker = await createGroup(ec2,
    { vpcId, name: 'broker', tags: tags('prod-network,broker') });
  const client = await createGroup(ec2,
    { vpcId, name: 'client', tags: tags('prod-network, client') });
  const debug = await createGroup(ec2, { vpcId, name: 'debug' });
  await allowIngress(ec2, broker,
    { ...KAFKA, UserIdGroupPairs: [{ GroupId: client }] });
  await allowIngress(ec2, broker, { IpProtocol: 'tcp', FromPort: 22,
    ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  await allowEgress(ec2, client,
    { ...KAFKA, UserIdGroupPairs: [{ GroupId: broker }] });
  await createInterface(ec2,
    { subnetId, groupIds: [broker, debug], tags: { env: 'prod' } });
  await createInterface(ec2,
    { subnetId, groupIds: [debug], tags: { env: 'prod' } });
}

describe('the live command line', () => {
  let dir = '';
  const endpoint = () => ['--endpoint-url', emulatorEndpoint()];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'driftguard-cli-'));
    await writeFile(path.join(dir, 'credentials'),
      '[ops]\naws_access_key_id = ops\naws_secret_access_key = ops\n');
    await writeFile(path.join(dir, 'config'), '');
    await prodAccount();
  });

  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(dir, 'credentials'));
    vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
    vi.stubEnv('AWS_PROFILE', '');
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('sweeps a live region as it sweeps a snapshot of it', async () => {
    const file = path.join(dir, 'account.json');
    const exported = await cli(['snapshot', '--region', TEST_REGION,
      ...endpoint(), '--out', file]);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toBe(`wrote ${file}\n`);

    const offline = await cli(['sweep', '--profiles', PROFILES,
      '--snapshot', file, '--format', 'json', ...NOW]);
    const live = await cli(['sweep', '--profiles', PROFILES,
      '--region', TEST_REGION, ...endpoint(), '--format', 'json', ...NOW]);

    expect(live.code).toBe(0);
    expect(offline.code).toBe(0);
    const findings = JSON.parse(live.stdout).findings;
    expect(findings).toEqual(JSON.parse(offline.stdout).findings);
    expect(new Set(findings.map((f: { kind: string }) => f.kind))).toEqual(
      new Set(['denied-rule', 'foreign-group-attached',
        'attachment-missing-profile']));
    expect(findings.every((f: { account: string; region: string }) =>
      f.account === DEFAULT_ACCOUNT && f.region === TEST_REGION)).toBe(true);
  });

  it.each([
    ['snapshot', ['snapshot', '--region', TEST_REGION]],
    ['sweep --region', ['sweep', '--profiles', PROFILES, '--region',
      TEST_REGION, '--region', 'eu-west-1', '--format', 'json', ...NOW]],
  ])('makes only read calls for %s', async (_, args) => {
    const proxy = await recordingProxy(emulatorEndpoint());
    try {
      const ran = await cli([...args, '--endpoint-url', proxy.endpoint]);

      expect(ran.code).toBe(0);
      const counts = proxy.counts();
      expect(counts).toMatchObject({ DescribeSecurityGroups: expect.any(
        Number), DescribeSecurityGroupRules: expect.any(Number),
      DescribeNetworkInterfaces: expect.any(Number) });
      const writes = Object.keys(counts).filter((op) =>
        !/^(Describe|Get|List)/.test(op));
      expect(writes, JSON.stringify(counts)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('prints the snapshot on stdout without --out', async () => {
    const ran = await cli(['snapshot', '--region', TEST_REGION,
      ...endpoint()]);

    expect(ran.code).toBe(0);
    const snapshot = parseSnapshot(JSON.parse(ran.stdout));
    expect(snapshot).toMatchObject({
      Account: DEFAULT_ACCOUNT, Region: TEST_REGION,
    });
    expect(snapshot.SecurityGroups.map((group) => group.GroupName))
      .toEqual(expect.arrayContaining(['broker', 'client', 'debug']));
  });

  it('finds the endpoint in DRIFTGUARD_ENDPOINT_URL', async () => {
    vi.stubEnv('DRIFTGUARD_ENDPOINT_URL', emulatorEndpoint());
    const ran = await cli(['snapshot', '--region', TEST_REGION]);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout).Account).toBe(DEFAULT_ACCOUNT);
  });

  it('uses a named profile of the AWS credentials file', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    const ran = await cli(['snapshot', '--region', TEST_REGION,
      ...endpoint(), '--profile', 'ops']);
    expect(ran).toMatchObject({ code: 0, stderr: '' });

    const missing = await cli(['snapshot', '--region', TEST_REGION,
      ...endpoint(), '--profile', 'nobody']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^driftguard: GetCallerIdentity failed \(region us-east-1\): .*nobody/);
  });

  it('reads the account of an assumed role, and only that one', async () => {
    const roleArn = `arn:aws:iam::${MEMBER}:role/audit`;
    const ran = await cli(['snapshot', '--region', TEST_REGION,
      ...endpoint(), '--role-arn', roleArn]);

    expect(ran.code).toBe(0);
    const snapshot = JSON.parse(ran.stdout);
    expect(snapshot.Account).toBe(MEMBER);
    expect(snapshot.SecurityGroups.map((g: { GroupName: string }) =>
      g.GroupName)).not.toContain('broker');
  });

  it('sweeps every region asked for', async () => {
    const ran = await cli(['sweep', '--profiles', PROFILES,
      '--region', TEST_REGION, '--region', 'eu-west-1', ...endpoint(),
      '--format', 'json', ...NOW]);

    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout).summary.scanned.map(
      (s: { region: string }) => s.region)).toEqual([TEST_REGION,
      'eu-west-1']);
  });

  it.each([
    ['neither --snapshot nor --region', []],
    ['both --snapshot and --region',
      ['--snapshot', 'examples/account.json', '--region', TEST_REGION]],
  ])('refuses %s with exit code 2', async (_, args) => {
    const ran = await cli(['sweep', '--profiles', PROFILES, ...args]);
    expect(ran).toMatchObject({ code: 2, stdout: '' });
    expect(ran.stderr).toBe('driftguard: sweep needs --snapshot FILE ' +
      '(offline) or --region REGION (live, read-only), and not both\n');
  });

  it('exits 2 naming account and region when AWS cannot be reached',
    async () => {
      const roleArn = `arn:aws:iam::${MEMBER}:role/audit`;
      const ran = await cli(['snapshot', '--region', 'eu-west-1',
        '--endpoint-url', 'http://127.0.0.1:9', '--role-arn', roleArn]);

      expect(ran.code).toBe(2);
      expect(ran.stdout).toBe('');
      expect(ran.stderr).toMatch(new RegExp('^driftguard: \\w+ failed ' +
        `\\(account ${MEMBER}, region eu-west-1\\): `));
    });
});
