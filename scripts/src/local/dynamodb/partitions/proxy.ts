/**
 * The partition model as an HTTP proxy in front of DynamoDB Local (EVOTE_LOCAL_PARTITION_LIMITS):
 * clients point AWS_ENDPOINT_URL_DYNAMODB at it, and it speaks DynamoDB's JSON protocol. For each
 * request it finds the items and partitions touched (requests.ts, with each table's key schema
 * from DescribeTable), asks the model for the units (partitionModel.ts) and the claims for
 * conflicts (conflicts.ts), then either forwards the request unchanged and returns DynamoDB
 * Local's answer as it came, or answers as AWS would (answers.ts, batches.ts).
 * `GET /_evote/partitions` (and `stats()`) give the throttles, splits and conflicts counted.
 * Over 250 lines because each kind of request (single, transaction, batch) needs its own order of
 * capacity, conflict and answer, and that order is the one thing this file decides.
 */
import http from 'node:http';
import { close, listen, parseJsonObject, readBody, relay, sendJson, type RelayedAnswer } from '../../http';
import { tableKeysOf, type TableKeys } from './keys';
import { planOf, readCharges, tablesOf, type RequestPlan, type Touch } from './requests';
import { PartitionModel, type PartitionModelOptions, type PartitionModelStats } from './partitionModel';
import { ItemClaims, type ConflictStats } from './conflicts';
import {
  throughputExceeded,
  transactionCanceled,
  transactionConflict,
  type ArnContext,
  type CancellationCode,
  type ErrorAnswer,
} from './answers';
import { splitBatch, withUnprocessed } from './batches';

export const STATS_PATH = '/_evote/partitions';
const BODY_LIMIT = 16 * 1024 * 1024;

export interface PartitionProxyOptions extends PartitionModelOptions {
  /** DynamoDB Local's endpoint. */
  upstream: string;
  /** For the ThrottlingReasons' ARNs (default local / 000000000000). */
  arn?: ArnContext;
  /** Awaited after a TransactWriteItems holds its items, before it is forwarded: tests hold one open with it. */
  beforeTransactionForwarded?: () => Promise<void>;
}

export interface PartitionProxyStats extends PartitionModelStats {
  /** Requests forwarded to DynamoDB Local, and answered by the model as throttled (whole requests). */
  forwarded: number;
  throttledRequests: Record<string, number>;
  conflicts: ConflictStats;
}

type Answer = RelayedAnswer;

export class PartitionProxy {
  private readonly model: PartitionModel;
  private readonly claims = new ItemClaims();
  private readonly keys = new Map<string, Promise<TableKeys | undefined>>();
  private readonly known = new Map<string, TableKeys>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly arn: ArnContext;
  private forwarded = 0;
  private readonly throttledRequests: Record<string, number> = {};

  private constructor(
    private readonly options: PartitionProxyOptions,
    private readonly server: http.Server,
    readonly endpoint: string,
  ) {
    this.model = new PartitionModel(options);
    this.arn = options.arn ?? { region: 'local', accountId: '000000000000' };
  }

  /** Starts the proxy on a free port of 127.0.0.1 (or `port`). */
  static async start(options: PartitionProxyOptions, port = 0): Promise<PartitionProxy> {
    const started: { proxy?: PartitionProxy } = {};
    const { server, port: bound } = await listen((request, response) => {
      const proxy = started.proxy as PartitionProxy;
      proxy.handle(request, response).catch((error: Error) => {
        if (response.headersSent) return response.destroy(error);
        sendJson(response, 500, {
          __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
          message: `partition model: ${error.message}`,
        });
      });
    }, port);
    started.proxy = new PartitionProxy(options, server, `http://127.0.0.1:${bound}`);
    return started.proxy;
  }

  stats(): PartitionProxyStats {
    return {
      ...this.model.stats(),
      forwarded: this.forwarded,
      throttledRequests: { ...this.throttledRequests },
      conflicts: this.claims.stats(),
    };
  }

  /** How many partitions hold a partition key value now (1 until split for heat); `partitionKey` as `S:value`. */
  partitionsOf(table: string, partitionKey: string, index?: string): number {
    return this.model.partitionsOf(table, partitionKey, index);
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    await close(this.server);
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (request.method === 'GET' && request.url === STATS_PATH) return sendJson(response, 200, this.stats());
    const body = await readBody(request, BODY_LIMIT);
    if (body === 'too-large') return sendJson(response, 413, { message: 'request too large for the partition model' });
    const operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const headers = { ...request.headers, host: new URL(this.options.upstream).host };
    const parsed = parseJsonObject(body);
    const plan = parsed ? planOf(operation, parsed, await this.keysFor(parsed, headers)) : undefined;
    const answer = plan && parsed ? await this.metered(plan, parsed, body, headers) : await this.forward(body, headers);
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  }

