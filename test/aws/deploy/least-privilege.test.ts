// Every action of every role driftguard deploys, held against the lists
// below: the function roles of each packaged configuration, and the roles
// of the member account template. An action a policy gains fails here
// until it is listed, and no action names a wildcard. Beside it, each
// call the functions make outside EC2 (iam.test.ts proves the EC2 writes)
// is allowed on the resource the function makes it on, and the optional
// ones only where the configuration turns them on.
import { beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../../scripts/deploy/settings.ts';
import {
  onChangeStatements,
  sweepStatements,
} from '../../../scripts/deploy/roles.ts';
import {
  readYamlTemplate,
  resolve,
  type Template,
} from '../../unit/deploy/cloudformation.ts';
import { ACCOUNT } from '../../unit/deploy/ec2-requests.ts';
import {
  decide,
  type AuthRequest,
  type PolicyStatement,
} from '../../unit/deploy/policy.ts';
import {
  CONFIGURATIONS,
  DEFAULT_CONFIGURATION,
  ORGANIZATION_CONFIGURATION,
  PACKAGE_TIMEOUT_MS,
  packagedTemplate,
  SLACK_PARAMETER,
  type Configuration,
} from './packaged.ts';

const EC2_READS = ['ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules', 'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeManagedPrefixLists'];

const EC2_WRITES = ['ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress', 'ec2:ModifySecurityGroupRules',
  'ec2:CreateTags', 'ec2:DeleteTags', 'ec2:CreateSecurityGroup',
  'ec2:ModifyNetworkInterfaceAttribute'];

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

const TABLE = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
  'dynamodb:Query', 'dynamodb:BatchWriteItem'];

const KEY = ['kms:Decrypt', 'kms:GenerateDataKey'];

const NOTIFY = ['sns:Publish', 'events:PutEvents', 'sqs:SendMessage'];

/** What Slack (from SSM) and Security Hub add where the settings say so. */
const OPTIONAL = ['ssm:GetParameter', 'securityhub:BatchImportFindings',
  'securityhub:GetFindings'];

/** The actions each function role may take, in a configuration. */
function functionActions(configuration: Configuration) {
  const optional = configuration === ORGANIZATION_CONFIGURATION
    ? OPTIONAL : [];
  return {
    OnChangeRole: [...LOGS, ...TABLE, 'dynamodb:DeleteItem', ...KEY,
      ...EC2_READS, 'ec2:DescribeVpcs', ...EC2_WRITES, 'sts:AssumeRole',
      ...NOTIFY, ...optional],
    // No list of accounts in either: the organization's are swept.
    SweepRole: [...LOGS, ...TABLE, ...KEY, 'organizations:ListAccounts',
      'sqs:SendMessage'],
    SweepWorkerRole: [...LOGS, ...TABLE, ...KEY, 'sqs:ReceiveMessage',
      'sqs:DeleteMessage', 'sqs:GetQueueAttributes', ...EC2_READS,
      ...EC2_WRITES, 'sts:AssumeRole', ...NOTIFY, ...optional],
  };
}

const MEMBER_ACTIONS = {
  MemberRole: [...EC2_READS, 'ec2:DescribeVpcs', ...EC2_WRITES],
  ForwardingRole: ['events:PutEvents'],
};

/** The only actions that take no resource-level permission. */
const WITHOUT_RESOURCES = [...EC2_READS, 'ec2:DescribeVpcs',
  'organizations:ListAccounts'];

const MEMBER_REFS = {
  'AWS::AccountId': ACCOUNT, ToolingAccountId: '999988887777',
  FunctionRoleArns: ['arn:aws:iam::999988887777:role/driftguard/worker'],
  OrganizationId: 'o-a1b2c3d4e5', MemberRoleName: 'driftguard-member',
  ToolingBusArn: 'arn:aws:events:eu-west-1:999988887777:event-bus/org',
  ExternalId: '', PrimaryRegion: 'eu-west-1',
};

const templates = new Map<string, Template>();
let member: Template;

beforeAll(async () => {
  for (const configuration of CONFIGURATIONS) {
    templates.set(configuration.name, await packagedTemplate(configuration));
  }
  member = readYamlTemplate('infra/member-account.yaml');
}, PACKAGE_TIMEOUT_MS);

