/** The DynamoDB document client: one per process, replaceable by tests. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let client: DynamoDBDocumentClient | undefined;

/**
 * The process-wide document client, created on first use. Region and endpoint come from the
 * environment (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB), so DynamoDB Local needs no code path of
 * its own. Optional attributes left `undefined` are dropped instead of failing the marshaller.
 */
export function documentClient(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return client;
}

/** Replaces the process-wide client (tests); `undefined` makes the next call create a fresh one. */
export function setDocumentClient(replacement: DynamoDBDocumentClient | undefined): void {
  client = replacement;
}
