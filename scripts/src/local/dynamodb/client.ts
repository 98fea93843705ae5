import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * A DynamoDB client for DynamoDB Local at `endpoint`. DynamoDB Local runs with `-sharedDb`, so the
 * credentials only have to be present, never valid; `config` adds what a caller tunes (a keep-alive
 * request handler, say).
 */
export function localDynamoClient(endpoint: string, region: string, config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...config,
  });
}
