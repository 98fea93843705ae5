import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { TableModel } from '../model/types';

/**
 * Properties of AWS::DynamoDB::Table that CreateTable understands as they are. The rest
 * (PointInTimeRecoverySpecification, DeletionProtectionEnabled, Tags, ...) are deployment
 * concerns DynamoDB Local has no use for.
 */
const CREATE_TABLE_KEYS = [
  'AttributeDefinitions',
  'KeySchema',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'BillingMode',
  'ProvisionedThroughput',
  'StreamSpecification',
] as const;

/** Builds the CreateTable request for a table declared in serverless.yml. */
export function createTableInput(table: TableModel): CreateTableCommandInput {
  const input: Record<string, unknown> = { TableName: table.tableName };
  for (const key of CREATE_TABLE_KEYS) {
    if (table.properties[key] !== undefined) input[key] = table.properties[key];
  }
  const spec = input.StreamSpecification as { StreamViewType?: string } | undefined;
  if (spec) input.StreamSpecification = { StreamEnabled: true, StreamViewType: spec.StreamViewType };
  return input as unknown as CreateTableCommandInput;
}

/** Creates every table that does not exist yet; returns the names it created. */
export async function ensureTables(client: DynamoDBClient, tables: readonly TableModel[]): Promise<string[]> {
  const created: string[] = [];
  await Promise.all(
    tables.map(async (table) => {
      if (await tableExists(client, table.tableName)) return;
      try {
        await client.send(new CreateTableCommand(createTableInput(table)));
        created.push(table.tableName);
      } catch (error) {
        if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
      }
    }),
  );
  return created;
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}
