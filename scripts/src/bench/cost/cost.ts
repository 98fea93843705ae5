/**
 * The cost model: what one ballot uses, counted from the benchmark's own traffic, priced per
 * million ballots at AWS list prices, for our design and for the original experiment's design
 * (computed by the same code from the same counts, changed only where that design differed).
 */

/**
 * us-east-1 list prices (on-demand, first pricing tier, no free tier), as published on the AWS
 * pricing pages; checked on 2026-11-22. Re-check before relying on them:
 * https://aws.amazon.com/api-gateway/pricing/ , https://aws.amazon.com/lambda/pricing/ ,
 * https://aws.amazon.com/eventbridge/pricing/ , https://aws.amazon.com/dynamodb/pricing/on-demand/ ,
 * https://aws.amazon.com/cloudwatch/pricing/
 */
export const PRICES = {
  asOf: '2026-11-22',
  region: 'us-east-1',
  /** API Gateway HTTP API, per million requests (first 300 million a month). */
  httpApiPerMillion: 1.0,
  /** API Gateway REST API, per million requests (first 333 million a month). */
  restApiPerMillion: 3.5,
  /** Lambda, per million requests. */
  lambdaRequestsPerMillion: 0.2,
  /** Lambda duration per GB-second (first 6 billion x86 / 7.5 billion Arm GB-s a month). */
  lambdaPerGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 } as Record<string, number>,
  /** EventBridge custom events, per million; every 64 KB chunk of an entry is one event. */
  eventBridgePerMillion: 1.0,
  eventBridgeChunkBytes: 64 * 1024,
  /** DynamoDB on-demand, per million write / read request units. */
  dynamoWritePerMillion: 0.625,
  dynamoReadPerMillion: 0.125,
  /** CloudWatch Logs ingestion (standard class), per GB. */
  logsPerGb: 0.5,
} as const;

export type Prices = typeof PRICES;

export interface FunctionTraffic {
  /** Invocations per ballot. */
  invocations: number;
  /** Duration of one invocation (ms): a warm invocation handled alone, measured locally. */
  meanMs: number;
  memoryMb: number;
  architecture: string;
  /** Bytes of log lines per invocation (the function's own lines; Lambda adds START/END/REPORT). */
  logBytesPerInvocation: number;
}

export interface DynamoOperationTraffic {
  requests: number;
  writeUnits: number;
  readUnits: number;
}

/** What one ballot uses, per ballot (averages over the counted ballots). */
export interface BallotTraffic {
  api: 'http' | 'rest';
  apiRequests: number;
  functions: Record<string, FunctionTraffic>;
  /** PutEvents entries by source, and the 64 KB chunks they are billed as. */
  eventEntries: Record<string, number>;
  eventChunks: number;
  dynamo: Record<string, DynamoOperationTraffic>;
}

export interface CostLine {
  item: string;
  perBallot: number;
  unit: string;
  dollarsPerMillionBallots: number;
}

