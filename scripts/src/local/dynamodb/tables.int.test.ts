import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { loadStackModel } from '../model/load';
import type { TableModel } from '../model/types';
import { freePort } from '../net';
import { repoRoot } from '../paths';
import { localDynamoClient } from './client';
import { startDynamoDbLocal, type DynamoDbLocal } from './server';
import { TableSchemaChangedError, createTableInput, ensureTables } from './tables';

/**
 * A persistent data directory made before an index was declared: the elections table as
 * serverless.yml declares it, minus its global secondary indexes (and their key attributes).
 */
function withoutIndexes(table: TableModel): TableModel {
  const { KeySchema, AttributeDefinitions } = table.properties as {
    KeySchema: { AttributeName: string }[];
    AttributeDefinitions: { AttributeName: string }[];
  };
  const keys = new Set(KeySchema.map((key) => key.AttributeName));
  return {
    ...table,
    properties: {
      ...table.properties,
      GlobalSecondaryIndexes: undefined,
      AttributeDefinitions: AttributeDefinitions.filter((each) => keys.has(each.AttributeName)),
    },
  };
}

describe('local tables made before an index was declared', () => {
  let dynamo: DynamoDbLocal;
  let client: DynamoDBClient;
  let elections: TableModel;

  beforeAll(async () => {
    const model = await loadStackModel({ root: repoRoot(), stage: 'int' });
    const table = model.services
      .find((service) => service.name === 'evote-elections')
      ?.tables.find((each) => each.logicalId === 'ElectionsTable');
    if (!table) throw new Error('evote-elections declares no ElectionsTable');
    elections = table;
    dynamo = await startDynamoDbLocal({ port: await freePort() });
    client = localDynamoClient(dynamo.endpoint, model.region);
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  afterEach(async () => {
    await client.send(new DeleteTableCommand({ TableName: elections.tableName })).catch(() => undefined);
  });

  it('get the index added, built over the items already there, and say so', async () => {
    await client.send(new CreateTableCommand(createTableInput(withoutIndexes(elections))));
    await client.send(
      new PutItemCommand({
        TableName: elections.tableName,
        Item: {
          pk: { S: 'ELECTION#e00001' },
          sk: { S: 'ELECTION' },
          catalogPk: { S: 'CATALOG' },
          catalogSk: { S: 'ELECTION#e00001' },
          entity: { S: 'Election' },
        },
      }),
    );
    const lines: string[] = [];

    const created = await ensureTables(client, [elections], { log: (line) => lines.push(line) });

    expect(created).toEqual([]);
    expect(lines).toEqual([`added index catalog to ${elections.tableName}`]);
    const described = await client.send(new DescribeTableCommand({ TableName: elections.tableName }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus])).toEqual([
      ['catalog', 'ACTIVE'],
    ]);
    const listed = await client.send(
      new QueryCommand({
        TableName: elections.tableName,
        IndexName: 'catalog',
        KeyConditionExpression: 'catalogPk = :catalog',
        ExpressionAttributeValues: { ':catalog': { S: 'CATALOG' } },
      }),
    );
    expect(listed.Items?.map((item) => item.catalogSk?.S)).toEqual(['ELECTION#e00001']);
    // Run again: nothing left to do.
    expect(await ensureTables(client, [elections], { log: (line) => lines.push(line) })).toEqual([]);
    expect(lines).toHaveLength(1);
  });

  it('are refused, and left as they are, when their keys changed', async () => {
    const oldKeys = withoutIndexes(elections);
    await client.send(
      new CreateTableCommand({
        ...createTableInput(oldKeys),
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );

    const refused = ensureTables(client, [elections]);

    await expect(refused).rejects.toThrow(TableSchemaChangedError);
    await expect(refused).rejects.toThrow(/delete the local data directory/i);
    const described = await client.send(new DescribeTableCommand({ TableName: elections.tableName }));
    expect(described.Table?.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('still get created when missing', async () => {
    expect(await ensureTables(client, [elections])).toEqual([elections.tableName]);
  });
});
