/**
 * A counting HTTP proxy in front of DynamoDB Local: the functions of the counted stack reach
 * DynamoDB through it. For every request it records the operation (from `X-Amz-Target`), asks
 * DynamoDB for the capacity the request consumed (it adds `ReturnConsumedCapacity: INDEXES`,
 * which DynamoDB Local honours: table, GSI and transaction units as AWS computes them), and sums
 * the units DynamoDB reports. Bodies pass through otherwise unchanged (DynamoDB Local does not
 * check request signatures; the response, with its CRC32, is returned as it came).
 *
 * Not counted by DynamoDB Local: refused conditional writes (AWS bills them as the write they
 * would have been) report no capacity; they are counted as requests and errors, so a run with
 * any shows it.
 */
import http from 'node:http';
import { close, listen, readBody } from '../local/http';

/** Operations whose request takes ReturnConsumedCapacity. */
const CAPACITY_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'GetItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems', 'TransactGetItems']);
const BODY_LIMIT = 16 * 1024 * 1024;

export interface OperationCount {
  requests: number;
  /** Write and read capacity units DynamoDB reported (table + indexes). */
  writeUnits: number;
  readUnits: number;
  /** Of which on global secondary indexes. */
  indexWriteUnits: number;
  /** Error responses by `__type` (e.g. ConditionalCheckFailedException). */
  errors: Record<string, number>;
}

export type DynamoTraffic = Record<string, OperationCount>;

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }>;
}

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export class DynamoMeter {
  private traffic: DynamoTraffic = {};
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  private constructor(
    private readonly target: URL,
    private readonly server: http.Server,
    readonly endpoint: string,
  ) {}

  /** Starts the proxy on a free port, forwarding to `target` (DynamoDB Local's endpoint). */
  static async start(target: string): Promise<DynamoMeter> {
    let meter: DynamoMeter | undefined;
    const { server, port } = await listen((request, response) => {
      meter?.forward(request, response).catch((error: Error) => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ __type: 'ProxyError', message: error.message }));
      });
    }, 0);
    meter = new DynamoMeter(new URL(target), server, `http://127.0.0.1:${port}`);
    return meter;
  }

  /** What was counted since the last reset. */
  snapshot(): DynamoTraffic {
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
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() || 'unknown';
    const sent = withCapacityRequested(operation, body);
    const headers = { ...request.headers, host: this.target.host, 'content-length': String(sent.length) };
    const answer = await send(this.agent, this.target, request.method ?? 'POST', request.url ?? '/', headers, sent);
    this.count(operation, answer.status, answer.body);
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  }

  private count(operation: string, status: number, body: Buffer): void {
    const entry = (this.traffic[operation] ??= { requests: 0, writeUnits: 0, readUnits: 0, indexWriteUnits: 0, errors: {} });
    entry.requests++;
    const parsed = parse(body);
    if (status !== 200) {
      const type = String(parsed?.__type ?? `HTTP ${status}`).split('#').pop() as string;
      entry.errors[type] = (entry.errors[type] ?? 0) + 1;
      return;
    }
    const consumed = parsed?.ConsumedCapacity as Capacity | Capacity[] | undefined;
    for (const capacity of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      const indexUnits = Object.values(capacity.GlobalSecondaryIndexes ?? {}).reduce((sum, index) => sum + (index.CapacityUnits ?? 0), 0);
      if (WRITE_OPERATIONS.has(operation)) {
        entry.writeUnits += capacity.CapacityUnits ?? 0;
        entry.indexWriteUnits += indexUnits;
      } else entry.readUnits += capacity.CapacityUnits ?? 0;
    }
  }
}

/** The request with `ReturnConsumedCapacity: INDEXES` added, when the operation takes it. */
export function withCapacityRequested(operation: string, body: Buffer): Buffer {
  if (!CAPACITY_OPERATIONS.has(operation)) return body;
  const parsed = parse(body);
  if (!parsed || parsed.ReturnConsumedCapacity !== undefined) return body;
  return Buffer.from(JSON.stringify({ ...parsed, ReturnConsumedCapacity: 'INDEXES' }));
}

function parse(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function send(agent: http.Agent, target: URL, method: string, pathname: string, headers: http.OutgoingHttpHeaders, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ agent, host: target.hostname, port: target.port, method, path: pathname, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Totals over all operations. */
export function totals(traffic: DynamoTraffic): { requests: number; writeUnits: number; readUnits: number; indexWriteUnits: number; errors: number } {
  const all = Object.values(traffic);
  const sum = (pick: (entry: OperationCount) => number) => all.reduce((total, entry) => total + pick(entry), 0);
  return {
    requests: sum((entry) => entry.requests),
    writeUnits: sum((entry) => entry.writeUnits),
    readUnits: sum((entry) => entry.readUnits),
    indexWriteUnits: sum((entry) => entry.indexWriteUnits),
    errors: sum((entry) => Object.values(entry.errors).reduce((total, count) => total + count, 0)),
  };
}
