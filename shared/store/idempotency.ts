import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBPersistenceLayer,
} from '@aws-lambda-powertools/idempotency/dynamodb';
import { ATTR, idempotencyPartition } from './table.ts';

/** Options of {@link idempotencyPersistence}. */
export interface IdempotencyPersistenceOptions {
  client: DynamoDBClient;
  tableName: string;
  /** The function whose records these are (default `on-change`). */
  functionName?: string;
}

/**
 * Powertools' DynamoDB persistence layer, set up to share the driftguard
 * table: its records sit under the static partition key
 * `IDEMPOTENCY#<function>` with Powertools' idempotency key as sort key,
 * its expiry is the table's TTL attribute (`expiresAt`, epoch seconds,
 * the unit Powertools writes), and its other attributes are renamed so
 * they read apart from driftguard's own.
 */
export function idempotencyPersistence(
  options: IdempotencyPersistenceOptions,
): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    awsSdkV3Client: options.client,
    keyAttr: ATTR.pk,
    sortKeyAttr: ATTR.sk,
    staticPkValue: idempotencyPartition(options.functionName ?? 'on-change'),
    expiryAttr: ATTR.expiresAt,
    statusAttr: ATTR.idempotencyStatus,
    dataAttr: ATTR.idempotencyData,
    inProgressExpiryAttr: ATTR.idempotencyInProgressExpiry,
    validationKeyAttr: ATTR.idempotencyValidation,
  });
}
