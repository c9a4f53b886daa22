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
    expect(memberRole).toEqual(onChange);
    // Only the event path finds a group by name in the default VPC.
    const withoutVpcs = (onChange ?? []).map((st) => ({ ...st,
      Action: [st.Action].flat().filter((a) => a !== 'ec2:DescribeVpcs') }));
    expect(worker).toEqual(withoutVpcs);
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
  // The file names the tooling account by a placeholder its user sets.
  const text = readFileSync('infra/scp-binding-tag.json', 'utf8');
  const scp = JSON.parse(text.replaceAll('TOOLING_ACCOUNT_ID', TOOLING)) as
    { Statement: PolicyStatement[] };
  const tag = (principal: string, keys?: string[]): AuthRequest => ({
    action: keys ? 'ec2:CreateTags' : 'ec2:DeleteTags',
    resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-1`,
    context: { 'aws:PrincipalArn': principal,
      ...keys ? { 'aws:TagKeys': keys } : {} },
  });
  const role = (name: string, account = ACCOUNT) =>
    `arn:aws:iam::${account}:role/${name}`;
  const iam = (action: string, target: string, principal: string) => ({
    action, resource: target, context: { 'aws:PrincipalArn': principal } });
  const QUARANTINE = 'driftguard:quarantine';
  const onChange = role('driftguard/driftguard-prod-eu-west-1-on-change',
    TOOLING);
  const stackSet = role('stacksets-exec-0123456789abcdef');

  it.each([
    ['denies a developer the binding tag', tag(role('dev'), [BINDING_TAG]),
      'deny'],
    ['denies a developer the quarantine tag', tag(role('dev'), [QUARANTINE]),
      'deny'],
    ['denies a developer removing every tag', tag(role('dev')), 'deny'],
    ['lets a developer set other tags', tag(role('dev'), ['owner']),
      'implicit'],
    ['lets a platform role set the binding tag',
      tag(role('platform-security/admin'), [BINDING_TAG]), 'implicit'],
    ['lets driftguard put the binding tag back',
      tag(role('driftguard-member'), [BINDING_TAG]), 'implicit'],
    ['lets driftguard tag its quarantine group',
      tag(role('driftguard-member'), [QUARANTINE]), 'implicit'],
    ['lets a function role of the tooling account put the tag back',
      tag(onChange, [BINDING_TAG]), 'implicit'],
    ['denies a role under driftguard\'s path in another account',
      tag(role('driftguard/impostor'), [BINDING_TAG]), 'deny'],
    ['denies a role named like the member role under a path',
      tag(role('team/driftguard-member'), [BINDING_TAG]), 'deny'],
  ])('%s', (_, request, expected) => {
    expect(decide(scp.Statement, request)).toBe(expected);
  });

  it.each([
    ['denies a developer creating a lookalike of driftguard\'s roles',
      iam('iam:CreateRole', role('driftguard/impostor'), role('dev')),
      'deny'],
    ['denies a developer creating a role named as the member role',
      iam('iam:CreateRole', role('driftguard-member'), role('dev')), 'deny'],
    ['denies a developer creating a role under the platform path',
      iam('iam:CreateRole', role('platform-security/me'), role('dev')),
      'deny'],
    ['denies a developer creating a role named as a StackSet\'s',
      iam('iam:CreateRole', role('stacksets-exec-me'), role('dev')), 'deny'],
    ['denies a developer trusting themselves with the member role',
      iam('iam:UpdateAssumeRolePolicy', role('driftguard-member'),
        role('dev')), 'deny'],
    ['denies a developer widening a forwarding role',
      iam('iam:PutRolePolicy', role('driftguard-forwarding/Forward-1'),
        role('dev')), 'deny'],
    ['denies a developer running code as a driftguard role',
      iam('iam:PassRole', onChange, role('dev', TOOLING)), 'deny'],
    ['lets a developer create other roles',
      iam('iam:CreateRole', role('team/app'), role('dev')), 'implicit'],
    ['lets a platform role create driftguard\'s roles',
      iam('iam:CreateRole', onChange, role('platform-security/deploy',
        TOOLING)), 'implicit'],
    ['lets the StackSet create the member role',
      iam('iam:CreateRole', role('driftguard-member'), stackSet),
      'implicit'],
  ])('%s', (_, request, expected) => {
    expect(decide(scp.Statement, request)).toBe(expected);
  });

  it('pins driftguard\'s function roles to the tooling account', () => {
    const exempted = scp.Statement.flatMap((s) =>
      [s.Condition?.ArnNotLike?.['aws:PrincipalArn'] ?? []].flat())
      .map(String);
    const tooling = exempted.filter((arn) => arn.includes(':role/driftguard/'));
    expect(tooling.length).toBeGreaterThan(0);
    for (const arn of tooling) {
      expect(arn).toBe(`arn:aws:iam::${TOOLING}:role/driftguard/*`);
    }
  });

  it('fits the size Organizations allows a policy', () => {
    expect(JSON.stringify(JSON.parse(text)).length).toBeLessThanOrEqual(5120);
  });
});
