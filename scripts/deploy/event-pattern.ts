// The EventBridge pattern of the deployed CloudTrail rules, made from the
// one the event parser screens with (shared/events), so that the rules and
// the parser never disagree about which calls driftguard handles.
import { EVENT_PATTERN } from '../../shared/events/index.ts';

/** IAM path of the roles the functions run as in the tooling account. */
export const FUNCTION_ROLE_PATH = '/driftguard/';

/** `Fn::Sub` of a role ARN pattern in this partition. */
function roleArn(account: string, role: string): unknown {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:iam::${account}:role${role}` };
}

/**
 * Role ARNs (EventBridge wildcards) whose calls never invoke driftguard:
 * the functions' roles, every role under {@link FUNCTION_ROLE_PATH} of
 * the tooling account (`toolingAccount`, a `Fn::Sub` expression such as
 * `${AWS::AccountId}`), and the member role `memberRole` of `members`.
 */
export function ownRoleArnPatterns(
  toolingAccount: string,
  memberRole: string,
  members = '*',
): unknown[] {
  return [
    roleArn(toolingAccount, `${FUNCTION_ROLE_PATH}*`),
    roleArn(members, `/${memberRole}`),
  ];
}

/**
 * The pattern of the rules that deliver CloudTrail's EC2 calls to the
 * on-change function: every event name the parser handles, only calls that
 * succeeded (a failed call has an `errorCode` and changed nothing), and
 * none made by driftguard's own roles (`ownRoles`, see
 * {@link ownRoleArnPatterns}), so that its writes never invoke it again.
 * A call whose identity has no session issuer (an IAM user, root) is never
 * driftguard's own and is delivered.
 */
export function cloudTrailPattern(ownRoles: unknown[]) {
  const { detail, ...envelope } = EVENT_PATTERN;
  return {
    ...envelope,
    detail: {
      ...detail,
      errorCode: [{ exists: false }],
      userIdentity: {
        sessionContext: {
          sessionIssuer: {
            arn: [
              { 'anything-but': { wildcard: ownRoles } },
              { exists: false },
            ],
          },
        },
      },
    },
  };
}
