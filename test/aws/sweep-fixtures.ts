// A deployment of the sweep functions against the emulator: an
// organization of member accounts reached by AssumeRole, drift in two
// regions of each, the sweep queue, and notifications read back through
// an SNS topic subscribed by a queue.
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import type { Message } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createHandler as sweepHandler } from '../../functions/sweep.ts';
import {
  createHandler as workerHandler,
} from '../../functions/sweep-worker.ts';
import { memberCredentials } from '../../shared/aws/index.ts';
import { readConfig } from '../../shared/config.ts';
import { loadProfiles } from '../../shared/profiles/index.ts';
import { createRuntime, type Runtime } from '../../shared/pipeline/runtime.ts';
import {
  allowIngress,
  createGroup,
  createInterface,
  createNetwork,
  emulatorEndpoint,
  testClients,
  TEST_REGION,
  type TestClients,
} from './emulator/aws.ts';
import { notifyClients, queue } from './notify-fixtures.ts';
import { lambdaContext } from './on-change-fixtures.ts';
import { dynamoClient, freshTable } from './store-fixtures.ts';

/** The two regions swept. */
export const REGIONS = [TEST_REGION, 'eu-west-1'];

/** Profiles of the sweep tests: prod, broker, client, pci; env=prod. */
export const PROFILES = 'test/fixtures/sweep/profiles';

/** A deployment of both sweep functions, and where their output lands. */
export interface SweepDeployment {
  runtime: Runtime;
  /** The queue the sweep function fills and the worker empties. */
  sweepQueue: string;
  /** Where the SNS topic's notifications and digests arrive. */
  inbox: string;
  sweep(event?: unknown): Promise<Awaited<ReturnType<
    ReturnType<typeof sweepHandler>>>>;
  work(event: SQSEvent): Promise<{ batchItemFailures:
    { itemIdentifier: string }[] }>;
}

/** Deploys both functions; `env` overrides the deployment's settings. */
export async function deploySweep(
  env: Record<string, string> = {},
): Promise<SweepDeployment> {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  const { sns, sqs } = notifyClients();
  const table = await freshTable(dynamoClient());
  const topic = await sns.send(new CreateTopicCommand({ Name: 'sweeps' }));
  const inbox = await queue(sqs, 'inbox');
  const sweepQueue = await queue(sqs, 'sweep');
  await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn,
    Protocol: 'sqs', Endpoint: inbox.arn,
    Attributes: { RawMessageDelivery: 'true' } }));
  const config = readConfig({
    AWS_REGION: TEST_REGION, DRIFTGUARD_ENDPOINT_URL: emulatorEndpoint(),
    DRIFTGUARD_TABLE: table, DRIFTGUARD_DRY_RUN: 'false',
    DRIFTGUARD_SNS_TOPIC_ARN: topic.TopicArn ?? '',
    DRIFTGUARD_SWEEP_QUEUE_URL: sweepQueue.url,
    DRIFTGUARD_REGIONS: REGIONS.join(','),
    ...env,
  });
  const { bundle } = await loadProfiles(PROFILES);
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const runtime = createRuntime(config, logger, bundle!);
  const start = sweepHandler(runtime, logger);
  const worker = workerHandler(runtime, logger);
  return {
    runtime, sweepQueue: sweepQueue.url, inbox: inbox.url,
    sweep: (event = scheduledEvent()) => start(event, lambdaContext()),
    work: (event) => worker(event, lambdaContext()),
  };
}

/** An EventBridge schedule's event, as Lambda receives it. */
export function scheduledEvent(time = new Date()) {
  return {
    version: '0', id: crypto.randomUUID(), 'detail-type': 'Scheduled Event',
    source: 'aws.events', account: '123456789012',
    time: time.toISOString().replace(/\.\d+Z$/, 'Z'), region: TEST_REGION,
    resources: ['arn:aws:events:us-east-1:123456789012:rule/sweep'],
    detail: {},
  };
}

/** Queue messages as Lambda's SQS event hands them to a function. */
export function sqsEvent(messages: Message[]): SQSEvent {
  return { Records: messages.map((m): SQSRecord => ({
    messageId: m.MessageId ?? '', receiptHandle: m.ReceiptHandle ?? '',
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: String(Date.now()), SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {}, md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:::sweep',
    awsRegion: TEST_REGION,
  })) };
}

/** An organization: its member accounts, and one closed account. */
export async function organization(members = 3) {
  const { organizations } = testClients();
  await organizations.send(new CreateOrganizationCommand({
    FeatureSet: 'ALL' }));
  const create = async (name: string) => {
    const out = await organizations.send(new CreateAccountCommand({
      AccountName: name, Email: `${name}@example.com` }));
    return out.CreateAccountStatus?.AccountId ?? '';
  };
  const accounts: string[] = [];
  for (let i = 0; i < members; i += 1) accounts.push(await create(`m${i}`));
  const closed = await create('closed');
  await organizations.send(new CloseAccountCommand({ AccountId: closed }));
  return { accounts, closed };
}

/** Clients in a member account and region, by AssumeRole. */
export function memberClients(account: string, region: string): TestClients {
  const broker = memberCredentials({ sts: testClients().sts });
  return testClients({ region, credentials: broker.forAccount(account) });
}

/**
 * Drift in one account-region: a prod broker open to the world on SSH
 * (denied: rolled back), an unbound group, and an interface tagged
 * env=prod that carries no prod group.
 */
export async function drift(clients: TestClients) {
  const { ec2 } = clients;
  const { vpcId, subnetId } = await createNetwork(ec2);
  const tag = (binding: string) => ({ 'driftguard:profiles': binding });
  const client = await createGroup(ec2, { vpcId, name: 'client',
    tags: tag('prod, client') });
  const broker = await createGroup(ec2, { vpcId, name: 'broker',
    tags: tag('prod, broker') });
  const kafka = await allowIngress(ec2, broker, { IpProtocol: 'tcp',
    FromPort: 9092, ToPort: 9093, UserIdGroupPairs: [{ GroupId: client }] });
  const ssh = await allowIngress(ec2, broker, { IpProtocol: 'tcp',
    FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  const debug = await createGroup(ec2, { vpcId, name: 'debug' });
  const eni = await createInterface(ec2, { subnetId, groupIds: [debug],
    tags: { env: 'prod' } });
  return { vpcId, client, broker, kafka, ssh, debug, eni };
}

/** A message body of the inbox, parsed. */
export function bodyOf(message: Message): Record<string, unknown> {
  return JSON.parse(message.Body ?? '{}');
}
