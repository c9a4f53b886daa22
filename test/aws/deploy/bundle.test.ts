// The packaged functions, run as Lambda would run them: each zip
// unpacked, its bundle imported by a fresh `node` with the environment
// the template gives it (resources pointed at the emulator's), and one
// event handed to its handler: a CloudTrail call to on-change, a schedule
// to the sweep, and the message the sweep queued to the sweep worker.
// Proves the ES module bundles, their createRequire banner, the intent
// bundle they ship and the settings all work together.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailEvent, iamUser } from '../../../cli/demo/events.ts';
import { createClient } from '../../../shared/aws/index.ts';
import { DynamoSweepStore } from '../../../shared/store/sweeps.ts';
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
import { drain, queue } from '../notify-fixtures.ts';
import { scheduledEvent, sqsEvent } from '../sweep-fixtures.ts';
import { dynamoClient, freshTable } from '../store-fixtures.ts';
import {
  resolve,
  type Template,
} from '../../unit/deploy/cloudformation.ts';
import {
  PACKAGE_TIMEOUT_MS,
  packagedDir,
  packagedTemplate,
} from './packaged.ts';

/** The functions, by their zip's name and osls's logical id. */
const FUNCTIONS = {
  'on-change': 'OnDashchangeLambdaFunction',
  sweep: 'SweepLambdaFunction',
  'sweep-worker': 'SweepDashworkerLambdaFunction',
} as const;

type Fn = keyof typeof FUNCTIONS;

/** Runs the handler of `bundle` on the event in DRIFTGUARD_TEST_EVENT. */
const INVOKE = [
  'const { handler } = await import(process.argv[1]);',
  'const context = { functionName: process.env.DRIFTGUARD_TEST_FUNCTION,',
  '  awsRequestId: "test", getRemainingTimeInMillis: () => 60000 };',
  'const event = JSON.parse(process.env.DRIFTGUARD_TEST_EVENT);',
  'console.log(JSON.stringify(await handler(event, context)));',
].join('\n');

let root: string;
let template: Template;
/** The resources the template's references stand for, on the emulator. */
let refs: Record<string, string>;

beforeAll(async () => {
  template = await packagedTemplate();
  root = await mkdtemp(path.join(tmpdir(), 'driftguard-task-'));
  const dir = await packagedDir();
  for (const fn of Object.keys(FUNCTIONS)) {
    const unzip = spawnSync(path.join(REPO_ROOT, '.venv/bin/python'),
      ['-m', 'zipfile', '-e', path.join(dir, `${fn}.zip`),
        path.join(root, fn)], { encoding: 'utf8' });
    if (unzip.status !== 0) throw new Error(unzip.stderr);
  }
  refs = await resources();
}, PACKAGE_TIMEOUT_MS);

afterAll(() => rm(root, { recursive: true, force: true }));

async function resources(): Promise<Record<string, string>> {
  const options = testClients().options;
  const sqs = createClient(SQSClient, options);
  const topic = await createClient(SNSClient, options).send(
    new CreateTopicCommand({ Name: 'alerts' }));
  return {
    DriftguardTable: await freshTable(dynamoClient()),
    AlertsTopic: topic.TopicArn ?? '',
    NotificationDlq: (await queue(sqs, 'notification-dlq')).url,
    SweepQueue: (await queue(sqs, 'sweep')).url,
  };
}

/** The template's environment of `fn`, its references made real. */
function environment(fn: Fn): Record<string, string> {
  const props = template.Resources[FUNCTIONS[fn]]?.Properties;
  const variables = (props?.Environment as {
    Variables: Record<string, unknown> }).Variables;
  const env = resolve(variables, { refs: { ...refs,
    'AWS::AccountId': DEFAULT_ACCOUNT, 'AWS::Region': TEST_REGION } }) as
    Record<string, string>;
  return {
    ...env,
    // Where Lambda would unpack the zip, and the emulator for AWS.
    DRIFTGUARD_BUNDLE: String(env.DRIFTGUARD_BUNDLE)
      .replace('/var/task', path.join(root, fn)),
    DRIFTGUARD_ENDPOINT_URL: emulatorEndpoint(),
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    // Errors only: what the tests show when an answer is not the one
    // expected.
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
}

/** What a packaged function answered, and the errors it logged. */
interface Ran {
  answer: unknown;
  logs: string;
}

/** Hands `event` to the packaged `fn`. */
function invoke(fn: Fn, event: unknown): Ran {
  const ran = spawnSync(process.execPath, ['--enable-source-maps',
    '--input-type=module', '-e', INVOKE,
    path.join(root, fn, `functions/${fn}.mjs`)], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...environment(fn),
      DRIFTGUARD_TEST_FUNCTION: `driftguard-${fn}`,
      DRIFTGUARD_TEST_EVENT: JSON.stringify(event) },
  });
  expect(ran.stderr).toBe('');
  const lines = ran.stdout.trim().split('\n');
  return { answer: JSON.parse(lines.pop() ?? ''), logs: lines.join('\n') };
}