export interface CostModel {
  design: string;
  lines: CostLine[];
  dollarsPerMillionBallots: number;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The 64 KB chunks EventBridge bills a PutEvents entry as (source, detail-type, detail and resources), at least one. */
export function eventBridgeChunks(
  event: { source: string; 'detail-type': string; detail: unknown; resources: readonly string[] },
  prices: Prices = PRICES,
): number {
  const size =
    Buffer.byteLength(event.source) +
    Buffer.byteLength(event['detail-type']) +
    Buffer.byteLength(JSON.stringify(event.detail)) +
    event.resources.reduce((total, resource) => total + Buffer.byteLength(resource), 0);
  return Math.max(1, Math.ceil(size / prices.eventBridgeChunkBytes));
}

/** Prices one ballot's traffic per million ballots. */
export function priceTraffic(design: string, traffic: BallotTraffic, prices: Prices = PRICES): CostModel {
  const functions = Object.values(traffic.functions);
  const invocations = sum(functions.map((fn) => fn.invocations));
  const gbSeconds = (fn: FunctionTraffic) => fn.invocations * (fn.meanMs / 1000) * (fn.memoryMb / 1024);
  const durationDollars =
    sum(
      functions.map(
        (fn) => gbSeconds(fn) * (prices.lambdaPerGbSecond[fn.architecture] ?? prices.lambdaPerGbSecond.x86_64 ?? 0),
      ),
    ) * 1e6;
  const dynamo = Object.values(traffic.dynamo);
  const writeUnits = sum(dynamo.map((op) => op.writeUnits));
  const readUnits = sum(dynamo.map((op) => op.readUnits));
  const logBytes = sum(functions.map((fn) => fn.invocations * fn.logBytesPerInvocation));
  const apiPrice = traffic.api === 'rest' ? prices.restApiPerMillion : prices.httpApiPerMillion;
  const lines: CostLine[] = [
    {
      item: `API Gateway ${traffic.api === 'rest' ? 'REST' : 'HTTP'} API requests`,
      perBallot: traffic.apiRequests,
      unit: 'requests',
      dollarsPerMillionBallots: traffic.apiRequests * apiPrice,
    },
    {
      item: 'Lambda requests',
      perBallot: invocations,
      unit: 'invocations',
      dollarsPerMillionBallots: invocations * prices.lambdaRequestsPerMillion,
    },
    {
      item: 'Lambda duration',
      perBallot: sum(functions.map(gbSeconds)),
      unit: 'GB-s',
      dollarsPerMillionBallots: durationDollars,
    },
    {
      item: 'EventBridge events',
      perBallot: traffic.eventChunks,
      unit: '64 KB chunks',
      dollarsPerMillionBallots: traffic.eventChunks * prices.eventBridgePerMillion,
    },
    {
      item: 'DynamoDB writes',
      perBallot: writeUnits,
      unit: 'WRU',
      dollarsPerMillionBallots: writeUnits * prices.dynamoWritePerMillion,
    },
    {
      item: 'DynamoDB reads',
      perBallot: readUnits,
      unit: 'RRU',
      dollarsPerMillionBallots: readUnits * prices.dynamoReadPerMillion,
    },
    {
      item: 'CloudWatch Logs ingestion',
      perBallot: logBytes,
      unit: 'bytes',
      dollarsPerMillionBallots: (logBytes * 1e6 * prices.logsPerGb) / 1024 ** 3,
    },
  ];
  return { design, lines, dollarsPerMillionBallots: sum(lines.map((line) => line.dollarsPerMillionBallots)) };
}

export interface OriginalDesignInputs {
  /** Source of the events clients submit (they came through the API in both designs). */
  clientSource: string;
  /** The function behind POST /events, which the original design also ran for every follow-up event. */
  apiFunction: string;
  /** The service whose table takes the count transactions (`elections`). */
  countTable: string;
  /** The service whose table holds the audit log (`audit`); its queries are the stream reads. */
  auditTable: string;
}

/**
 * The original experiment's design, derived from our counted traffic by its differences:
 * - a REST API ($3.50/M) instead of an HTTP API;
 * - every follow-up event (each entry not submitted by a client) was POSTed back to its own
 *   public API: one more API request and one more run of the API function per event, which
 *   then put the event on the bus as ours does (so the events themselves are the same);
 * - no transactions: a vote was counted with one `UpdateItem ADD voteCount` on the candidate
 *   (1 WRU, the candidate item is far below 1 KB) instead of the marker + update transaction;
 * - no stream revisions in the audit log: the reads of the ballot's and the voter's stream
 *   before each append are not made (the audit's writes are the same puts);
 * - random ids: no difference in what one ballot costs when nothing is redelivered (the cost of
 *   that design is that a redelivery counts a vote twice, not a bigger bill).
 * Otherwise the audit log is modelled as ours (the original's is not described).
 * Traffic keys are `<operation> <service>` (see dynamoMeter.ts).
 */
export function originalDesignTraffic(ours: BallotTraffic, inputs: OriginalDesignInputs): BallotTraffic {
  const followUps = sum(
    Object.entries(ours.eventEntries)
      .filter(([source]) => source !== inputs.clientSource)
      .map(([, count]) => count),
  );
  const relay = ours.functions[inputs.apiFunction];
  if (!relay) throw new Error(`no traffic counted for ${inputs.apiFunction}`);
  const none = { requests: 0, writeUnits: 0, readUnits: 0 };
  const others = { ...ours.dynamo };
  const take = (key: string): DynamoOperationTraffic => {
    const taken = others[key] ?? none;
    delete others[key];
    return taken;
  };
  const add = (key: string, extra: DynamoOperationTraffic) => {
    const base = others[key] ?? none;
    others[key] = {
      requests: base.requests + extra.requests,
      writeUnits: base.writeUnits + extra.writeUnits,
      readUnits: base.readUnits + extra.readUnits,
    };
  };
  const counts = take(`TransactWriteItems ${inputs.countTable}`);
  take(`Query ${inputs.auditTable}`); // the stream reads of the revisions: the original kept none
  add(`UpdateItem ${inputs.countTable}`, { requests: counts.requests, writeUnits: counts.requests, readUnits: 0 });
  return {
    ...ours,
    api: 'rest',
    apiRequests: ours.apiRequests + followUps,
    functions: { ...ours.functions, [inputs.apiFunction]: { ...relay, invocations: relay.invocations + followUps } },
    dynamo: others,
  };
}
