// The packaged on-change function, run as Lambda would run it: its zip
// unpacked, its bundle imported by a fresh `node` with the environment
// the template gives it (resources pointed at the emulator's), and one
// CloudTrail event handed to its handler. Proves the ES module bundle,
// its createRequire banner, the intent bundle it ships and the settings
// all work together.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailEvent, iamUser } from '../../../cli/demo/events.ts';
import { createClient } from '../../../shared/aws/index.ts';
import { REPO_ROOT } from '../emulator/emulator.ts';
import {
  allowIngress,
  createGroup,
  createVpc,
  DEFAULT_ACCOUNT,
  emulatorEndpoint,
  rulesOfGroup,
  testClients,
  TEST_REGION,
} from '../emulator/aws.ts';
import { queue } from '../notify-fixtures.ts';
import { dynamoClient, freshTable } from '../store-fixtures.ts';
import type { Template } from '../../unit/deploy/cloudformation.ts';
import {
  PACKAGE_TIMEOUT_MS,
  packagedDir,
  packagedTemplate,
} from './packaged.ts';

/** Runs the handler of `bundle` on the event in DRIFTGUARD_TEST_EVENT. */
const INVOKE = [
  'const { handler } = await import(process.argv[1]);',
  'const context = { functionName: "driftguard-on-change",',
  '  awsRequestId: "test", getRemainingTimeInMillis: () => 60000 };',
  'const event = JSON.parse(process.env.DRIFTGUARD_TEST_EVENT);',
  'console.log(JSON.stringify(await handler(event, context)));',
].join('\n');

let task: string;
let template: Template;

beforeAll(async () => {
  template = await packagedTemplate();
  task = await mkdtemp(path.join(tmpdir(), 'driftguard-task-'));
  const zip = path.join(await packagedDir(), 'on-change.zip');
  const unzip = spawnSync(path.join(REPO_ROOT, '.venv/bin/python'),
    ['-m', 'zipfile', '-e', zip, task], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(unzip.stderr);
}, PACKAGE_TIMEOUT_MS);

afterAll(() => rm(task, { recursive: true, force: true }));

/** The template's environment, its references made on the emulator. */
async function environment(): Promise<Record<string, string>> {
  const options = testClients().options;
  const sqs = createClient(SQSClient, options);
  const topic = await createClient(SNSClient, options).send(
    new CreateTopicCommand({ Name: 'alerts' }));
  const refs: Record<string, string> = {
    DriftguardTable: await freshTable(dynamoClient()),
    AlertsTopic: topic.TopicArn ?? '',
    NotificationDlq: (await queue(sqs, 'notification-dlq')).url,
    SweepQueue: (await queue(sqs, 'sweep')).url,
  };
  const fn = template.Resources.OnDashchangeLambdaFunction?.Properties;
  const variables = (fn?.Environment as {
    Variables: Record<string, unknown> }).Variables;
  const env = Object.fromEntries(Object.entries(variables).map(
    ([name, value]) => [name, typeof value === 'string' ? value
      : refs[(value as { Ref: string }).Ref] ?? '']));
  return {
    ...env,
    // Where Lambda would unpack the zip, and the emulator for AWS.
    DRIFTGUARD_BUNDLE: String(env.DRIFTGUARD_BUNDLE)
      .replace('/var/task', task),
    DRIFTGUARD_ENDPOINT_URL: emulatorEndpoint(),
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
}

describe('the packaged on-change function', () => {
  it('judges public SSH on a prod group, and in dry-run changes nothing',
    async () => {
      const { ec2 } = testClients();
      const groupId = await createGroup(ec2, { vpcId: await createVpc(ec2),
        name: 'prod-web', tags: { 'driftguard:profiles': 'prod-network' } });
      const permission = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
      await allowIngress(ec2, groupId, permission);
      const event = cloudTrailEvent(
        { account: DEFAULT_ACCOUNT, region: TEST_REGION },
        'AuthorizeSecurityGroupIngress',
        { groupId, ipPermissions: { items: [{ ipProtocol: 'tcp',
          fromPort: 22, toPort: 22, ipRanges: { items: [
            { cidrIp: '0.0.0.0/0' }] } }] } },
        { identity: iamUser(DEFAULT_ACCOUNT, 'maya') });

      const ran = spawnSync(process.execPath, ['--enable-source-maps',
        '--input-type=module', '-e', INVOKE,
        path.join(task, 'functions/on-change.mjs')], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ...await environment(),
          DRIFTGUARD_TEST_EVENT: JSON.stringify(event) },
      });
      expect(ran.stderr).toBe('');
      const result = JSON.parse(ran.stdout.trim().split('\n').pop() ?? '');
      expect(result).toMatchObject({ decision: 'evaluate' });
      expect(result.findings).toBeGreaterThan(0);
      expect(result.actions.length).toBeGreaterThan(0);

      const rules = await rulesOfGroup(ec2, groupId);
      expect(rules.some((r) => r.CidrIpv4 === '0.0.0.0/0' &&
        r.FromPort === 22)).toBe(true);
    }, PACKAGE_TIMEOUT_MS);
});
