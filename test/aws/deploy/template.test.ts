// The packaged deployment says what the code expects: the table as
// create-table.ts defines it, each function's runtime and environment as
// shared/config.ts reads it, and the queues as the functions use them;
// and an organization's packaging carries its settings to the functions.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../../shared/store/create-table.ts';
import { ATTR } from '../../../shared/store/table.ts';
import { FUNCTIONS } from '../../../scripts/esbuild-options.ts';
import type { Template } from '../../unit/deploy/cloudformation.ts';
import {
  ORGANIZATION_CONFIGURATION,
  ORGANIZATION_ID,
  PACKAGE_TIMEOUT_MS,
  packagedTemplate,
  SLACK_PARAMETER,
} from './packaged.ts';

/** Logical ids osls gives the functions. */
const LOGICAL: Record<keyof typeof FUNCTIONS, string> = {
  'on-change': 'OnDashchangeLambdaFunction',
  sweep: 'SweepLambdaFunction',
  'sweep-worker': 'SweepDashworkerLambdaFunction',
};

/** The variables shared/config.ts reads, from its source. */
function configVariables(): string[] {
  const source = readFileSync('shared/config.ts', 'utf8');
  return [...new Set(source.match(/\bDRIFTGUARD_[A-Z_]+\b/g))].sort();
}

let template: Template;

beforeAll(async () => {
  template = await packagedTemplate();
}, PACKAGE_TIMEOUT_MS);

const props = (logical: string) => template.Resources[logical]?.Properties ??
  {};

describe('the table', () => {
  it('has the keys, index and billing create-table.ts defines', () => {
    const { TableName: _, ...defined } = tableDefinition('driftguard');
    expect(props('DriftguardTable')).toMatchObject(defined);
  });

  it('expires records by the TTL attribute the store writes', () => {
    expect(props('DriftguardTable').TimeToLiveSpecification)
      .toEqual({ AttributeName: ATTR.expiresAt, Enabled: true });
  });

  it('keeps the audit log: recoverable, protected, encrypted, retained', () => {
    expect(props('DriftguardTable')).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
    expect(template.Resources.DriftguardTable).toMatchObject(
      { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe.each(Object.keys(LOGICAL) as (keyof typeof LOGICAL)[])(
  'the %s function', (name) => {
    const fn = () => props(LOGICAL[name]);
    const env = () => (fn().Environment as {
      Variables: Record<string, unknown> }).Variables;

    it('runs its bundle on Node 24, arm64, with source maps', () => {
      expect(fn()).toMatchObject({ Runtime: 'nodejs24.x',
        Architectures: ['arm64'], Handler: `functions/${name}.handler` });
      expect(env().NODE_OPTIONS).toBe('--enable-source-maps');
    });

    it('sets only variables shared/config.ts reads', () => {
      const known = configVariables();
      const set = Object.keys(env()).filter((v) => v.startsWith('DRIFTGUARD_'));
      for (const variable of set) expect(known).toContain(variable);
    });

    it('sets every variable a deployment needs', () => {
      // Left unset: the endpoint (tests and the demo only), and the
      // optional settings this packaging leaves empty.
      const unset = ['DRIFTGUARD_ENDPOINT_URL', 'DRIFTGUARD_EXTERNAL_ID',
        'DRIFTGUARD_SLACK_SECRET'];
      const wanted = configVariables().filter((v) => !unset.includes(v));
      expect(Object.keys(env())).toEqual(expect.arrayContaining(wanted));
    });

    it('starts in dry-run, reading the bundle it ships with', () => {
      expect(env()).toMatchObject({ DRIFTGUARD_DRY_RUN: 'true',
        DRIFTGUARD_BUNDLE: '/var/task/dist/intent.json' });
    });

    it('runs as a role of its own under the path the rules leave out', () => {
      const role = (fn().Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      expect(template.Resources[role ?? '']?.Properties?.Path)
        .toBe('/driftguard/');
      // By its ARN in the tooling account: a role of the same name in a
      // member account is not driftguard's.
      const own = env().DRIFTGUARD_OWN_ROLES as { 'Fn::Sub': string };
      const name = String(template.Resources[role ?? '']?.Properties?.RoleName);
      expect(own['Fn::Sub'].split(',')).toContain('arn:${AWS::Partition}:' +
        `iam::\${AWS::AccountId}:role/driftguard/${name}`);
    });
  });

describe('the sweep queue', () => {
  it('gives up on a message after the deliveries the worker counts', () => {
    const worker = props(LOGICAL['sweep-worker']).Environment as {
      Variables: Record<string, string> };
    const policy = props('SweepQueue').RedrivePolicy as {
      maxReceiveCount: number; deadLetterTargetArn: unknown };
    expect(String(policy.maxReceiveCount))
      .toBe(worker.Variables.DRIFTGUARD_SWEEP_MAX_RECEIVES);
    expect(policy.deadLetterTargetArn)
      .toEqual({ 'Fn::GetAtt': ['SweepQueueDlq', 'Arn'] });
  });

  it('feeds the worker, which reports each failed message', () => {
    const mapping = Object.values(template.Resources).find((r) =>
      r.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['SweepQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': [LOGICAL['sweep-worker'], 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('outlasts the worker: a message is not handed out twice at once', () => {
    expect(Number(props('SweepQueue').VisibilityTimeout))
      .toBeGreaterThan(Number(props(LOGICAL['sweep-worker']).Timeout));
  });
});

describe('what holds data', () => {
  it('is encrypted with the deployment key', () => {
    for (const [logical, resource] of Object.entries(template.Resources)) {
      if (resource.Type === 'AWS::SQS::Queue' ||
          resource.Type === 'AWS::SNS::Topic') {
        expect(resource.Properties?.KmsMasterKeyId, logical)
          .toEqual({ Ref: 'DriftguardKey' });
      }
      if (resource.Type === 'AWS::Logs::LogGroup') {
        expect(resource.Properties?.KmsKeyId, logical)
          .toEqual({ 'Fn::GetAtt': ['DriftguardKey', 'Arn'] });
      }
    }
  });
});

describe('the organization packaging', () => {
  let organization: Template;

  beforeAll(async () => {
    organization = await packagedTemplate(ORGANIZATION_CONFIGURATION);
  }, PACKAGE_TIMEOUT_MS);

  it.each(Object.values(LOGICAL))(
    'has %s enforce, with the Slack webhook and Security Hub', (logical) => {
      const fn = organization.Resources[logical]?.Properties ?? {};
      expect((fn.Environment as { Variables: unknown }).Variables)
        .toMatchObject({ DRIFTGUARD_DRY_RUN: 'false',
          DRIFTGUARD_SLACK_SECRET: `ssm:/${SLACK_PARAMETER}`,
          DRIFTGUARD_SECURITY_HUB: 'true' });
    });

  it('admits the organization to the bus its members forward to', () => {
    const policy = organization.Resources.OrganizationBusPolicy?.Properties;
    expect(policy?.Statement).toMatchObject({ Principal: '*', Condition: {
      StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } } });
  });
});
