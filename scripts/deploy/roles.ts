// The policy of each function's role: what that function calls and nothing
// more. serverless.yml takes them through scripts/serverless/resolve.cjs.
import {
  ec2ReadStatements,
  ec2WriteStatements,
  type Statement,
} from './ec2-policy.ts';
import type { DeploySettings } from './settings.ts';

/** Logical ids of the resources serverless.yml defines. */
export const LOGICAL = {
  table: 'DriftguardTable',
  key: 'DriftguardKey',
  topic: 'AlertsTopic',
  sweepQueue: 'SweepQueue',
  sweepQueueDlq: 'SweepQueueDlq',
  sweepDlq: 'SweepDlq',
  onChangeDlq: 'OnChangeDlq',
  notificationDlq: 'NotificationDlq',
  organizationBus: 'OrganizationBus',
} as const;

/** What the role policies are built from. */
export interface RoleContext {
  settings: DeploySettings;
  /** The tag key that binds groups to profiles (from the profiles). */
  bindingTagKey: string;
}

const sub = (text: string) => ({ 'Fn::Sub': text });
const arnOf = (logical: string) => ({ 'Fn::GetAtt': [logical, 'Arn'] });
const allow = (Sid: string, Action: string[], Resource: unknown,
  Condition?: Statement['Condition']): Statement =>
  ({ Sid, Effect: 'Allow', Action, Resource,
    ...(Condition ? { Condition } : {}) });

/** The deployed name of a function, as serverless names it. */
export function functionName(settings: DeploySettings, fn: string): string {
  return `${settings.service}-${settings.stage}-${fn}`;
}

function logs(settings: DeploySettings, fn: string): Statement {
  const group = `/aws/lambda/${functionName(settings, fn)}`;
  return allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'],
    sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:` +
      `log-group:${group}:*`));
}

const TABLE_ACTIONS = [
  'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem',
  'dynamodb:Query', 'dynamodb:BatchWriteItem',
];

function table(extra: string[] = []): Statement[] {
  return [
    allow('UseTheTable', [...TABLE_ACTIONS, ...extra], arnOf(LOGICAL.table)),
    allow('ListThroughTheIndex', ['dynamodb:Query'],
      sub(`\${${LOGICAL.table}.Arn}/index/gsi1`)),
  ];
}

/** The deployment's key, used through SNS, SQS and DynamoDB only. */
function key(): Statement {
  const via = ['sns', 'sqs', 'dynamodb'].map((service) =>
    sub(`${service}.\${AWS::Region}.amazonaws.com`));
  return allow('UseTheKeyThroughItsServices',
    ['kms:Decrypt', 'kms:GenerateDataKey'], arnOf(LOGICAL.key),
    { StringEquals: { 'kms:ViaService': via } });
}

function assumeMember(settings: DeploySettings): Statement {
  return allow('AssumeTheMemberRole', ['sts:AssumeRole'],
    sub(`arn:\${AWS::Partition}:iam::*:role/${settings.memberRole}`));
}

function slack(secret: string): Statement[] {
  if (secret === '') return [];
  if (secret.startsWith('ssm:')) {
    const name = secret.slice(4).replace(/^\/+/, '');
    return [allow('ReadTheSlackWebhook', ['ssm:GetParameter'],
      sub('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:' +
        `parameter/${name}`))];
  }
  const name = secret.replace(/^secretsmanager:/, '');
  // Secrets Manager adds six random characters to a secret's ARN.
  const arn = name.startsWith('arn:') ? name : sub(
    'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:' +
    `\${AWS::AccountId}:secret:${name}-??????`);
  return [allow('ReadTheSlackWebhook', ['secretsmanager:GetSecretValue'],
    arn)];
}

function securityHub(on: boolean): Statement[] {
  if (!on) return [];
  const hub = 'arn:${AWS::Partition}:securityhub:${AWS::Region}:' +
    '${AWS::AccountId}';
  return [
    allow('ImportFindings', ['securityhub:BatchImportFindings'],
      sub(`${hub}:product/\${AWS::AccountId}/default`)),
    allow('ReadOwnFindings', ['securityhub:GetFindings'],
      sub(`${hub}:hub/default`)),
  ];
}

function notify(settings: DeploySettings): Statement[] {
  return [
    allow('PublishAlerts', ['sns:Publish'], { Ref: LOGICAL.topic }),
    allow('PutEventsOnTheBus', ['events:PutEvents'],
      sub('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:' +
        `event-bus/${settings.notificationBus}`)),
    allow('DeadLetterNotifications', ['sqs:SendMessage'],
      arnOf(LOGICAL.notificationDlq)),
    ...slack(settings.slackSecret),
    ...securityHub(settings.securityHub),
  ];
}

/** Send failed asynchronous invocations to a queue (the Lambda DLQ). */
function lambdaDlq(logical: string): Statement {
  return allow('DeadLetterFailedInvocations', ['sqs:SendMessage'],
    arnOf(logical));
}

/** The on-change function: acts on one event, everywhere it may act. */
export function onChangeStatements(context: RoleContext): Statement[] {
  const { settings } = context;
  return [
    logs(settings, 'on-change'),
    // DeleteItem: Powertools' idempotency removes the record of an
    // invocation that failed, so that a retry runs again.
    ...table(['dynamodb:DeleteItem']),
    key(),
    ...ec2ReadStatements({ defaultVpc: true }),
    ...ec2WriteStatements(context.bindingTagKey),
    assumeMember(settings),
    ...notify(settings),
    lambdaDlq(LOGICAL.onChangeDlq),
  ];
}

/** The sweep function: lists the accounts and fills the sweep queue. */
export function sweepStatements(context: RoleContext): Statement[] {
  const { settings } = context;
  const organization = settings.accounts.length > 0 ? [] : [
    // Organizations' ListAccounts takes no resource-level permissions.
    allow('ListTheOrganization', ['organizations:ListAccounts'], '*'),
  ];
  return [
    logs(settings, 'sweep'),
    ...table(),
    key(),
    ...organization,
    allow('FillTheSweepQueue', ['sqs:SendMessage'],
      arnOf(LOGICAL.sweepQueue)),
    lambdaDlq(LOGICAL.sweepDlq),
  ];
}

/** The sweep worker: one account-region per message, read and converged. */
export function sweepWorkerStatements(context: RoleContext): Statement[] {
  const { settings } = context;
  return [
    logs(settings, 'sweep-worker'),
    ...table(),
    key(),
    allow('ConsumeTheSweepQueue', ['sqs:ReceiveMessage',
      'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    arnOf(LOGICAL.sweepQueue)),
    ...ec2ReadStatements(),
    ...ec2WriteStatements(context.bindingTagKey),
    assumeMember(settings),
    ...notify(settings),
  ];
}