  private async metered(
    plan: RequestPlan,
    request: Record<string, unknown>,
    body: Buffer,
    headers: http.IncomingHttpHeaders,
  ): Promise<Answer> {
    const items = plan.touches.map((touch) => `${touch.table} ${touch.place.itemKey}`);
    if (plan.kind === 'batchWrite' || plan.kind === 'batchGet') return this.batch(plan, request, headers);
    const verdicts = this.model.admitAll(plan.touches);
    const refused = verdicts.findIndex((verdict) => !verdict);
    if (plan.kind === 'transactWrite' || plan.kind === 'transactGet') {
      if (refused >= 0) return this.refuse(plan, cancelWith(verdicts, 'ThrottlingError'));
      if (plan.kind === 'transactGet') {
        const conflicts = this.claims.checkTransactionalRead(items);
        if (conflicts.some(Boolean))
          return this.refuse(
            plan,
            cancelWith(
              conflicts.map((c) => !c),
              'TransactionConflict',
            ),
          );
        return this.settled(plan, request, await this.forward(body, headers));
      }
      const claim = this.claims.claimTransaction(items);
      if (!claim.release)
        return this.refuse(
          plan,
          cancelWith(
            claim.conflicts.map((c) => !c),
            'TransactionConflict',
          ),
        );
      try {
        await this.options.beforeTransactionForwarded?.();
        return await this.forward(body, headers);
      } finally {
        claim.release();
      }
    }
    if (refused >= 0) return this.refuse(plan, throughputExceeded(plan.touches[refused] as Touch, this.arn));
    if (plan.touches[0]?.kind === 'read') return this.settled(plan, request, await this.forward(body, headers));
    const claim = this.claims.claimWrite(items);
    if (!claim.release) return answerOf(transactionConflict());
    try {
      return await this.forward(body, headers);
    } finally {
      claim.release();
    }
  }

  /** A batch: entries over their partition's limit come back unprocessed; none fitting is a throttle. */
  private async batch(
    plan: RequestPlan,
    request: Record<string, unknown>,
    headers: http.IncomingHttpHeaders,
  ): Promise<Answer> {
    const operation = plan.kind === 'batchWrite' ? 'BatchWriteItem' : 'BatchGetItem';
    const verdicts = this.model.admitEach(plan.touches);
    const refused = verdicts.findIndex((verdict) => !verdict);
    if (refused < 0)
      return this.settled(plan, request, await this.forward(Buffer.from(JSON.stringify(request)), headers));
    if (!verdicts.some(Boolean)) return this.refuse(plan, throughputExceeded(plan.touches[refused] as Touch, this.arn));
    const split = splitBatch(operation, request, plan.touches, verdicts);
    const sent = Buffer.from(JSON.stringify(split.admitted));
    const answer = this.settled(plan, split.admitted, await this.forward(sent, headers));
    const parsed = answer.status === 200 ? parseJsonObject(answer.body) : undefined;
    if (!parsed) return answer;
    return jsonAnswer(200, withUnprocessed(operation, parsed, split.unprocessed), answer.headers);
  }

  /** Charges what a read's answer shows beyond the minimum admitted. */
  private settled(plan: RequestPlan, request: Record<string, unknown>, answer: Answer): Answer {
    if (answer.status !== 200) return answer;
    const parsed = parseJsonObject(answer.body);
    if (parsed) this.model.charge(readCharges(plan, request, parsed, (table) => this.known.get(table)));
    return answer;
  }

  private refuse(plan: RequestPlan, error: ErrorAnswer): Answer {
    const type = String(error.body.__type).split('#').pop() as string;
    if (type !== 'TransactionConflictException') {
      const reasons = (error.body.CancellationReasons ?? []) as { Code: string }[];
      if (!reasons.length || reasons.some((reason) => reason.Code === 'ThrottlingError'))
        this.throttledRequests[plan.operation] = (this.throttledRequests[plan.operation] ?? 0) + 1;
    }
    return answerOf(error);
  }

  /** The key schemas of the tables a request names (DescribeTable, once per table); a table not found is asked again next time. */
  private async keysFor(
    request: Record<string, unknown>,
    headers: http.IncomingHttpHeaders,
  ): Promise<(table: string) => TableKeys | undefined> {
    await Promise.all(
      tablesOf(request).map((table) => {
        let keys = this.keys.get(table);
        if (!keys) {
          keys = this.describe(table, headers);
          this.keys.set(table, keys);
          void keys.then((found) => (found ? this.known.set(table, found) : this.keys.delete(table)));
        }
        return keys;
      }),
    );
    return (table) => this.known.get(table);
  }

  private async describe(table: string, headers: http.IncomingHttpHeaders): Promise<TableKeys | undefined> {
    const body = Buffer.from(JSON.stringify({ TableName: table }));
    const answer = await send(
      this.agent,
      this.options.upstream,
      { ...headers, 'x-amz-target': 'DynamoDB_20120810.DescribeTable' },
      body,
    );
    const described =
      answer.status === 200 ? (parseJsonObject(answer.body)?.Table as Parameters<typeof tableKeysOf>[0]) : undefined;
    return described ? tableKeysOf(described) : undefined;
  }

  private async forward(body: Buffer, headers: http.IncomingHttpHeaders): Promise<Answer> {
    this.forwarded++;
    return send(this.agent, this.options.upstream, headers, body);
  }
}

/** Reasons for a cancelled transaction: `code` where the verdict is false, `None` elsewhere. */
function cancelWith(verdicts: readonly boolean[], code: CancellationCode): ErrorAnswer {
  return transactionCanceled(verdicts.map((verdict) => (verdict ? 'None' : code)));
}

function answerOf(error: ErrorAnswer): Answer {
  return jsonAnswer(error.status, error.body, {});
}

function jsonAnswer(status: number, value: unknown, headers: http.IncomingHttpHeaders): Answer {
  const body = Buffer.from(JSON.stringify(value));
  const kept = { ...headers };
  delete kept['x-amz-crc32']; // the body changed: DynamoDB's checksum no longer matches it
  return {
    status,
    headers: { ...kept, 'content-type': 'application/x-amz-json-1.0', 'content-length': String(body.length) },
    body,
  };
}

/** Forwards one DynamoDB request, unchanged, to DynamoDB Local. */
function send(agent: http.Agent, upstream: string, headers: http.IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  const target = new URL(upstream);
  const forwarded = { ...headers, host: target.host, 'content-length': String(body.length) };
  return relay(agent, target, { method: 'POST', path: '/', headers: forwarded }, body);
}
