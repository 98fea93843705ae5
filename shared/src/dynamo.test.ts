import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient, setDocumentClient } from './dynamo';

afterEach(() => setDocumentClient(undefined));

describe('documentClient', () => {
  it('is one document client per process, dropping undefined attributes', () => {
    const client = documentClient();
    expect(client).toBeInstanceOf(DynamoDBDocumentClient);
    expect(documentClient()).toBe(client);
    expect(client.config.translateConfig?.marshallOptions?.removeUndefinedValues).toBe(true);
  });

  it('can be replaced by tests, and reset', () => {
    const original = documentClient();
    const replacement = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    setDocumentClient(replacement);
    expect(documentClient()).toBe(replacement);
    setDocumentClient(undefined);
    const fresh = documentClient();
    expect(fresh).not.toBe(replacement);
    expect(fresh).not.toBe(original);
  });
});
