// The CloudTrail rules as deployed: their pattern is the one shared/events
// screens with (plus the failed-call and own-role exclusions), the member
// accounts forward with the same one, and EventBridge delivers every event
// fixture as driftguard means it to. The emulator's TestEventPattern
// answers nothing (moto 5.2.5 leaves it unimplemented), so the pattern is
// tried the way a rule works: a rule with it on the emulator's default
// bus, an SQS queue as its target, every event put on the bus, and what
// reaches the queue read back.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../shared/aws/clients.ts';
import {
  EVENT_PATTERN,
  HANDLED_EVENT_NAMES,
} from '../../../shared/events/index.ts';
import {
  cloudTrailPattern,
  ownRoleArnPatterns,
} from '../../../scripts/deploy/event-pattern.ts';
import {
  readYamlTemplate,
  resolve,
  type Template,
} from '../../unit/deploy/cloudformation.ts';
import {
  emulatorEndpoint,
  TEST_CREDENTIALS,
  TEST_REGION,
} from '../emulator/aws.ts';
import { PACKAGE_TIMEOUT_MS, packagedTemplate } from './packaged.ts';

const FIXTURES = 'test/fixtures/events';

/** The fixtures' account: the tooling account of this imagined deployment. */
const ACCOUNT = '111122223333';

type Event = Record<string, unknown> & {
  detail: { eventName: string; errorCode?: string; userIdentity?: {
    sessionContext?: { sessionIssuer?: { arn?: string } } } };
};

function fixtures(): { name: string; event: Event }[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json')).sort()
    .map((file) => ({ name: file, event: JSON.parse(
      readFileSync(path.join(FIXTURES, file), 'utf8')) as Event }));
}

/** A fixture's call, made by another identity. */
function madeBy(event: Event, issuer: string | undefined): Event {
  const copy = structuredClone(event);
  copy.detail.userIdentity = issuer === undefined ? { } :
    { sessionContext: { sessionIssuer: { arn: issuer } } };
  return copy;
}

/** Whether driftguard means the rule to deliver this event to it. */
function meant(event: Event): boolean {
  const { eventName, errorCode, userIdentity } = event.detail;
  const issuer = userIdentity?.sessionContext?.sessionIssuer?.arn ?? '';
  const own = issuer.startsWith(`arn:aws:iam::${ACCOUNT}:role/driftguard/`) ||
    /^arn:aws:iam::\d{12}:role\/driftguard-member$/.test(issuer);
  const handled = (HANDLED_EVENT_NAMES as readonly string[])
    .includes(eventName);
  return handled && errorCode === undefined && !own;
}

/** Events to put on the bus, each by a name to find it again. */
type Tried = Map<string, Event>;

/** Every fixture, and a handled one made by other identities. */
function tried(): Tried {
  const all: Tried = new Map(fixtures().map(({ name, event }) =>
    [name, event]));
  const handled = [...all.values()].find(meant);
  if (!handled) throw new Error('no fixture of a handled call');
  for (const [name, issuer] of Object.entries(IDENTITIES)) {
    all.set(name, madeBy(handled, issuer));
  }
  return all;
}

/** Who else makes a handled call, by the test that says so. */
const IDENTITIES: Record<string, string | undefined> = {
  'the member role of any account':
    'arn:aws:iam::222233334444:role/driftguard-member',
  'a function role of the tooling account':
    `arn:aws:iam::${ACCOUNT}:role/driftguard/driftguard-prod-sweep-worker`,
  'a role of the same path in another account':
    'arn:aws:iam::222233334444:role/driftguard/impostor',
  'a role named like the member role':
    'arn:aws:iam::222233334444:role/driftguard-member-2',
  'a call with no session issuer': undefined,
};

let packaged: Template;
let events: Tried;
let delivered: Set<string>;

/** The packaged rule's pattern, deployed in the fixtures' account. */
const deployed = () => resolve(patternOf(packaged, 'OwnAccountCloudTrailRule'),
  { refs: { 'AWS::AccountId': ACCOUNT } });

const patternOf = (template: Template, rule: string) =>
  template.Resources[rule]?.Properties?.EventPattern;