/** The statements of a role's inline policies, resolved. */
function statementsOf(
  template: Template,
  logical: string,
  refs: Record<string, string | string[]> = { 'AWS::AccountId': ACCOUNT },
): PolicyStatement[] {
  const role = resolve(template.Resources[logical]?.Properties, { refs,
    conditions: { IsPrimaryRegion: true, HasExternalId: false } }) as {
    Policies?: { PolicyDocument: { Statement: PolicyStatement[] } }[] };
  return (role.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement);
}

const actionsOf = (statements: PolicyStatement[]) =>
  [...new Set(statements.flatMap((s) => [s.Action ?? []].flat()))].sort();

const sorted = (actions: string[]) => [...new Set(actions)].sort();

/** The IAM resources of a template: roles only, each by logical id. */
function identities(template: Template) {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type.startsWith('AWS::IAM::'))
    .map(([logical, r]) => `${r.Type} ${logical}`).sort();
}

/** What every policy of a role must hold to, whatever it allows. */
function expectNarrow(statements: PolicyStatement[]) {
  expect(statements.length).toBeGreaterThan(0);
  for (const statement of statements) {
    const where = statement.Sid ?? JSON.stringify(statement);
    expect(statement.Effect, where).toBe('Allow');
    expect(statement.NotAction, where).toBeUndefined();
    expect(statement).not.toHaveProperty('NotResource');
    for (const action of [statement.Action ?? []].flat()) {
      expect(action, where).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    }
    if ([statement.Resource].flat().includes('*')) {
      expect(WITHOUT_RESOURCES, where).toEqual(
        expect.arrayContaining([statement.Action ?? []].flat()));
    }
  }
}

describe.each(CONFIGURATIONS)('the $name packaging', (configuration) => {
  const template = () => templates.get(configuration.name)!;
  const roles = Object.entries(functionActions(configuration));

  it('defines no IAM resource but the three function roles', () => {
    expect(identities(template())).toEqual(roles.map(([logical]) =>
      `AWS::IAM::Role ${logical}`).sort());
    for (const [logical] of roles) {
      const props = template().Resources[logical]?.Properties ?? {};
      expect(props).not.toHaveProperty('ManagedPolicyArns');
    }
  });

  it.each(roles)('gives %s only the actions listed for it',
    (logical, actions) => {
      expect(actionsOf(statementsOf(template(), logical)))
        .toEqual(sorted(actions));
    });

  it.each(roles)('names no wildcard action in %s, and * only where AWS ' +
    'takes nothing else', (logical) => {
    expectNarrow(statementsOf(template(), logical));
  });
});

describe('the member account template', () => {
  const roles = Object.entries(MEMBER_ACTIONS);

  it('defines no IAM resource but its two roles', () => {
    expect(identities(member)).toEqual(roles.map(([logical]) =>
      `AWS::IAM::Role ${logical}`).sort());
  });

  it.each(roles)('gives %s only the actions listed for it',
    (logical, actions) => {
      expect(actionsOf(statementsOf(member, logical, MEMBER_REFS)))
        .toEqual(sorted(actions));
    });

  it.each(roles)('names no wildcard action in %s', (logical) => {
    expectNarrow(statementsOf(member, logical, MEMBER_REFS));
  });
});

// Resources as the packaged policies name them once resolved: the
// stand-in ARN of a resource of the template, or the ARN AWS would use.
const standIn = (logical: string) =>
  `arn:aws:test:eu-west-1:000000000000:${logical}`;
const TABLE_ARN = standIn('DriftguardTable');
const own = (service: string, rest: string) =>
  `arn:aws:${service}:eu-west-1:${ACCOUNT}:${rest}`;

const call = (action: string, resource: string,
  context?: AuthRequest['context']): AuthRequest =>
  ({ action, resource, ...context ? { context } : {} });

function storeCalls(extra: string[] = []): AuthRequest[] {
  return [
    ...[...TABLE, ...extra].map((action) => call(action, TABLE_ARN)),
    call('dynamodb:Query', `${TABLE_ARN}/index/gsi1`),
    ...['dynamodb', 'sqs', 'sns'].flatMap((service) => KEY.map((action) =>
      call(action, standIn('DriftguardKey'),
        { 'kms:ViaService': `${service}.eu-west-1.amazonaws.com` }))),
  ];
}

const logsOf = (fn: string) => LOGS.map((action) => call(action,
  own('logs', `log-group:/aws/lambda/driftguard-dev-${fn}:log-stream:x`)));

const notifyCalls = [
  call('sns:Publish', standIn('AlertsTopic')),
  call('events:PutEvents', own('events', 'event-bus/default')),
  call('sqs:SendMessage', standIn('NotificationDlq')),
];