/** A prod group open to the world on SSH: a denied rule. */
async function publicSsh() {
  const { ec2 } = testClients();
  const groupId = await createGroup(ec2, { vpcId: await createVpc(ec2),
    name: `prod-web-${crypto.randomUUID().slice(0, 6)}`,
    tags: { 'driftguard:profiles': 'prod-network' } });
  await allowIngress(ec2, groupId, { IpProtocol: 'tcp', FromPort: 22,
    ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  return groupId;
}

async function stillOpen(groupId: string): Promise<boolean> {
  const rules = await rulesOfGroup(testClients().ec2, groupId);
  return rules.some((r) => r.CidrIpv4 === '0.0.0.0/0' && r.FromPort === 22);
}

describe('the packaged on-change function', () => {
  it('judges public SSH on a prod group, and in dry-run changes nothing',
    async () => {
      const groupId = await publicSsh();
      const event = cloudTrailEvent(
        { account: DEFAULT_ACCOUNT, region: TEST_REGION },
        'AuthorizeSecurityGroupIngress',
        { groupId, ipPermissions: { items: [{ ipProtocol: 'tcp',
          fromPort: 22, toPort: 22, ipRanges: { items: [
            { cidrIp: '0.0.0.0/0' }] } }] } },
        { identity: iamUser(DEFAULT_ACCOUNT, 'maya') });

      const { answer, logs } = invoke('on-change', event);
      const result = answer as { findings: number; actions: unknown[] };
      expect(result, logs).toMatchObject({ decision: 'evaluate' });
      expect(result.findings).toBeGreaterThan(0);
      expect(result.actions.length).toBeGreaterThan(0);
      expect(await stillOpen(groupId)).toBe(true);
    }, PACKAGE_TIMEOUT_MS);
});

describe('the packaged sweep functions', () => {
  const schedule = scheduledEvent();
  let groupId: string;
  let started: Ran;
  let sweepId: string;
  let queued: Message[];

  beforeAll(async () => {
    groupId = await publicSsh();
    // The emulator's account manages the organization: its only account.
    await testClients().organizations.send(new CreateOrganizationCommand({
      FeatureSet: 'ALL' }));
    started = invoke('sweep', schedule);
    sweepId = String((started.answer as { sweepId?: string }).sweepId);
    queued = await drain(createClient(SQSClient, testClients().options),
      refs.SweepQueue ?? '', 10);
  }, PACKAGE_TIMEOUT_MS);

  it('start a sweep of the organization, one message per account-region',
    () => {
      expect(started.answer, started.logs).toMatchObject({ created: true,
        accounts: [DEFAULT_ACCOUNT], regions: [TEST_REGION], messages: 1,
        skipped: [] });
      // The schedule's time and id name the sweep: a retry continues it.
      expect(sweepId.startsWith(`${schedule.time.replace('Z', '.000Z')}#`))
        .toBe(true);
      expect(queued.map((m) => JSON.parse(m.Body ?? ''))).toEqual([{
        version: 1, sweepId, account: DEFAULT_ACCOUNT, region: TEST_REGION }]);
    });

  it('sweep the queued account-region, and in dry-run change nothing',
    async () => {
      const { answer, logs } = invoke('sweep-worker', sqsEvent(queued));
      expect(answer, logs).toEqual({ batchItemFailures: [] });

      const sweeps = new DynamoSweepStore({ client: dynamoClient(),
        tableName: refs.DriftguardTable ?? '' });
      const [result] = await sweeps.results(sweepId);
      expect(result).toMatchObject({ account: DEFAULT_ACCOUNT,
        region: TEST_REGION, status: 'swept' });
      expect(result?.writes['dry-run']).toBeGreaterThan(0);
      expect(await sweeps.get(sweepId)).toMatchObject(
        { done: 1, expected: 1, digest: 'sent' });
      expect(await stillOpen(groupId)).toBe(true);
    }, PACKAGE_TIMEOUT_MS);
});
