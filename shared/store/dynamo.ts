import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { StoreError } from './errors.ts';
import { ATTR, INDEX, withoutKeys, type TableKey } from './table.ts';

/** Where a DynamoDB store keeps its records, and its sense of time. */
export interface StoreOptions {
  /** A client from `createClient(DynamoDBClient, ...)`. */
  client: DynamoDBClient;
  tableName: string;
  /** The time audit entries and quarantines are stamped with. */
  clock?: () => Date;
}

/**
 * A document client over `client` that drops undefined values, as the
 * records' optional fields are left undefined rather than deleted.
 */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** One record by key, read consistently, without its key attributes. */
export async function getRecord<T>(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: TableKey,
): Promise<T | undefined> {
  const output = await db.send(new GetCommand({
    TableName: tableName,
    Key: key,
    ConsistentRead: true,
  }));
  return output.Item ? withoutKeys<T>(output.Item) : undefined;
}

/** Every record of one `gsi1` partition, in the order asked for. */
export async function queryIndex<T>(
  db: DynamoDBDocumentClient,
  input: { tableName: string; partition: string; prefix?: string;
    newestFirst?: boolean },
): Promise<T[]> {
  const query: QueryCommandInput = {
    TableName: input.tableName,
    IndexName: INDEX.gsi1,
    KeyConditionExpression: input.prefix === undefined
      ? '#pk = :pk'
      : '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: input.prefix === undefined
      ? { '#pk': ATTR.gsi1pk }
      : { '#pk': ATTR.gsi1pk, '#sk': ATTR.gsi1sk },
    ExpressionAttributeValues: input.prefix === undefined
      ? { ':pk': input.partition }
      : { ':pk': input.partition, ':prefix': input.prefix },
    ScanIndexForward: !input.newestFirst,
  };
  const records: T[] = [];
  for await (const page of paginateQuery({ client: db }, query)) {
    for (const item of page.Items ?? []) records.push(withoutKeys<T>(item));
  }
  return records;
}

/** Runs a store call; an unexpected failure says what was being done. */
export async function storeCall<T>(
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw storeFailure(what, error);
  }
}

/** A store error saying what failed and why; store errors pass as they are. */
export function storeFailure(what: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const reason = error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
  return new StoreError(`could not ${what}: ${reason}`, { cause: error });
}
