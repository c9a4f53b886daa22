// Least privilege, proven on what would be deployed: the packaged
// CloudFormation of the functions and the member account template, their
// intrinsic functions resolved, evaluated by a small IAM evaluator
// (test/unit/deploy/policy.ts) against every EC2 write driftguard makes
// (EC2_CALLS, declared beside each write in shared/aws).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EC2_CALLS } from '../../../shared/aws/calls.ts';
import { busPolicyStatement } from '../../../scripts/deploy/resolve.ts';
import {
  readYamlTemplate,
  resolve,
  type Template,
} from '../../unit/deploy/cloudformation.ts';
import { ACCOUNT, scenariosOf } from '../../unit/deploy/ec2-requests.ts';
import {
  allowsAll,
  decide,
  type AuthRequest,
  type PolicyStatement,
} from '../../unit/deploy/policy.ts';
import { PACKAGE_TIMEOUT_MS, packagedTemplate } from './packaged.ts';

const BINDING_TAG = 'driftguard:profiles';
const TOOLING = '999988887777';
const ORG = 'o-a1b2c3d4e5';
const WORKER_ARN = `arn:aws:iam::${TOOLING}:role/driftguard/worker`;

/** The member template as a StackSet would deploy it in ACCOUNT. */
const MEMBER_REFS = {
  'AWS::AccountId': ACCOUNT,
  ToolingAccountId: TOOLING,
  FunctionRoleArns: [WORKER_ARN],
  OrganizationId: ORG,
  ToolingBusArn: `arn:aws:events:eu-west-1:${TOOLING}:event-bus/dg-org`,
  MemberRoleName: 'driftguard-member',
  ExternalId: '',
  PrimaryRegion: 'eu-west-1',
};

let packaged: Template;
let member: Template;

beforeAll(async () => {
  packaged = await packagedTemplate();
  member = readYamlTemplate('infra/member-account.yaml');
}, PACKAGE_TIMEOUT_MS);

type Policied = { Properties?: Record<string, unknown> };

/** The statements of a role's inline policies, resolved. */
function roleStatements(
  template: Template,
  logical: string,
  refs: Record<string, string | string[]> = { 'AWS::AccountId': ACCOUNT },
): PolicyStatement[] {
  const role = template.Resources[logical] as Policied | undefined;
  if (!role) throw new Error(`no role ${logical}`);
  const resolved = resolve(role.Properties, { refs,
    conditions: { IsPrimaryRegion: true, HasExternalId: false } }) as {
    Policies: { PolicyDocument: { Statement: PolicyStatement[] } }[];
  };
  return resolved.Policies.flatMap((p) => p.PolicyDocument.Statement);
}

const writers = () => [
  ['the on-change role', roleStatements(packaged, 'OnChangeRole')],
  ['the sweep worker role', roleStatements(packaged, 'SweepWorkerRole')],
  ['the member role', roleStatements(member, 'MemberRole', MEMBER_REFS)],
] as const;

const cases = EC2_CALLS.flatMap((call) => scenariosOf(call, BINDING_TAG)
  .map((scenario) => ({ ...scenario, action: call.action,
    verdict: scenario.allowed ? 'allows' : 'refuses' })));

describe('the EC2 write permissions', () => {
  it.each(cases)('$verdict $action $situation',
    ({ requests, allowed }) => {
      for (const [, statements] of writers()) {
        expect(allowsAll(statements, requests)).toBe(allowed);
      }
    });

  it('give the sweep function no EC2 write at all', () => {
    const sweep = roleStatements(packaged, 'SweepRole');
    for (const { requests, allowed } of cases) {
      if (allowed) expect(allowsAll(sweep, requests)).toBe(false);
    }
  });

  it('are the same for the functions and the member role', () => {
    const ec2 = (s: PolicyStatement[]) => s.filter((st) =>
      [st.Action].flat().some((a) => String(a).startsWith('ec2:')));
    const [onChange, worker, memberRole] = writers().map(([, s]) => ec2(s));
    expect(worker).toEqual(onChange);
    expect(memberRole).toEqual(onChange);
  });
});