const memberRole = call('sts:AssumeRole',
  'arn:aws:iam::222233334444:role/driftguard-member');

const slackAndHub = [
  call('ssm:GetParameter', own('ssm', `parameter/${SLACK_PARAMETER}`)),
  call('securityhub:BatchImportFindings',
    own('securityhub', `product/${ACCOUNT}/default`)),
  call('securityhub:GetFindings', own('securityhub', 'hub/default')),
];

/** The calls each function makes outside EC2, where it makes them. */
const NEEDED: Record<string, AuthRequest[]> = {
  OnChangeRole: [...logsOf('on-change'),
    ...storeCalls(['dynamodb:DeleteItem']), memberRole, ...notifyCalls,
    call('sqs:SendMessage', standIn('OnChangeDlq'))],
  SweepRole: [...logsOf('sweep'), ...storeCalls(),
    call('organizations:ListAccounts', '*'),
    call('sqs:SendMessage', standIn('SweepQueue')),
    call('sqs:SendMessage', standIn('SweepDlq'))],
  SweepWorkerRole: [...logsOf('sweep-worker'), ...storeCalls(), memberRole,
    ...notifyCalls, ...['sqs:ReceiveMessage', 'sqs:DeleteMessage',
      'sqs:GetQueueAttributes'].map((a) => call(a, standIn('SweepQueue')))],
};

/** A call as a test names it: what, on which resource, through what. */
function named(request: AuthRequest): string {
  const resource = request.resource.replace(/^arn:aws:[a-z0-9-]+:[^:]*:\d*:/,
    '');
  const via = request.context?.['kms:ViaService'];
  return `${request.action} on ${resource}${via ? ` through ${via}` : ''}`;
}

const cases = Object.entries(NEEDED).flatMap(([logical, calls]) =>
  calls.map((request) => ({ logical, request, name: named(request) })));

describe.each(CONFIGURATIONS)('the $name packaging allows', (configuration) => {
  const allowed = (logical: string, request: AuthRequest) => decide(
    statementsOf(templates.get(configuration.name)!, logical), request);

  it.each(cases)('$logical $name', ({ logical, request }) => {
    expect(allowed(logical, request)).toBe('allow');
  });

  // The organization configuration turns both on; the default neither.
  const on = configuration !== DEFAULT_CONFIGURATION;
  it.each(['OnChangeRole', 'SweepWorkerRole'])(
    `%s ${on ? 'its Slack webhook and Security Hub'
      : 'no Slack webhook and no Security Hub'}`,
    (logical) => {
      for (const request of slackAndHub) {
        expect(allowed(logical, request), request.action)
          .toBe(on ? 'allow' : 'implicit');
      }
    });

  it('lets nothing assume a role but the member role', () => {
    for (const logical of Object.keys(NEEDED)) {
      expect(allowed(logical, call('sts:AssumeRole',
        'arn:aws:iam::222233334444:role/admin'))).toBe('implicit');
    }
  });
});

describe('the settings that change a role', () => {
  const defaults = readYamlTemplate('serverless.yml') as unknown as {
    params: { default: Record<string, unknown> } };
  const settings = (params: Record<string, unknown>) => readSettings({
    service: 'driftguard', stage: 'dev', region: 'eu-west-1',
    ...defaults.params.default, ...params });
  const statements = (list: unknown) =>
    resolve(list, { refs: { 'AWS::AccountId': ACCOUNT } }) as
      PolicyStatement[];
  const secret = (name: string) =>
    call('secretsmanager:GetSecretValue', own('secretsmanager',
      `secret:${name}`));

  it('read a Slack webhook of Secrets Manager by its name only', () => {
    const policy = statements(onChangeStatements({ bindingTagKey: 'k',
      settings: settings({ slackSecret: 'driftguard/slack' }) }));
    expect(decide(policy, secret('driftguard/slack-AbCdEf'))).toBe('allow');
    expect(decide(policy, secret('driftguard/slack-other-AbCdEf')))
      .toBe('implicit');
    expect(actionsOf(policy)).not.toContain('ssm:GetParameter');
  });

  it('list no organization when the accounts are named', () => {
    const policy = statements(sweepStatements({ bindingTagKey: 'k',
      settings: settings({ accounts: '111122223333' }) }));
    expect(actionsOf(policy)).not.toContain('organizations:ListAccounts');
  });
});
