import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  createCallCounter,
  createClient,
  memberCredentials,
  type CallCounter,
  type ClientOptions,
} from '../aws/index.ts';
import type { DeploymentConfig } from '../config.ts';
import {
  Dispatcher,
  EventBridgeChannel,
  SecurityHubChannel,
  SlackChannel,
  SnsChannel,
  SqsDeadLetterQueue,
  webhookUrl,
  type Channel,
  type NotifyLogger,
} from '../notify/index.ts';
import { readBundle } from '../profiles/index.ts';
import type { IntentBundle } from '../profiles/types.ts';
import { Rollout } from '../rollout/versions.ts';
import { createStores, type Stores } from '../store/index.ts';
import type { ChangeDeps, ChangeSettings } from './handle.ts';

/** Everything a function needs, built once per cold start. */
export interface Runtime {
  config: DeploymentConfig;
  bundle: IntentBundle;
  stores: Stores;
  dispatcher: Dispatcher;
  counter: CallCounter;
  settings: ChangeSettings;
  /** The account the functions run in. */
  ownAccount(): Promise<string>;
  /** STS with the functions' own credentials: member roles are assumed. */
  sts: STSClient;
  ec2For(account: string, region: string): Promise<EC2Client>;
  /** The event path's dependencies. */
  changeDeps(): ChangeDeps;
  /** The rollout of intent versions across the accounts. */
  rollout: Rollout;
  clientOptions: ClientOptions;
}

/** Reads the intent bundle the deployment ships with its functions. */
export function loadBundle(path: string): IntentBundle {
  return readBundle(JSON.parse(readFileSync(path, 'utf8')));
}

function slackChannel(
  config: DeploymentConfig,
  options: ClientOptions,
  logger: NotifyLogger,
): Channel | undefined {
  const name = config.slackSecret;
  if (!name) return undefined;
  const url = name.startsWith('ssm:')
    ? webhookUrl({ parameter: name.slice(4),
      ssm: createClient(SSMClient, options) })
    : webhookUrl({ secret: name.replace(/^secretsmanager:/, ''),
      secrets: createClient(SecretsManagerClient, options) });
  return new SlackChannel({ url, logger });
}

function channels(
  config: DeploymentConfig,
  options: ClientOptions,
  account: () => Promise<string>,
  logger: NotifyLogger,
): Channel[] {
  const list: (Channel | undefined)[] = [
    config.snsTopicArn
      ? new SnsChannel({ client: createClient(SNSClient, options),
        topicArn: config.snsTopicArn })
      : undefined,
    config.eventBus
      ? new EventBridgeChannel({ busName: config.eventBus,
        client: createClient(EventBridgeClient, options) })
      : undefined,
    slackChannel(config, options, logger),
  ];
  if (config.securityHub) list.push(lazyHub(options, account, config));
  return list.filter((c): c is Channel => c !== undefined);
}

// Security Hub's product ARN names the account, which is only known once
// STS has answered; the channel is made on first use.
function lazyHub(
  options: ClientOptions,
  account: () => Promise<string>,
  config: DeploymentConfig,
): Channel {
  let hub: Promise<SecurityHubChannel> | undefined;
  const get = () => hub ??= account().then((id) => new SecurityHubChannel({
    client: createClient(SecurityHubClient, options), account: id,
    region: config.region }));
  return {
    name: 'securityhub',
    repeats: true,
    send: async (n) => (await get()).send(n),
    reconcile: async (region) => (await get()).reconcile(region),
  };
}

/**
 * Builds the clients, stores, channels and settings of a deployment from
 * its configuration. Nothing is called until something is used.
 */
export function createRuntime(
  config: DeploymentConfig,
  logger: NotifyLogger,
  bundle: IntentBundle = loadBundle(config.bundlePath),
): Runtime {
  const counter = createCallCounter();
  const options: ClientOptions = { region: config.region, counter };
  if (config.endpoint) options.endpoint = config.endpoint;
  const sts = createClient(STSClient, options);
  let own: Promise<string> | undefined;
  const ownAccount = () => own ??= sts.send(new GetCallerIdentityCommand({}))
    .then((out) => out.Account ?? '');
  const members = new Map<string, ReturnType<typeof memberCredentials>>();
  const ec2s = new Map<string, EC2Client>();
  const table = config.table ?? '';
  const stores = createStores({ client: createClient(DynamoDBClient, options),
    tableName: table });
  const sqs = createClient(SQSClient, options);
  const dispatcher = new Dispatcher({
    channels: channels(config, options, ownAccount, logger),
    deadLetters: config.deadLetterQueueUrl
      ? new SqsDeadLetterQueue({ client: sqs,
        queueUrl: config.deadLetterQueueUrl })
      : undefined,
    dedup: { store: stores.dedup, windowMs: config.alertWindowMs },
    logger,
  });

  async function ec2For(account: string, region: string) {
    const key = `${account}/${region}`;
    const hit = ec2s.get(key);
    if (hit) return hit;
    const mine = await ownAccount();
    let creds = members.get(mine);
    if (!creds) {
      creds = memberCredentials({ sts, roleName: config.memberRole,
        externalId: config.externalId, ownAccount: mine });
      members.set(mine, creds);
    }
    const credentials = creds.forAccount(account);
    const client = createClient(EC2Client, { ...options, region,
      ...(credentials ? { credentials } : {}) });
    ec2s.set(key, client);
    return client;
  }

  const rollout = new Rollout(stores.rollouts, bundle);
  const settings: ChangeSettings = {
    dryRun: config.dryRun, cap: config.cap,
    perInvocation: config.perInvocation,
    perAccountHour: config.perAccountHour,
    ownRoles: config.ownRoles,
    principals: { platform: config.platformPrincipals,
      vendor: config.vendorPrincipals },
  };
  return {
    config, bundle, stores, dispatcher, counter, settings, ownAccount, sts,
    ec2For, clientOptions: options, rollout,
    changeDeps: () => ({
      bundle, settings, ec2For, log: stores.audit, budget: stores.budget,
      bindings: stores.bindings, quarantines: stores.quarantines,
      rollout, now: () => new Date(),
    }),
  };
}