describe('assuming the member role', () => {
  const memberRole = (account: string, name = 'driftguard-member') =>
    ({ action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${account}:role/${name}` });

  it('is allowed to the on-change and sweep worker roles only', () => {
    for (const logical of ['OnChangeRole', 'SweepWorkerRole']) {
      const statements = roleStatements(packaged, logical);
      expect(decide(statements, memberRole('222233334444'))).toBe('allow');
      expect(decide(statements, memberRole('222233334444', 'admin')))
        .toBe('implicit');
    }
    expect(decide(roleStatements(packaged, 'SweepRole'),
      memberRole('222233334444'))).toBe('implicit');
  });

  it('is trusted only for the function roles, within the organization', () => {
    const trust = (externalId: string) => (resolve(
      member.Resources.MemberRole?.Properties?.AssumeRolePolicyDocument,
      { refs: { ...MEMBER_REFS, ExternalId: externalId },
        conditions: { HasExternalId: externalId !== '' } }) as {
      Statement: (PolicyStatement & { Principal: unknown })[] }).Statement;
    const assume = (context: Record<string, string>): AuthRequest => ({
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${ACCOUNT}:role/driftguard-member`,
      context: { 'aws:PrincipalOrgID': ORG, 'sts:RoleSessionName':
        'driftguard', 'aws:PrincipalArn': WORKER_ARN, ...context },
    });
    const open = trust('');
    expect(open[0]?.Principal).toEqual(
      { AWS: `arn:aws:iam::${TOOLING}:root` });
    expect(decide(open, assume({}))).toBe('allow');
    expect(decide(open, assume({ 'aws:PrincipalArn':
      `arn:aws:iam::${TOOLING}:role/someone-else` }))).toBe('implicit');
    expect(decide(open, assume({ 'aws:PrincipalOrgID': 'o-other0000' })))
      .toBe('implicit');
    expect(decide(open, assume({ 'sts:RoleSessionName': 'me' })))
      .toBe('implicit');
    const guarded = trust('s3cret');
    expect(decide(guarded, assume({}))).toBe('implicit');
    expect(decide(guarded, assume({ 'sts:ExternalId': 's3cret' })))
      .toBe('allow');
  });
});

describe('the organization bus', () => {
  const put = (context: Record<string, string>): AuthRequest => ({
    action: 'events:PutEvents',
    resource: 'arn:aws:test:eu-west-1:000000000000:OrganizationBus',
    context,
  });
  const forwarder =
    'arn:aws:iam::222233334444:role/driftguard-forwarding/ForwardingRole-1';

  it('admits the forwarding roles of the organization only', () => {
    const statement = resolve(busPolicyStatement(ORG),
      { refs: { 'AWS::AccountId': TOOLING } }) as PolicyStatement;
    const policy = [statement];
    expect(decide(policy, put({ 'aws:PrincipalOrgID': ORG,
      'aws:PrincipalArn': forwarder }))).toBe('allow');
    expect(decide(policy, put({ 'aws:PrincipalOrgID': ORG,
      'aws:PrincipalArn': 'arn:aws:iam::222233334444:role/dev' })))
      .toBe('implicit');
    expect(decide(policy, put({ 'aws:PrincipalOrgID': 'o-other0000',
      'aws:PrincipalArn': forwarder }))).toBe('implicit');
  });

  it('admits no other account without an organization', () => {
    const policy = packaged.Resources.OrganizationBusPolicy?.Properties;
    expect(resolve(policy?.Statement, { refs: { 'AWS::AccountId': TOOLING } }))
      .toMatchObject({ Principal: { AWS: `arn:aws:iam::${TOOLING}:root` } });
  });

  it('is the only thing the member forwarding role may put events on', () => {
    const statements = roleStatements(member, 'ForwardingRole', MEMBER_REFS);
    expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
      ['events:PutEvents', MEMBER_REFS.ToolingBusArn]]);
  });
});

describe('the binding tag service control policy', () => {
  const scp = JSON.parse(readFileSync('infra/scp-binding-tag.json',
    'utf8')) as { Statement: PolicyStatement[] };
  const tag = (principal: string, keys?: string[]): AuthRequest => ({
    action: keys ? 'ec2:CreateTags' : 'ec2:DeleteTags',
    resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-1`,
    context: { 'aws:PrincipalArn': principal,
      ...keys ? { 'aws:TagKeys': keys } : {} },
  });
  const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

  it.each([
    ['denies a developer the binding tag', tag(role('dev'), [BINDING_TAG]),
      'deny'],
    ['denies a developer removing every tag', tag(role('dev')), 'deny'],
    ['lets a developer set other tags', tag(role('dev'), ['owner']),
      'implicit'],
    ['lets a platform role set the binding tag',
      tag(role('platform-security/admin'), [BINDING_TAG]), 'implicit'],
    ['lets driftguard put the binding tag back',
      tag(role('driftguard-member'), [BINDING_TAG]), 'implicit'],
  ])('%s', (_, request, expected) => {
    expect(decide(scp.Statement, request)).toBe(expected);
  });
});
