import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../local/dynamodb/client';
import { startDynamoDbLocal } from '../local/dynamodb/server';
import { createTableInput } from '../local/dynamodb/tables';
import { loadStackModel } from '../local/model/load';
import { freePort } from '../local/net';
import { repoRoot } from '../local/paths';

/** One service's table, alone in a DynamoDB Local of its own. */
export interface TableUnderTest {
  readonly client: DynamoDBClient;
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly endpoint: string;
  /** Closes the client and stops DynamoDB Local. */
  stop(): Promise<void>;
}

export interface TableUnderTestOptions {
  /** The service as its serverless.yml names it, e.g. `evote-events`. */
  readonly service: string;
  /** The table's logical id under `resources.Resources`, e.g. `IdempotencyTable`. */
  readonly logicalId: string;
}

/**
 * Starts a fresh in-memory DynamoDB Local on a free port and creates in it the table the service
 * declares, exactly as its serverless.yml (stage `int`) declares it: the store's integration test
 * then runs against the keys and indexes that are deployed, not a copy of them.
 */
export async function startTableUnderTest(options: TableUnderTestOptions): Promise<TableUnderTest> {
  const model = await loadStackModel({ root: repoRoot(), stage: 'int' });
  const table = model.services
    .find((service) => service.name === options.service)
    ?.tables.find((t) => t.logicalId === options.logicalId);
  if (!table) throw new Error(`${options.service} declares no table ${options.logicalId}`);
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = localDynamoClient(dynamo.endpoint, model.region);
  try {
    await client.send(new CreateTableCommand(createTableInput(table)));
  } catch (error) {
    client.destroy();
    await dynamo.stop();
    throw error;
  }
  const stop = async () => {
    client.destroy();
    await dynamo.stop();
  };
  return {
    client,
    db: DynamoDBDocumentClient.from(client),
    tableName: table.tableName,
    endpoint: dynamo.endpoint,
    stop,
  };
}
