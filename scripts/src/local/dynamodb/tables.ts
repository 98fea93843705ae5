/**
 * The local tables, made to match serverless.yml: a missing table is created; a table kept in a
 * persistent data directory from before an index was declared gets that index added (the code
 * that queries it would otherwise fail on every request). A change DynamoDB cannot make in place
 * (a table's or an index's keys, an index's projection, a local secondary index) is refused with
 * the way out: delete the local data directory.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTableCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type Projection,
  type TableDescription,
  type UpdateTableCommandInput,
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

/** An existing local table differs from its declaration in a way DynamoDB cannot change in place. */
export class TableSchemaChangedError extends Error {
  override readonly name = 'TableSchemaChangedError';
  readonly code = 'TABLE_SCHEMA_CHANGED';
  constructor(
    readonly tableName: string,
    readonly differences: string[],
  ) {
    super(
      [
        `local table ${tableName} no longer matches serverless.yml, and DynamoDB cannot change this in place:`,
        ...differences.map((difference) => `  ${difference}`),
        'Delete the local data directory (.evote/ at the repository root, or the one yarn start was given) and start again; its local data is lost.',
      ].join('\n'),
    );
  }
}

/**
 * What bringing one table in line takes: nothing, creating it, or adding global secondary
 * indexes one UpdateTable each (DynamoDB takes one index creation per request).
 */
export type TableChange =
  | { kind: 'unchanged'; tableName: string }
  | { kind: 'create'; tableName: string; request: CreateTableCommandInput }
  | { kind: 'add-indexes'; tableName: string; requests: UpdateTableCommandInput[] };

/**
 * The single judge of a table's change: compares the declaration with what DescribeTable says
 * (undefined: no such table). Throws TableSchemaChangedError for a change it cannot make.
 * An index that exists but is no longer declared is left alone: nothing queries it.
 */
export function planTableChange(table: TableModel, existing: TableDescription | undefined): TableChange {
  const declared = createTableInput(table);
  const tableName = table.tableName;
  if (!existing) return { kind: 'create', tableName, request: declared };
  const differences: string[] = [];
  const types = attributeTypes(declared.AttributeDefinitions);
  const existingTypes = attributeTypes(existing.AttributeDefinitions);
  const keysDiffer = (want: KeySchemaElement[] | undefined, have: KeySchemaElement[] | undefined) =>
    describeKeys(want, types) !== describeKeys(have, existingTypes);
  if (keysDiffer(declared.KeySchema, existing.KeySchema))
    differences.push(
      `table keys: declared ${describeKeys(declared.KeySchema, types)}, found ${describeKeys(existing.KeySchema, existingTypes)}`,
    );
  for (const index of declared.LocalSecondaryIndexes ?? []) {
    const found = existing.LocalSecondaryIndexes?.find((each) => each.IndexName === index.IndexName);
    if (!found) differences.push(`local secondary index ${index.IndexName} is missing (only CreateTable makes one)`);
    else if (keysDiffer(index.KeySchema, found.KeySchema) || !sameProjection(index.Projection, found.Projection))
      differences.push(`local secondary index ${index.IndexName}: keys or projection changed`);
  }
  const missing: GlobalSecondaryIndex[] = [];
  for (const index of declared.GlobalSecondaryIndexes ?? []) {
    const found = existing.GlobalSecondaryIndexes?.find((each) => each.IndexName === index.IndexName);
    if (!found) missing.push(index);
    else if (keysDiffer(index.KeySchema, found.KeySchema))
      differences.push(
        `index ${index.IndexName} keys: declared ${describeKeys(index.KeySchema, types)}, found ${describeKeys(found.KeySchema, existingTypes)}`,
      );
    else if (!sameProjection(index.Projection, found.Projection))
      differences.push(`index ${index.IndexName}: projection changed`);
  }
  if (differences.length) throw new TableSchemaChangedError(tableName, differences);
  if (!missing.length) return { kind: 'unchanged', tableName };
  return {
    kind: 'add-indexes',
    tableName,
    requests: missing.map((index) => ({
      TableName: tableName,
      // UpdateTable needs the definitions of the new index's key attributes, and only those.
      AttributeDefinitions: (declared.AttributeDefinitions ?? []).filter((definition) =>
        index.KeySchema?.some((key) => key.AttributeName === definition.AttributeName),
      ),
      GlobalSecondaryIndexUpdates: [{ Create: index }],
    })),
  };
}

