import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type LocalStack } from '../local/stack';
import type { Knobs } from '../local/eventbridge/knobs';
import { applyReset, planReset } from '../init/reset';
import { SEEDS, type SeededService } from '../init/seeds';

/** A local stack for one test file: in memory, on free ports, silent unless EVOTE_TEST_LOG is set. */
export interface TestStack {
  stack: LocalStack;
  db: DynamoDBDocumentClient;
  tables: { voters: string; elections: string; audit: string };
  /** POSTs a JSON body (or a raw string) to the gateway. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  /** GETs a path from the gateway; the body parsed as JSON. */
  get(path: string): Promise<{ status: number; body: unknown }>;
  /** Resets the voters and elections tables to the seed and empties the audit table (what `yarn run init` does). */
  seed(): Promise<void>;
  /** Waits until no delivery is pending or being retried. */
  settle(): Promise<void>;
  scan(table: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startTestStack(knobs: Partial<Knobs> = {}): Promise<TestStack> {
  const verbose = Boolean(process.env.EVOTE_TEST_LOG);
  const stack = await startLocalStack({
    inMemory: true,
    ports: { http: 0, eventBridge: 0, dynamodb: 0 },
    knobs,
    ...(verbose ? { log: (line: string) => console.log(line), functionLog: (name: string, line: string) => console.log(`[${name}] ${line}`) } : {}),
  });
  const client = new DynamoDBClient({ region: stack.model.region, endpoint: stack.urls.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableOf = (service: string) => {
    const table = stack.model.services.find((candidate) => candidate.name === service)?.tables[0];
    if (!table) throw new Error(`${service} declares no table`);
    return table.tableName;
  };
  return {
    stack,
    db,
    tables: { voters: tableOf('evote-voters'), elections: tableOf('evote-elections'), audit: tableOf('evote-audit') },
    async post(path, body, headers = {}) {
      const response = await fetch(`${stack.urls.http}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async get(path) {
      const response = await fetch(`${stack.urls.http}${path}`);
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async seed() {
      const tables = { voters: tableOf('evote-voters'), elections: tableOf('evote-elections'), audit: tableOf('evote-audit') };
      for (const name of Object.keys(SEEDS) as SeededService[]) {
        await applyReset(db, await planReset(db, tables[name], SEEDS[name].items()));
      }
    },
    settle: () => stack.bus.idle(),
    scan: (table) => scanAll(db, table),
    async stop() {
      client.destroy();
      await stack.stop();
    },
  };
}

export async function scanAll(db: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