/** Puts every event on a bus whose rule has `pattern`; names delivered. */
async function deliver(pattern: unknown, all: Tried): Promise<Set<string>> {
  const options = { region: TEST_REGION, endpoint: emulatorEndpoint(),
    credentials: TEST_CREDENTIALS };
  const bridge = createClient(EventBridgeClient, options);
  const sqs = createClient(SQSClient, options);
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'cloudtrail-rule-target' }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand(
    { QueueUrl: url, AttributeNames: ['QueueArn'] }));
  await bridge.send(new PutRuleCommand({ Name: 'cloudtrail',
    EventPattern: JSON.stringify(pattern) }));
  await bridge.send(new PutTargetsCommand({ Rule: 'cloudtrail',
    Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn }] }));

  const entries = [...all].map(([name, event]) => ({
    Source: String(event.source),
    DetailType: String(event['detail-type']),
    Detail: JSON.stringify({ ...event.detail, testName: name }),
  }));
  for (let i = 0; i < entries.length; i += 10) {
    const put = await bridge.send(
      new PutEventsCommand({ Entries: entries.slice(i, i + 10) }));
    if (put.FailedEntryCount) throw new Error('the emulator refused events');
  }
  return received(sqs, url ?? '');
}

async function received(sqs: SQSClient, url: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand(
      { QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }));
    if (Messages.length === 0) return names;
    for (const message of Messages) {
      const event = JSON.parse(message.Body ?? '{}') as {
        detail?: { testName?: string } };
      names.add(String(event.detail?.testName));
    }
  }
}

beforeAll(async () => {
  packaged = await packagedTemplate();
  events = tried();
  delivered = await deliver(deployed(), events);
}, PACKAGE_TIMEOUT_MS);

describe('the CloudTrail rules', () => {
  it('list every event name the parser handles, and only those', () => {
    const pattern = patternOf(packaged, 'OwnAccountCloudTrailRule') as {
      detail: { eventName: string[] } };
    expect(pattern.detail.eventName).toEqual([...HANDLED_EVENT_NAMES]);
    expect(pattern).toMatchObject(EVENT_PATTERN);
  });

  it('use one pattern on the default bus and the organization bus', () => {
    expect(patternOf(packaged, 'OrganizationCloudTrailRule'))
      .toEqual(patternOf(packaged, 'OwnAccountCloudTrailRule'));
  });

  it('are what member accounts forward with, their own role left out', () => {
    const member = readYamlTemplate('infra/member-account.yaml');
    expect(patternOf(member, 'ForwardingRule')).toEqual(cloudTrailPattern(
      ownRoleArnPatterns('${ToolingAccountId}', '${MemberRoleName}',
        '${AWS::AccountId}')));
  });

  it('send failed calls and dead letters where they are kept', () => {
    for (const rule of ['OwnAccountCloudTrailRule',
      'OrganizationCloudTrailRule']) {
      const [target] = packaged.Resources[rule]?.Properties?.Targets as {
        DeadLetterConfig: unknown; RetryPolicy: unknown }[];
      expect(target?.DeadLetterConfig).toEqual(
        { Arn: { 'Fn::GetAtt': ['OnChangeDlq', 'Arn'] } });
      expect(target?.RetryPolicy).toBeDefined();
    }
  });
});

describe('EventBridge with the deployed pattern', () => {
  const all = fixtures();

  it('has fixtures of every kind to try', () => {
    expect(all.some(({ event }) => meant(event))).toBe(true);
    expect(all.some(({ event }) => event.detail.errorCode)).toBe(true);
    expect(all.some(({ name }) => name.includes('own-role'))).toBe(true);
  });

  it.each(all.map(({ name, event }) =>
    ({ name, verdict: meant(event) ? 'delivers' : 'passes over' })))(
    '$verdict $name', ({ name }) => {
      expect(delivered.has(name)).toBe(meant(events.get(name)!));
    });

  it.each([
    ['passes over', 'the member role of any account', false],
    ['passes over', 'a function role of the tooling account', false],
    ['delivers', 'a role of the same path in another account', true],
    ['delivers', 'a role named like the member role', true],
    ['delivers', 'a call with no session issuer', true],
  ] as const)('%s a handled call by %s', (_, who, expected) => {
    expect(delivered.has(who)).toBe(expected);
  });
});
