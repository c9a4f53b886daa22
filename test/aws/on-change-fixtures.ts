// A deployment of the on-change function against the emulator: the
// driftguard table, an SNS topic read back through SQS, the profiles of
// test/fixtures/on-change, and a prod broker, a client and a PCI group.
import { SNSClient, CreateTopicCommand, SubscribeCommand } from
  '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { createHandler } from '../../functions/on-change.ts';
import { createClient } from '../../shared/aws/index.ts';
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
} from './emulator/aws.ts';
import { queue } from './notify-fixtures.ts';
import { dynamoClient, freshTable } from './store-fixtures.ts';

/** A Lambda context good enough for middy and Powertools. */
export function lambdaContext(): Context {
  return {
    functionName: 'driftguard-on-change', functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:x',
    memoryLimitInMB: '512', awsRequestId: crypto.randomUUID(),
    logGroupName: 'g', logStreamName: 's', callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}

/** The deployment: its handler, runtime and where notifications land. */
export interface Deployment {
  runtime: Runtime;
  handler: ReturnType<typeof createHandler>;
  notifications: string;
  invoke(event: unknown): ReturnType<ReturnType<typeof createHandler>>;
}

/** A deployment of the function; `dryRun` as a new one starts. */
export async function deploy(
  env: Record<string, string> = {},
): Promise<Deployment> {
  // The functions use the default credential chain, as in Lambda.
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  const options = testClients().options;
  const table = await freshTable(dynamoClient());
  const sns = createClient(SNSClient, options);
  const sqs = createClient(SQSClient, options);
  const topic = await sns.send(new CreateTopicCommand({ Name: 'drift' }));
  const inbox = await queue(sqs, 'notifications');
  await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn,
    Protocol: 'sqs', Endpoint: inbox.arn,
    Attributes: { RawMessageDelivery: 'true' } }));
  const config = readConfig({
    AWS_REGION: TEST_REGION, DRIFTGUARD_ENDPOINT_URL: emulatorEndpoint(),
    DRIFTGUARD_TABLE: table, DRIFTGUARD_DRY_RUN: 'false',
    DRIFTGUARD_OWN_ROLES: 'driftguard-member',
    DRIFTGUARD_PLATFORM_PRINCIPALS: 'platform-admin',
    DRIFTGUARD_VENDOR_PRINCIPALS: 'vendor-deployer',
    DRIFTGUARD_SNS_TOPIC_ARN: topic.TopicArn ?? '',
    ...env,
  });
  const { bundle } = await loadProfiles('test/fixtures/on-change/profiles');
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const runtime = createRuntime(config, logger, bundle!);
  const handler = createHandler(runtime, logger);
  return {
    runtime, handler, notifications: inbox.url,
    invoke: (event) => handler(event, lambdaContext()),
  };
}

/** A JSON log line of the function, as Powertools writes it. */
export type LogLine = Record<string, any>;

/**
 * Invokes the deployment's function with a logger that writes, as in
 * Lambda, one JSON line per decision and per write, and returns the
 * result with the lines written (on stdout or stderr) meanwhile. Calls
 * must not overlap: the lines are caught on the process's streams.
 */
export async function invokeLogged(
  deployment: Deployment,
  event: unknown,
): Promise<{ result: Awaited<ReturnType<Deployment['invoke']>>;
  logs: LogLine[] }> {
  const chunks: string[] = [];
  const keep = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(keep);
  try {
    const logger = new Logger({ serviceName: 'driftguard-on-change' });
    const handler = createHandler(deployment.runtime, logger);
    const result = await handler(event, lambdaContext());
    return { result, logs: jsonLines(chunks) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function jsonLines(chunks: string[]): LogLine[] {
  return chunks.join('').split('\n').filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** A prod broker reached by a client, and a PCI group on two interfaces. */
export async function account() {
  const { ec2 } = testClients();
  const { vpcId, subnetId } = await createNetwork(ec2);
  const tag = (binding: string) => ({ 'driftguard:profiles': binding });
  const client = await createGroup(ec2, { vpcId, name: 'orders-client',
    tags: tag('prod, client') });
  const broker = await createGroup(ec2, { vpcId, name: 'orders-brokers',
    tags: tag('prod, broker') });
  const kafka = await allowIngress(ec2, broker, { IpProtocol: 'tcp',
    FromPort: 9092, ToPort: 9093,
    UserIdGroupPairs: [{ GroupId: client }] });
  const pci = await createGroup(ec2, { vpcId, name: 'card-vault',
    tags: tag('prod, client, pci') });
  const enis = [
    await createInterface(ec2, { subnetId, groupIds: [pci] }),
    await createInterface(ec2, { subnetId, groupIds: [pci] }),
  ];
  return { ec2, vpcId, subnetId, client, broker, kafka, pci, enis };
}
