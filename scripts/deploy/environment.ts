// The environment every function is deployed with: each deployment
// parameter as the variable shared/config.ts reads, and the resources
// serverless.yml defines. Checked with readConfig at packaging time, so a
// parameter the functions would refuse fails `npm run package` instead of
// the first invocation.
import { readConfig } from '../../shared/config.ts';
import { FUNCTION_ROLE_PATH } from './event-pattern.ts';
import { LOGICAL, type RoleContext } from './roles.ts';
import { isDryRun, type DeploySettings } from './settings.ts';

/** Where the intent bundle lies in each function's package. */
export const BUNDLE_IN_PACKAGE = 'dist/intent.json';

/** Lambda unpacks a function's package here. */
export const TASK_ROOT = '/var/task';

/**
 * driftguard's own roles, whose calls it never acts on, as the functions
 * read them: each function's role by its ARN in the tooling account it is
 * deployed to, and the member role by name, which names that role only in
 * the account an event changed. A role of one of these names in any other
 * account is someone else's.
 */
export function ownRoles(settings: DeploySettings): { 'Fn::Sub': string } {
  const fns = ['on-change', 'sweep', 'sweep-worker'];
  const arns = fns.map((fn) =>
    `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role` +
    `${FUNCTION_ROLE_PATH}${roleName(settings, fn)}`);
  return { 'Fn::Sub': [...arns, settings.memberRole].join(',') };
}

/** The IAM role name of a function (roles are global: region included). */
export function roleName(settings: DeploySettings, fn: string): string {
  const { service, stage, region } = settings;
  return `${service}-${stage}-${region}-${fn}`;
}

const joined = (items: string[]) => items.join(',');

/**
 * The variables of every function. Optional settings left empty are left
 * out (the functions read an absent variable as "not set"). Values that
 * name resources are CloudFormation references.
 */
export function environment(context: RoleContext): Record<string, unknown> {
  const { settings: s } = context;
  const optional = (name: string, value: string) =>
    value === '' ? {} : { [name]: value };
  return {
    NODE_OPTIONS: '--enable-source-maps',
    DRIFTGUARD_DRY_RUN: String(isDryRun(s)),
    DRIFTGUARD_MODE: s.cap,
    DRIFTGUARD_BUDGET_PER_INVOCATION: String(s.budgetPerInvocation),
    DRIFTGUARD_BUDGET_PER_ACCOUNT_HOUR: String(s.budgetPerAccountHour),
    DRIFTGUARD_BUNDLE: `${TASK_ROOT}/${BUNDLE_IN_PACKAGE}`,
    DRIFTGUARD_TABLE: { Ref: LOGICAL.table },
    DRIFTGUARD_OWN_ROLES: ownRoles(s),
    DRIFTGUARD_PLATFORM_PRINCIPALS: joined(s.platformPrincipals),
    DRIFTGUARD_VENDOR_PRINCIPALS: joined(s.vendorPrincipals),
    DRIFTGUARD_MEMBER_ROLE: s.memberRole,
    ...optional('DRIFTGUARD_EXTERNAL_ID', s.externalId),
    DRIFTGUARD_SNS_TOPIC_ARN: { Ref: LOGICAL.topic },
    DRIFTGUARD_EVENT_BUS: s.notificationBus,
    ...optional('DRIFTGUARD_SLACK_SECRET', s.slackSecret),
    DRIFTGUARD_DLQ_URL: { Ref: LOGICAL.notificationDlq },
    DRIFTGUARD_SECURITY_HUB: String(s.securityHub),
    DRIFTGUARD_ALERT_WINDOW_MINUTES: String(s.alertWindowMinutes),
    DRIFTGUARD_SWEEP_QUEUE_URL: { Ref: LOGICAL.sweepQueue },
    DRIFTGUARD_SWEEP_MAX_RECEIVES: String(s.sweepMaxReceives),
    DRIFTGUARD_REGIONS: joined(s.regions),
    DRIFTGUARD_ACCOUNTS: joined(s.accounts),
  };
}

/**
 * Reads `env` as a function would, references standing in as the values
 * they will have (an ARN, a queue URL), and throws what it refuses.
 */
export function checkEnvironment(env: Record<string, unknown>): void {
  const sample = Object.fromEntries(Object.entries(env).map(([name, v]) =>
    [name, typeof v === 'string' ? v : sampleOf(name)]));
  readConfig({ ...sample, AWS_REGION: 'eu-west-1' });
}

function sampleOf(name: string): string {
  return name.endsWith('_URL')
    ? 'https://sqs.eu-west-1.amazonaws.com/111122223333/queue'
    : 'arn:aws:sns:eu-west-1:111122223333:placeholder';
}