function attributeTypes(definitions: AttributeDefinition[] | undefined): Map<string, string> {
  return new Map((definitions ?? []).map((each) => [each.AttributeName ?? '', each.AttributeType ?? '']));
}

/** `pk (S, HASH), sk (S, RANGE)`: the keys as one comparable string. */
function describeKeys(keys: KeySchemaElement[] | undefined, types: Map<string, string>): string {
  return (keys ?? [])
    .map((key) => `${key.AttributeName} (${types.get(key.AttributeName ?? '') ?? '?'}, ${key.KeyType})`)
    .join(', ');
}

function sameProjection(declared: Projection | undefined, found: Projection | undefined): boolean {
  const canonical = (projection: Projection | undefined) =>
    JSON.stringify([projection?.ProjectionType ?? 'ALL', [...(projection?.NonKeyAttributes ?? [])].sort()]);
  return canonical(declared) === canonical(found);
}

export interface EnsureTablesOptions {
  /** Told each index added, as `added index catalog to evote-dev-elections`. */
  log?: (line: string) => void;
  /** How long to wait for a new index to be ACTIVE, and how often to look. */
  wait?: { timeoutMs: number; intervalMs: number };
}

/**
 * Creates every table that does not exist yet and adds the global secondary indexes an existing
 * one lacks; returns the names of the tables it created. Nothing is changed when any table has
 * a change that cannot be made (TableSchemaChangedError).
 */
export async function ensureTables(
  client: DynamoDBClient,
  tables: readonly TableModel[],
  options: EnsureTablesOptions = {},
): Promise<string[]> {
  const changes = await Promise.all(
    tables.map(async (table) => planTableChange(table, await describeTable(client, table.tableName))),
  );
  const created: string[] = [];
  await Promise.all(
    changes.map(async (change) => {
      if (change.kind === 'create') {
        if (await createTable(client, change.request)) created.push(change.tableName);
      } else if (change.kind === 'add-indexes') {
        // One at a time: DynamoDB refuses a second index creation while one is in progress.
        for (const request of change.requests) {
          await client.send(new UpdateTableCommand(request));
          const indexName = request.GlobalSecondaryIndexUpdates?.[0]?.Create?.IndexName as string;
          await waitUntilActive(client, change.tableName, indexName, options.wait);
          options.log?.(`added index ${indexName} to ${change.tableName}`);
        }
      }
    }),
  );
  return created;
}

async function createTable(client: DynamoDBClient, request: CreateTableCommandInput): Promise<boolean> {
  try {
    await client.send(new CreateTableCommand(request));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    return false;
  }
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Until the table and the index are ACTIVE: a query on an index still being built fails. */
async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  indexName: string,
  wait: { timeoutMs: number; intervalMs: number } = { timeoutMs: 60_000, intervalMs: 100 },
): Promise<void> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    const table = await describeTable(client, tableName);
    const index = table?.GlobalSecondaryIndexes?.find((each) => each.IndexName === indexName);
    if (table?.TableStatus === 'ACTIVE' && index?.IndexStatus === 'ACTIVE') return;
    if (Date.now() >= deadline)
      throw new Error(
        `index ${indexName} of ${tableName} is still ${index?.IndexStatus ?? 'absent'} after UpdateTable`,
      );
    await new Promise((resolve) => setTimeout(resolve, wait.intervalMs));
  }
}
