import type { Direction } from '../rules/index.ts';

/** The CloudTrail event names driftguard acts on, all from `aws.ec2`. */
export const HANDLED_EVENT_NAMES = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
  'UpdateSecurityGroupRuleDescriptionsIngress',
  'UpdateSecurityGroupRuleDescriptionsEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'ModifyNetworkInterfaceAttribute',
  'ModifyInstanceAttribute',
  'RunInstances',
  'CreateNetworkInterface',
  'CreateTags',
  'DeleteTags',
] as const;

/** One of the event names driftguard acts on. */
export type HandledEventName = (typeof HANDLED_EVENT_NAMES)[number];

/**
 * What an event changed, broadly: `rules` of a group, a group `created` or
 * `deleted`, the groups `attached` to an interface or instance, resources
 * `launched` with groups, or the `binding` tags of groups.
 */
export type ChangeKind =
  | 'rules'
  | 'group-created'
  | 'group-deleted'
  | 'attached'
  | 'launched'
  | 'binding';

/** Who made the call, as CloudTrail's `userIdentity` says it. */
export interface Actor {
  /** `IAMUser`, `AssumedRole`, `Root`, `AWSService`, `FederatedUser`... */
  type: string;
  arn?: string;
  principalId?: string;
  /** As CloudTrail gives it; documentation masks it to other lengths. */
  accountId?: string;
  userName?: string;
  /** The role ARN behind an assumed-role session. */
  sessionIssuer?: string;
  /** The AWS service that made the call on the actor's behalf. */
  invokedBy?: string;
  sourceIPAddress?: string;
  userAgent?: string;
}

/** A security group named by name only, to resolve to its id. */
export interface GroupName {
  name: string;
  /** Absent for groups of the default VPC (or when the event omits it). */
  vpcId?: string;
}

/** The other side of a permission, as the request named it. */
export type PermissionPeer =
  | { kind: 'cidr'; cidr: string; description?: string }
  | { kind: 'prefixList'; prefixListId: string; description?: string }
  | {
      kind: 'group';
      /** At least one of `groupId` and `groupName` is present. */
      groupId?: string;
      groupName?: string;
      /** The account owning the group, when the request names it. */
      userId?: string;
      description?: string;
    };

/**
 * A permission a request named, from any of the shapes CloudTrail records
 * (`ipPermissions.items`, the flat `cidrIp` form, or the PascalCase
 * `ModifySecurityGroupRulesRequest`), with numbers for numbers.
 */
export interface Permission {
  /**
   * IP protocol number, -1 for every protocol. Absent when the request
   * names none (a flat grant to a source group, or a modify leaving it).
   */
  protocol?: number;
  /** tcp and udp: the first port; icmp: the type; -1 for all. */
  fromPort?: number;
  /** tcp and udp: the last port; icmp: the code; -1 for all. */
  toPort?: number;
  peers: PermissionPeer[];
  /** ModifySecurityGroupRules: the `sgr-` rule this replaces. */
  ruleId?: string;
  /** ModifySecurityGroupRules: the rule's new description. */
  description?: string;
}

/** CreateTags or DeleteTags on security groups: binding changes. */
export interface TagChange {
  action: 'create' | 'delete';
  /** The security groups tagged; other resources are left out. */
  groupIds: string[];
  /**
   * The tags named. A delete without a value deletes the key whatever its
   * value; a delete naming no tag at all deletes every tag.
   */
  tags: { key: string; value?: string }[];
}

/** The group a CreateSecurityGroup call made. */
export interface CreatedGroup {
  groupId: string;
  groupName: string;
  /** Absent when the group was made in the default VPC. */
  vpcId?: string;
  description?: string;
}

/** The group a DeleteSecurityGroup call removed, as it was named. */
export interface DeletedGroup {
  /** At least one of `groupId` and `groupName` is present. */
  groupId?: string;
  groupName?: string;
}

/**
 * One successful EC2 call that may have moved a group away from its
 * intent: the trigger for re-reading and re-evaluating what it names.
 */
export interface Change {
  /** CloudTrail's `eventID`, else EventBridge's `id`. */
  eventId: string;
  eventName: HandledEventName;
  kind: ChangeKind;
  /** When the call was made (RFC 3339, as CloudTrail wrote it). */
  eventTime: string;
  /** The account the call changed (`recipientAccountId`). */
  account: string;
  region: string;
  actor: Actor;
  /** CloudTrail's `requestID`, for correlating with other records. */
  requestId?: string;
  /** Groups changed, attached or tagged, by id; no duplicates. */
  groupIds: string[];
  /** Groups the event names only by name, to resolve. */
  groupNames: GroupName[];
  networkInterfaceIds: string[];
  instanceIds: string[];
  /** `sgr-` ids the request or the response names. */
  ruleIds: string[];
  /** Rule events of one direction (not ModifySecurityGroupRules). */
  direction?: Direction;
  /** The permissions a rule event's request named. */
  permissions: Permission[];
  tagChange?: TagChange;
  createdGroup?: CreatedGroup;
  deletedGroup?: DeletedGroup;
  /** A sentence for people: what was called, on what, by whom. */
  reason: string;
}

/** Where a malformed event is wrong: a JSON path like `$.detail.x[0]`. */
export interface Problem {
  path: string;
  message: string;
}

/** What to do with one event: evaluate a change, ignore, or reject it. */
export type ParseResult =
  | { decision: 'evaluate'; change: Change }
  | {
      decision: 'ignore';
      eventId?: string;
      eventName?: string;
      /** Why, as a sentence for people. */
      reason: string;
    }
  | { decision: 'invalid'; eventId?: string; problems: Problem[] };

/** The result of one event of a batch, with the event's index. */
export type BatchResult = ParseResult & { index: number };

/** How a deployment tells its own changes from everyone else's. */
export interface ParseOptions {
  /**
   * driftguard's own roles. Events whose session issuer is one of them
   * are ignored. A role ARN names that role in its account only (the
   * functions' roles, in the tooling account); a role name or `path/name`
   * names the role only in the account the event changed (the member
   * role, deployed to every account). A role of the same name in another
   * account is never taken for driftguard's.
   */
  ownRoles: string[];
}
