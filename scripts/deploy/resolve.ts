// Everything serverless.yml computes rather than states: the checked
// parameters, the functions' environment, each role's policy and the
// CloudTrail rules' pattern. scripts/serverless/resolve.cjs hands it to
// serverless.yml as a `${file(…)}` variable source.
import { environment, checkEnvironment, roleName } from './environment.ts';
import { cloudTrailPattern, ownRoleArnPatterns } from './event-pattern.ts';
import type { Statement } from './ec2-policy.ts';
import {
  onChangeStatements,
  sweepStatements,
  sweepWorkerStatements,
  type RoleContext,
} from './roles.ts';
import { bindingTagKey, readSettings } from './settings.ts';

/** An IAM policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

/** What serverless.yml reads of the deployment. */
export interface Resolved {
  bindingTagKey: string;
  environment: Record<string, unknown>;
  roleNames: Record<'onChange' | 'sweep' | 'sweepWorker', string>;
  policies: Record<'onChange' | 'sweep' | 'sweepWorker', PolicyDocument>;
  /** The pattern of both CloudTrail rules (own account, organization). */
  eventPattern: ReturnType<typeof cloudTrailPattern>;
  busPolicyStatement: Record<string, unknown>;
}

/** IAM path of the member accounts' forwarding roles. */
export const FORWARDING_ROLE_PATH = '/driftguard-forwarding/';

/**
 * Who may put events on the organization bus: the forwarding roles of the
 * organization's accounts (infra/member-account.yaml), and nobody else;
 * without an organization, only this account.
 */
export function busPolicyStatement(
  organizationId: string,
): Record<string, unknown> {
  const base = {
    Effect: 'Allow',
    Action: 'events:PutEvents',
    Resource: { 'Fn::GetAtt': ['OrganizationBus', 'Arn'] },
  };
  if (organizationId === '') {
    return { ...base, Principal: { AWS: { 'Fn::Sub':
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } } };
  }
  return {
    ...base,
    Principal: '*',
    Condition: {
      StringEquals: { 'aws:PrincipalOrgID': organizationId },
      ArnLike: { 'aws:PrincipalArn': { 'Fn::Sub':
        `arn:\${AWS::Partition}:iam::*:role${FORWARDING_ROLE_PATH}*` } },
    },
  };
}

const document = (statements: Statement[]): PolicyDocument =>
  ({ Version: '2012-10-17', Statement: statements });

/** Resolves the deployment from `custom.driftguard` of serverless.yml. */
export async function resolveDeployment(raw: unknown): Promise<Resolved> {
  const settings = readSettings(raw);
  const context: RoleContext = {
    settings, bindingTagKey: await bindingTagKey(settings.profiles),
  };
  const env = environment(context);
  checkEnvironment(env);
  return {
    bindingTagKey: context.bindingTagKey,
    environment: env,
    roleNames: {
      onChange: roleName(settings, 'on-change'),
      sweep: roleName(settings, 'sweep'),
      sweepWorker: roleName(settings, 'sweep-worker'),
    },
    policies: {
      onChange: document(onChangeStatements(context)),
      sweep: document(sweepStatements(context)),
      sweepWorker: document(sweepWorkerStatements(context)),
    },
    eventPattern: cloudTrailPattern(
      ownRoleArnPatterns('${AWS::AccountId}', settings.memberRole)),
    busPolicyStatement: busPolicyStatement(settings.organizationId),
  };
}
