/**
 * A counting HTTP proxy in front of DynamoDB Local: the functions of the counted stack reach
 * DynamoDB through it. For every request it records the operation (from `X-Amz-Target`), asks
 * DynamoDB for the capacity the request consumed (it adds `ReturnConsumedCapacity: INDEXES`,
 * which DynamoDB Local honours for single-item and batch operations, GSI writes included) and
 * sums the units. Bodies pass through otherwise unchanged (DynamoDB Local does not check request
 * signatures; the response, with its CRC32, is returned as it came).
 *
 * Where DynamoDB Local's figure is not what AWS bills, the meter computes AWS's from the item
 * sizes (`itemSize` in itemSize.ts, AWS's documented formula):
 * - TransactWriteItems: Local reports 1 unit per item; AWS bills 2 per KB of each item. The
 *   meter sizes a Put from its request and an Update/Delete/ConditionCheck by reading the item
 *   after the transaction (a read of its own, not counted);
 * - a refused conditional write reports nothing; AWS bills it as the write it would have been
 *   (1 per KB of the item sent); a cancelled transaction likewise, 2 per KB of each item sent.
 * What Local reported is kept beside (`localWriteUnits`).
 *
 * Traffic is keyed by operation and the service owning the table: `PutItem audit`,
 * `TransactWriteItems elections` (the table name's last segment: evote-<stage>-<service>).
 *
 * Over 250 lines because it meters every kind of request the services send (reads, writes, transactions, batches, cancellations) in one place, so the cost model sees them all alike.
 */
import http from 'node:http';
import { close, listen, parseJsonObject, readBody, relay } from '../../local/http';
import { sentTransactionUnits, writeUnitsOf, type AttributeMap } from './itemSize';

/** Operations whose request takes ReturnConsumedCapacity. */
const CAPACITY_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'GetItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
]);
const BODY_LIMIT = 16 * 1024 * 1024;

export interface OperationCount {
  requests: number;
  /** Write and read capacity units DynamoDB reported (table + indexes). */
  writeUnits: number;
  readUnits: number;
  /** Of which on global secondary indexes. */
  indexWriteUnits: number;
  /** Write units as DynamoDB Local reported them (differs from `writeUnits` for transactions and refused writes). */
  localWriteUnits: number;
  /** Error responses by `__type` (e.g. ConditionalCheckFailedException). */
  errors: Record<string, number>;
}

