import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DetailType } from '@evote/shared';
import { startLocalStack, type LocalStack } from '../local/stack';
import type { Knobs } from '../local/eventbridge/knobs';
import type { ThrottleSetting } from '../local/gateway/throttle';
import { applyReset, planReset } from '../init/reset';
import { SEEDS, type SeededService } from '../init/seeds';
import { localDynamoClient } from '../local/dynamodb/client';
import { scanAll as scanItems } from '../verify/snapshot';
import { parsePartitionLimits, type PartitionLimitsSetting } from '../local/dynamodb/partitions/setting';

/**
 * Who a request is sent as: a voter's token, the auditors' token, no Authorization header at
 * all, or this exact Authorization header (for tokens a test builds itself).
 */
export type Sender = { voter: string } | 'auditor' | 'anonymous' | { authorization: string };

export interface RequestOptions {
  /**
   * Default: POST /events goes as the voter the ballot names (`detail.voterId`), so a scenario
   * that posts a voter's ballot means that voter posting it; a body that names no voter goes
   * anonymously. GET /audit/... goes as an auditor; any other path anonymously.
   */
  as?: Sender;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  /** The body parsed as JSON; the raw text if it is not JSON; undefined if empty. */
  body: unknown;
  headers: Headers;
}

export interface TestStackOptions {
  knobs?: Partial<Knobs>;
  /**
   * The gateway's throttle. Default `'off'`: tests fire bursts that are not what the throttle is
   * about; a test of the throttle asks for `'model'` or its own limits.
   */
  throttle?: ThrottleSetting;
  /**
   * The partition model in front of DynamoDB Local (docs/partition-model.md). Default: as
   * EVOTE_LOCAL_PARTITION_LIMITS says (off when unset), so a suite can be run once with it on.
   */
  partitionLimits?: PartitionLimitsSetting;
}

export interface TestTables {
  voters: string;
  elections: string;
  audit: string;
  /** The events service's Idempotency-Key table. */
  idempotency: string;
}

/** A local stack for one test file: in memory, on free ports, silent unless EVOTE_TEST_LOG is set. */
export interface TestStack {
  stack: LocalStack;
  db: DynamoDBDocumentClient;
  tables: TestTables;
  /** POSTs a JSON body (or a raw string) to the gateway, with a token as `options.as` says. */
  post(path: string, body: unknown, options?: RequestOptions): Promise<HttpAnswer>;
  /** GETs a path from the gateway, with a token as `options.as` says. */
  get(path: string, options?: RequestOptions): Promise<HttpAnswer>;
  /** The Authorization header value a sender's requests carry (undefined: anonymous). Tokens are minted once per voter. */
  authorization(sender: Sender): Promise<string | undefined>;
  /** Resets the voters and elections tables to the seed and empties the audit table (what `yarn run init` does). */
  seed(): Promise<void>;
  /** Waits until no delivery is pending or being retried. */
  settle(): Promise<void>;
  scan(table: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const verbose = Boolean(process.env.EVOTE_TEST_LOG);
  const stack = await startLocalStack({
    inMemory: true,
    ports: { http: 0, eventBridge: 0, dynamodb: 0 },
    knobs: options.knobs ?? {},
    throttle: options.throttle ?? 'off',
    partitionLimits: options.partitionLimits ?? parsePartitionLimits(process.env.EVOTE_LOCAL_PARTITION_LIMITS),
    ...(verbose
      ? {
          log: (line: string) => console.log(line),
          functionLog: (name: string, line: string) => console.log(`[${name}] ${line}`),
        }
      : {}),
  });
  const client = localDynamoClient(stack.urls.dynamodb, stack.model.region);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableOf = (service: string) => {
    const table = stack.model.services.find((candidate) => candidate.name === service)?.tables[0];
    if (!table) throw new Error(`${service} declares no table`);
    return table.tableName;
  };
  const tables: TestTables = {
    voters: tableOf('evote-voters'),
    elections: tableOf('evote-elections'),
    audit: tableOf('evote-audit'),
    idempotency: tableOf('evote-events'),
  };
  const authorization = tokenCache(stack);
  const send = async (
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    options: RequestOptions,
  ): Promise<HttpAnswer> => {
    const header = await authorization(options.as ?? defaultSender(method, path, body));
    const response = await fetch(`${stack.urls.http}${path}`, {
      method,
      headers: {
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        ...(header === undefined ? {} : { authorization: header }),
        ...options.headers,
      },
      ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: parseBody(await response.text()), headers: response.headers };
  };
  return {
    stack,
    db,
    tables,
    post: (path, body, options = {}) => send('POST', path, body, options),
    get: (path, options = {}) => send('GET', path, undefined, options),
    authorization,
    async seed() {
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

/** Who a request goes as when the test does not say: see RequestOptions.as. */
function defaultSender(method: 'GET' | 'POST', path: string, body: unknown): Sender {
  if (method === 'POST' && path.startsWith('/events')) {
    const voterId = ballotVoterOf(body);
    return voterId === undefined ? 'anonymous' : { voter: voterId };
  }
  return path.startsWith('/audit/') ? 'auditor' : 'anonymous';
}

function ballotVoterOf(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const voterId = (parsed as { detail?: { voterId?: unknown } } | null)?.detail?.voterId;
  // A token can only name a voter id the issuer accepts; a body with any other id goes anonymously.
  return typeof voterId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(voterId) ? voterId : undefined;
}

/** Authorization header values per sender, each voter's token minted once (they last an hour). */
function tokenCache(stack: LocalStack): (sender: Sender) => Promise<string | undefined> {
  const tokens = new Map<string, Promise<string>>();
  const cached = (key: string, mint: () => Promise<string>) => {
    let token = tokens.get(key);
    if (!token) {
      token = mint();
      tokens.set(key, token);
    }
    return token;
  };
  return async (sender) => {
    if (sender === 'anonymous') return undefined;
    if (sender === 'auditor') return `Bearer ${await cached('auditor', () => stack.tokens.auditor())}`;
    if ('authorization' in sender) return sender.authorization;
    return `Bearer ${await cached(`voter ${sender.voter}`, () => stack.tokens.voter(sender.voter))}`;
  };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Every item of `table`, read strongly consistent page by page. */
export function scanAll(db: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  return scanItems(db, { TableName: table });
}

/** The ids of the Ballot Submitted events the bus accepted for a ballot, in the order it archived them. */
export function submittedEventIds(t: TestStack, ballotId: string): string[] {
  return t.stack.archive
    .list()
    .filter(
      ({ event }) =>
        event['detail-type'] === DetailType.BallotSubmitted &&
        (event.detail as { ballotId?: string }).ballotId === ballotId,
    )
    .map(({ event }) => event.id);
}
