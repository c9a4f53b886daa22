// Helpers of the store and notify tests: a DynamoDB client on the
// emulator, a fresh driftguard table, and audit drafts to record.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { createClient } from '../../shared/aws/clients.ts';
import { createTable } from '../../shared/store/create-table.ts';
import type { AuditDraft } from '../../shared/store/types.ts';
import { DEFAULT_ACCOUNT, TEST_REGION, testClients } from './emulator/aws.ts';

/** A DynamoDB client on the emulator. */
export function dynamoClient(): DynamoDBClient {
  return createClient(DynamoDBClient, testClients().options);
}

/** A new, empty driftguard table; its name. */
export async function freshTable(client: DynamoDBClient): Promise<string> {
  const tableName = `driftguard-${randomUUID().slice(0, 8)}`;
  await createTable({ client, tableName });
  return tableName;
}

/** An audit draft of a rollback on `groupId`; `extra` overrides. */
export function draft(
  groupId: string,
  extra: Partial<AuditDraft> = {},
): AuditDraft {
  return {
    account: DEFAULT_ACCOUNT,
    region: TEST_REGION,
    groupId,
    action: 'revoke-rules',
    reason: {
      trigger: 'event',
      eventId: 'evt-1',
      actor: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/mallory`,
      findings: [{
        kind: 'denied-rule', severity: 'high', ruleId: 'sgr-0123456789abcdef0',
        profile: 'prod-network', policyRule: 'no-public-ingress',
        message: 'ingress tcp 22 from 0.0.0.0/0 is denied',
      }],
    },
    intentVersion: 'v1',
    before: { rules: [{ SecurityGroupRuleId: 'sgr-0123456789abcdef0',
      GroupId: groupId, IsEgress: false, IpProtocol: 'tcp', FromPort: 22,
      ToPort: 22, CidrIpv4: '0.0.0.0/0' }] },
    intent: 'revoke sgr-0123456789abcdef0',
    dryRun: false,
    ...extra,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-03-01T12:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) { now += ms; },
  };
}
