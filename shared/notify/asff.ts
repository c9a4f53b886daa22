import type {
  AwsSecurityFinding,
  Partition,
  SeverityLabel,
} from '@aws-sdk/client-securityhub';
import { groupArn } from './eventbridge.ts';
import type { Notification, NotifiedFinding } from './model.ts';
import { partitionOf } from './partition.ts';
import { cut } from './text.ts';

/** The ASFF version driftguard writes. */
const SCHEMA_VERSION = '2018-10-08';

/** The finding type of every driftguard finding. */
export const FINDING_TYPE = 'Software and Configuration Checks/' +
  'AWS Security Best Practices/Network Reachability';

/** The default (custom integration) product ARN of an account's hub. */
export function productArn(account: string, region: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${account}:` +
    `product/${account}/default`;
}

/**
 * A finding's ASFF id: the same finding on the same group always gets
 * the same id, so importing it again updates it.
 */
export function asffId(n: Notification, f: NotifiedFinding): string {
  const { group } = n;
  return cut(`driftguard/${group.account}/${group.region}/${group.id}/` +
    f.key, 512);
}

/** When a finding was first imported, if it was. */
export interface Existing {
  createdAt: string;
}

/**
 * One finding in the AWS Security Finding Format: active and failed,
 * with the group as its resource. `AwsAccountId` is the account that
 * imports it (`account`), not the group's: with the default product ARN,
 * Security Hub accepts a finding only from the account it names, and
 * driftguard imports every member account's findings from the tooling
 * account. The group's account and region are in the resource (its ARN)
 * and in `ProductFields`. A new finding starts its workflow as
 * `NEW`; an update leaves the workflow, which is the hub users', alone.
 * Severity and types also go in `FindingProviderFields`, the fields
 * a provider may still change after the first import.
 */
export function asffFinding(
  n: Notification,
  f: NotifiedFinding,
  context: {
    productArn: string;
    account: string;
    now: Date;
    existing?: Existing;
  },
): AwsSecurityFinding {
  const label = f.severity.toUpperCase() as SeverityLabel;
  const now = context.now.toISOString();
  const finding: AwsSecurityFinding = {
    SchemaVersion: SCHEMA_VERSION,
    Id: asffId(n, f),
    ProductArn: context.productArn,
    GeneratorId: `driftguard/${f.kind}`,
    AwsAccountId: context.account,
    Region: n.group.region,
    Types: [FINDING_TYPE],
    CreatedAt: context.existing?.createdAt ?? now,
    UpdatedAt: now,
    Severity: { Label: label },
    FindingProviderFields: {
      Severity: { Label: label, Original: f.severity },
      Types: [FINDING_TYPE],
    },
    Title: cut(`${f.kind} on ${n.group.id}`, 256),
    Description: cut(f.message, 1024),
    SourceUrl: n.group.consoleUrl,
    ProductFields: productFields(n, f),
    Remediation: { Recommendation: {
      Text: cut(`driftguard ${n.summary}`, 512),
      Url: n.group.consoleUrl,
    } },
    Resources: [resource(n)],
    Compliance: { Status: 'FAILED' },
    RecordState: 'ACTIVE',
  };
  if (!context.existing) finding.Workflow = { Status: 'NEW' };
  return finding;
}

/** The fields of an imported finding driftguard itself set. */
const OWN_FIELDS = [
  'SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId',
  'Region', 'Types', 'CreatedAt', 'Severity', 'FindingProviderFields',
  'Title', 'Description', 'SourceUrl', 'ProductFields', 'Remediation',
  'Resources',
] as const;

/**
 * An imported finding, archived and passed: the drift it reported is
 * gone. Security Hub resolves the workflow of a finding archived this
 * way by itself (BatchImportFindings may not set it after the first
 * import).
 */
export function archivedFinding(
  imported: AwsSecurityFinding,
  now: Date,
): AwsSecurityFinding {
  const own: Record<string, unknown> = {};
  for (const key of OWN_FIELDS) {
    if (imported[key] !== undefined) own[key] = imported[key];
  }
  return {
    ...(own as unknown as AwsSecurityFinding),
    UpdatedAt: now.toISOString(),
    Compliance: { Status: 'PASSED' },
    RecordState: 'ARCHIVED',
  };
}

function productFields(
  n: Notification,
  f: NotifiedFinding,
): Record<string, string> {
  const release = n.writes.find((w) => w.release)?.release;
  const fields: Record<string, string | undefined> = {
    'driftguard/account': n.group.account,
    'driftguard/region': n.group.region,
    'driftguard/kind': f.kind,
    'driftguard/profile': f.profile,
    'driftguard/policyRule': f.decidedBy,
    'driftguard/ruleId': f.ruleId,
    'driftguard/action': f.action,
    'driftguard/intentVersion': n.intentVersion,
    'driftguard/release': release,
  };
  return Object.fromEntries(Object.entries(fields)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

function resource(n: Notification) {
  const { group } = n;
  const details: Record<string, string> = { GroupId: group.id };
  if (group.name) details.GroupName = group.name;
  if (group.vpcId) details.VpcId = group.vpcId;
  return {
    Type: 'AwsEc2SecurityGroup',
    Id: groupArn(group.account, group.region, group.id),
    Partition: partitionOf(group.region) as Partition,
    Region: group.region,
    Details: { AwsEc2SecurityGroup: details },
  };
}