export type DynamoTraffic = Record<string, OperationCount>;

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<
    string,
    { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }
  >;
}

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export class DynamoMeter {
  private traffic: DynamoTraffic = {};
  /** Counts still being worked out (a transaction's items are read after it is answered). */
  private readonly counting = new Set<Promise<void>>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  private constructor(
    private readonly upstream: URL,
    private readonly server: http.Server,
    readonly endpoint: string,
  ) {}

  /** Starts the proxy on a free port, forwarding to `upstream` (DynamoDB Local's endpoint). */
  static async start(upstream: string): Promise<DynamoMeter> {
    const started: { meter?: DynamoMeter } = {};
    const { server, port } = await listen((request, response) => {
      started.meter?.forward(request, response).catch((error: Error) => {
        if (response.headersSent) return;
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ __type: 'ProxyError', message: error.message }));
      });
    }, 0);
    started.meter = new DynamoMeter(new URL(upstream), server, `http://127.0.0.1:${port}`);
    return started.meter;
  }

  /** What was counted since the last reset, once every request answered so far is counted. */
  async snapshot(): Promise<DynamoTraffic> {
    while (this.counting.size > 0) await Promise.all([...this.counting]);
    return structuredClone(this.traffic);
  }

  reset(): void {
    this.traffic = {};
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    await close(this.server);
  }

  private async forward(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await readBody(request, BODY_LIMIT);
    if (body === 'too-large') throw new Error('request too large for the meter');
    const operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() || 'unknown';
    const sent = withCapacityRequested(operation, body);
    const key = trafficKey(operation, parseJsonObject(body));
    const headers = { ...request.headers, host: this.upstream.host, 'content-length': String(sent.length) };
    const answer = await relay(
      this.agent,
      this.upstream,
      { method: request.method ?? 'POST', path: request.url ?? '/', headers },
      sent,
    );
    const counted = this.count(
      key,
      operation,
      parseJsonObject(sent),
      answer.status,
      parseJsonObject(answer.body),
      headers,
    ).catch((error: Error) => {
      const entry = this.traffic[key];
      const type = `MeterError: ${error.message}`;
      if (entry) entry.errors[type] = (entry.errors[type] ?? 0) + 1;
    });
    this.counting.add(counted);
    void counted.finally(() => this.counting.delete(counted));
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  }

  private async count(
    key: string,
    operation: string,
    sent: Record<string, unknown> | undefined,
    status: number,
    answer: Record<string, unknown> | undefined,
    headers: http.OutgoingHttpHeaders,
  ): Promise<void> {
    const entry = (this.traffic[key] ??= {
      requests: 0,
      writeUnits: 0,
      readUnits: 0,
      indexWriteUnits: 0,
      localWriteUnits: 0,
      errors: {},
    });
    entry.requests++;
    if (status !== 200) {
      const type = String(answer?.__type ?? `HTTP ${status}`)
        .split('#')
        .pop() as string;
      entry.errors[type] = (entry.errors[type] ?? 0) + 1;
      // A refused conditional write is billed as the write it would have been.
      if (type === 'ConditionalCheckFailedException' && sent?.Item)
        entry.writeUnits += writeUnitsOf(sent.Item as AttributeMap);
      // So is a cancelled transaction: 2 units per KB of every item it sent.
      if (type === 'TransactionCanceledException' && sent) entry.writeUnits += sentTransactionUnits(sent);
      return;
    }
    const consumed = answer?.ConsumedCapacity as Capacity | Capacity[] | undefined;
    for (const capacity of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      const indexUnits = Object.values(capacity.GlobalSecondaryIndexes ?? {}).reduce(
        (sum, index) => sum + (index.CapacityUnits ?? 0),
        0,
      );
      if (WRITE_OPERATIONS.has(operation)) {
        entry.localWriteUnits += capacity.CapacityUnits ?? 0;
        if (operation !== 'TransactWriteItems') entry.writeUnits += capacity.CapacityUnits ?? 0;
        entry.indexWriteUnits += indexUnits;
      } else entry.readUnits += capacity.CapacityUnits ?? 0;
    }
    if (operation === 'TransactWriteItems' && sent) {
      const units = await this.transactionWriteUnits(sent, headers); // not `+= await`: that would read the total before waiting
      entry.writeUnits += units;
    }
  }

  /** AWS's bill for a transaction: 2 units per KB of every item it writes or checks. */
  private async transactionWriteUnits(
    request: Record<string, unknown>,
    headers: http.OutgoingHttpHeaders,
  ): Promise<number> {
    const items = (request.TransactItems ?? []) as Record<
      string,
      { TableName: string; Item?: AttributeMap; Key?: AttributeMap }
    >[];
    let units = 0;
    for (const item of items) {
      const [action] = Object.values(item);
      if (!action) continue;
      const written =
        action.Item ?? (action.Key ? await this.readItem(action.TableName, action.Key, headers) : undefined);
      units += 2 * writeUnitsOf(written ?? action.Key ?? {});
    }
    return units;
  }

  private async readItem(
    table: string,
    key: AttributeMap,
    headers: http.OutgoingHttpHeaders,
  ): Promise<AttributeMap | undefined> {
    const body = Buffer.from(JSON.stringify({ TableName: table, Key: key, ConsistentRead: true }));
    const answer = await relay(
      this.agent,
      this.upstream,
      {
        method: 'POST',
        path: '/',
        headers: { ...headers, 'x-amz-target': 'DynamoDB_20120810.GetItem', 'content-length': String(body.length) },
      },
      body,
    );
    return parseJsonObject(answer.body)?.Item as AttributeMap | undefined;
  }
}

/** `<operation> <service>`: the table's owner is the last segment of its name (evote-<stage>-<service>). */
export function trafficKey(operation: string, request: Record<string, unknown> | undefined): string {
  const table = tableOf(request);
  return table ? `${operation} ${table.split('-').pop()}` : operation;
}

function tableOf(request: Record<string, unknown> | undefined): string | undefined {
  if (!request) return undefined;
  if (typeof request.TableName === 'string') return request.TableName;
  const [first] = (request.TransactItems ?? []) as Record<string, { TableName?: string }>[];
  const action = first ? Object.values(first)[0] : undefined;
  if (action?.TableName) return action.TableName;
  const [batchTable] = Object.keys((request.RequestItems ?? {}) as Record<string, unknown>);
  return batchTable;
}

/** The request with `ReturnConsumedCapacity: INDEXES` added, when the operation takes it. */
export function withCapacityRequested(operation: string, body: Buffer): Buffer {
  if (!CAPACITY_OPERATIONS.has(operation)) return body;
  const parsed = parseJsonObject(body);
  if (!parsed || parsed.ReturnConsumedCapacity !== undefined) return body;
  return Buffer.from(JSON.stringify({ ...parsed, ReturnConsumedCapacity: 'INDEXES' }));
}

/** Totals over all operations. */
export function totals(traffic: DynamoTraffic): {
  requests: number;
  writeUnits: number;
  readUnits: number;
  indexWriteUnits: number;
  localWriteUnits: number;
  errors: number;
} {
  const all = Object.values(traffic);
  const sum = (pick: (entry: OperationCount) => number) => all.reduce((total, entry) => total + pick(entry), 0);
  return {
    requests: sum((entry) => entry.requests),
    writeUnits: sum((entry) => entry.writeUnits),
    readUnits: sum((entry) => entry.readUnits),
    indexWriteUnits: sum((entry) => entry.indexWriteUnits),
    localWriteUnits: sum((entry) => entry.localWriteUnits),
    errors: sum((entry) => Object.values(entry.errors).reduce((total, count) => total + count, 0)),
  };
}
