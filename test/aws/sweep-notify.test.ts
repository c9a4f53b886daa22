import {
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  EnableSecurityHubCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../shared/notify/eventbridge.ts';
import {
  allowIngress,
  createGroup,
  DEFAULT_ACCOUNT,
  rulesOfGroup,
  TEST_REGION,
  testClients,
} from './emulator/aws.ts';
import { EC2_UNAUTHORIZED, failFirst } from './emulator/faults.ts';
import {
  drain,
  notifyClients,
  queue,
  slackReceiver,
  type SlackReceiver,
} from './notify-fixtures.ts';
import {
  deploySweep,
  drift,
  sqsEvent,
  type SweepDeployment,
} from './sweep-fixtures.ts';

const PARAMETER = '/driftguard/sweep/slack';
const BUS = 'driftguard-sweeps';

const { sqs, ssm, events, securityHub } = notifyClients();
const { ec2 } = testClients();
let receiver: SlackReceiver;
let target = { url: '', arn: '' };
let world: Awaited<ReturnType<typeof drift>>;
let web = '';
let http = '';

/** Settings of every deployment here: one account-region, every channel. */
const CHANNELS = {
  DRIFTGUARD_ACCOUNTS: DEFAULT_ACCOUNT,
  DRIFTGUARD_REGIONS: TEST_REGION,
  DRIFTGUARD_EVENT_BUS: BUS,
  DRIFTGUARD_SLACK_SECRET: `ssm:${PARAMETER}`,
  DRIFTGUARD_SECURITY_HUB: 'true',
};

beforeAll(async () => {
  receiver = await slackReceiver();
  await ssm.send(new PutParameterCommand({ Name: PARAMETER,
    Type: 'SecureString', Value: receiver.url }));
  await events.send(new CreateEventBusCommand({ Name: BUS }));
  target = await queue(sqs, 'events');
  await events.send(new PutRuleCommand({ Name: 'to-sqs', EventBusName: BUS,
    EventPattern: JSON.stringify({ source: ['driftguard'] }) }));
  await events.send(new PutTargetsCommand({ Rule: 'to-sqs',
    EventBusName: BUS, Targets: [{ Id: 'queue', Arn: target.arn }] }));
  await securityHub.send(new EnableSecurityHubCommand({}));
  world = await drift(testClients());
  web = await createGroup(ec2, { vpcId: world.vpcId, name: 'web',
    tags: { 'driftguard:profiles': 'prod' } });
  http = await allowIngress(ec2, web, { IpProtocol: 'tcp', FromPort: 80,
    ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
});

afterAll(async () => {
  await receiver.close();
});

/** Starts a sweep and works its one message; its id and the answer. */
async function sweepWith(live: SweepDeployment) {
  receiver.posts.length = 0;
  const { sweepId } = await live.sweep();
  const queued = await drain(sqs, live.sweepQueue, 10);
  const answer = await live.work(sqsEvent(queued));
  const stored = await live.runtime.stores.sweeps.get(sweepId);
  return { sweepId, answer, summary: stored?.summary };
}

interface BusEvent {
  'detail-type': string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** The events on the bus since the last look, of one sweep. */
async function busEvents(sweepId: string): Promise<BusEvent[]> {
  const all = (await drain(sqs, target.url, 50)).map((m) =>
    JSON.parse(m.Body ?? '{}') as BusEvent);
  return all.filter((e) => e.detail.sweepId === sweepId ||
    e.detail.trigger === 'sweep');
}

/** The Slack digest posted, as the text of its blocks. */
function slackDigest(): string {
  const post = receiver.posts.find((p) => (p as { text: string }).text
    .startsWith('driftguard sweep:')) as { blocks: unknown[] } | undefined;
  expect(post).toBeDefined();
  return JSON.stringify(post!.blocks);
}

async function hubFinding(ruleId: string): Promise<AwsSecurityFinding> {
  const out = await securityHub.send(new GetFindingsCommand({
    MaxResults: 100 }));
  const found = (out.Findings ?? []).filter((f) =>
    f.ProductFields?.['driftguard/ruleId'] === ruleId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

async function ruleIds(client: EC2Client, group: string) {
  return (await rulesOfGroup(client, group)).map((r) => r.SecurityGroupRuleId);
}

describe('a sweep in dry run', () => {
  let run: Awaited<ReturnType<typeof sweepWith>>;

  beforeAll(async () => {
    run = await sweepWith(await deploySweep({ ...CHANNELS,
      DRIFTGUARD_DRY_RUN: 'true' }));
  });

  it('changes nothing, and counts the writes it would make', async () => {
    expect(run.answer.batchItemFailures).toEqual([]);
    expect(await ruleIds(ec2, world.broker)).toContain(world.ssh);
    expect(await ruleIds(ec2, web)).toContain(http);
    expect(run.summary).toMatchObject({ dryRun: true,
      writes: { 'dry-run': 2 } });
  });

  it('posts the digest to Slack, saying what it would do', () => {
    const text = slackDigest();

    expect(text).toContain('*Writes:* 2 would be made (dry run)');
    expect(text).toContain(`sweep ${run.sweepId} · dry run`);
    expect(receiver.posts).toHaveLength(1);
  });

  it('puts the digest on the bus as Sweep Completed, and nothing else',
    async () => {
      const got = await busEvents(run.sweepId);

      expect(got.map((e) => e['detail-type']))
        .toEqual([DETAIL_TYPES.sweep]);
      expect(got[0]!.detail).toEqual(JSON.parse(JSON.stringify(run.summary)));
    });

  it('gives Security Hub the findings of the account-region', async () => {
    expect(await hubFinding(world.ssh)).toMatchObject({
      RecordState: 'ACTIVE' });
    expect(await hubFinding(http)).toMatchObject({ RecordState: 'ACTIVE' });
  });
});

describe('a sweep after drift is rolled back or taken away', () => {
  let run: Awaited<ReturnType<typeof sweepWith>>;

  beforeAll(async () => {
    // Someone removes the world-open HTTP rule by hand between sweeps.
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web,
      SecurityGroupRuleIds: [http] }));
    run = await sweepWith(await deploySweep(CHANNELS));
  });

  it('rolls back and says so on the bus, then completes', async () => {
    expect(await ruleIds(ec2, world.broker)).not.toContain(world.ssh);
    expect(run.summary).toMatchObject({ dryRun: false, writes: { done: 1 } });
    const types = (await busEvents(run.sweepId)).map((e) => e['detail-type']);
    expect(types.sort()).toEqual([DETAIL_TYPES.drift,
      DETAIL_TYPES.remediation, DETAIL_TYPES.sweep].sort());
  });

  it('resolves in Security Hub what it rolled back and what is gone',
    async () => {
      expect(await hubFinding(world.ssh)).toMatchObject({
        RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } });
      expect(await hubFinding(http)).toMatchObject({
        RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } });
      const out = await securityHub.send(new GetFindingsCommand({}));
      const debug = (out.Findings ?? []).filter((f) =>
        f.GeneratorId === 'driftguard/unbound-group');
      expect(debug.map((f) => f.RecordState)).toEqual(['ACTIVE']);
    });
});

describe('a sweep whose writes fail or trip the budget', () => {
  let run: Awaited<ReturnType<typeof sweepWith>>;
  const groups: string[] = [];

  beforeAll(async () => {
    for (const name of ['rdp-1', 'rdp-2']) {
      const group = await createGroup(ec2, { vpcId: world.vpcId, name,
        tags: { 'driftguard:profiles': 'prod' } });
      await allowIngress(ec2, group, { IpProtocol: 'tcp', FromPort: 3389,
        ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
      groups.push(group);
    }
    const live = await deploySweep({ ...CHANNELS,
      DRIFTGUARD_BUDGET_PER_INVOCATION: '1' });
    // The first write is refused outright (a policy denies it); the
    // budget of one write stops the second.
    failFirst(await live.runtime.ec2For(DEFAULT_ACCOUNT, TEST_REGION),
      'RevokeSecurityGroupIngress', EC2_UNAUTHORIZED, 10);
    run = await sweepWith(live);
  });

  it('counts the failed and the stopped write in the digest', () => {
    expect(run.summary).toMatchObject({ writes: { failed: 1, skipped: 1 },
      budgetTripped: [DEFAULT_ACCOUNT] });
    const text = slackDigest();
    expect(text).toContain('1 failed, 1 stopped by a budget');
    expect(text).toContain(`Budget tripped in* ${DEFAULT_ACCOUNT}`);
  });

  it('puts a Budget Tripped event on the bus for the account-region',
    async () => {
      const trips = (await busEvents(run.sweepId))
        .filter((e) => e['detail-type'] === DETAIL_TYPES.budget);

      expect(trips).toHaveLength(1);
      const { detail, resources } = trips[0]!;
      expect(detail).toMatchObject({ trigger: 'sweep', sweepId: run.sweepId,
        account: DEFAULT_ACCOUNT, region: TEST_REGION, scope: 'invocation',
        limit: 1, used: 1, skipped: 1 });
      const stopped = (detail.groups as string[])[0]!;
      expect(detail.groups).toEqual([stopped]);
      expect(groups).toContain(stopped);
      expect(detail.notDone).toEqual([expect.stringContaining(stopped)]);
      expect(resources).toEqual([`arn:aws:ec2:${TEST_REGION}:` +
        `${DEFAULT_ACCOUNT}:security-group/${stopped}`]);
    });
});
