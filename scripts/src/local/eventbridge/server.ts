import type http from 'node:http';
import { readBody, sendJson } from '../http';
import { ApiError } from './putEvents';
import type { LocalEventBus } from './bus';
import type { DeadLetterQueues } from './stores';
import { parseFailFirst, type Knobs } from './knobs';
import type { LocalMetrics } from './metrics';

const AWS_JSON = 'application/x-amz-json-1.1';
/** Far above PutEvents' 256 KB so the API, not the socket, answers an oversized request. */
const BODY_LIMIT = 4 * 1024 * 1024;

export interface BusServerDeps {
  bus: LocalEventBus;
  deadLetters: DeadLetterQueues;
  metrics: LocalMetrics;
}

/**
 * The local EventBridge endpoint: the AWS JSON 1.1 protocol for `AWSEvents.PutEvents` (what the
 * unchanged SDK client sends when AWS_ENDPOINT_URL_EVENTBRIDGE points here), plus an admin API
 * under `/_evote/` for the dead-letter queues, replays, the business metrics and test knobs.
 */
export function busRequestHandler(deps: BusServerDeps): http.RequestListener {
  return (request, response) => {
    handle(deps, request, response).catch((error: Error) =>
      sendJson(response, 500, { __type: 'InternalException', message: error.message }, AWS_JSON),
    );
  };
}

async function handle(
  deps: BusServerDeps,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const body = await readBody(request, BODY_LIMIT);
  if (body === 'too-large')
    return sendJson(response, 413, { __type: 'ValidationException', message: 'Request too large' }, AWS_JSON);
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/_evote/')) return admin(deps, request.method ?? 'GET', url, body, response);
  const target = request.headers['x-amz-target'];
  if (target !== 'AWSEvents.PutEvents') {
    return sendJson(
      response,
      400,
      {
        __type: 'UnknownOperationException',
        message: `The local bus implements AWSEvents.PutEvents only, not ${String(target)}`,
      },
      AWS_JSON,
    );
  }
  try {
    sendJson(response, 200, await deps.bus.putEvents(parseJson(body)), AWS_JSON);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendJson(response, error.status, { __type: error.type, message: error.message }, AWS_JSON);
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw new ApiError('SerializationException', 'The request body is not valid JSON');
  }
}

async function admin(
  deps: BusServerDeps,
  method: string,
  url: URL,
  body: Buffer,
  response: http.ServerResponse,
): Promise<void> {
  const input = (body.length ? parseJson(body) : {}) as Record<string, unknown>;
  const route = `${method} ${url.pathname}`;
  switch (route) {
    case 'GET /_evote/health':
      return sendJson(response, 200, { ok: true });
    case 'GET /_evote/dead-letters':
      return sendJson(response, 200, { messages: deps.deadLetters.list(url.searchParams.get('queue') ?? undefined) });
    case 'POST /_evote/dead-letters/redrive':
      return sendJson(response, 200, deps.bus.redrive(typeof input.queue === 'string' ? input.queue : undefined));
    case 'POST /_evote/replay':
      return sendJson(
        response,
        200,
        deps.bus.replay(input as { from?: string; to?: string; rules?: string[]; name?: string }),
      );
    case 'GET /_evote/metrics':
      return sendJson(response, 200, { metrics: deps.metrics.snapshot() });
    case 'GET /_evote/deliveries':
      return sendJson(response, 200, { pending: deps.bus.pendingDeliveries, deliveries: deps.bus.deliveries });
    case 'POST /_evote/idle':
      await deps.bus.idle();
      return sendJson(response, 200, { idle: true });
    case 'GET /_evote/knobs':
      return sendJson(response, 200, describeKnobs(deps.bus.knobs));
    case 'PUT /_evote/knobs':
      deps.bus.knobs = mergeKnobs(deps.bus.knobs, input);
      return sendJson(response, 200, describeKnobs(deps.bus.knobs));
    default:
      return sendJson(response, 404, { message: `no admin route ${route}` });
  }
}

/** Knob changes at run time; `failFirst` takes the EVOTE_LOCAL_FAIL_FIRST grammar as a string. */
function mergeKnobs(knobs: Knobs, input: Record<string, unknown>): Knobs {
  const { failFirst, ...rest } = input;
  return {
    ...knobs,
    ...(rest as Partial<Knobs>),
    ...(failFirst === undefined ? {} : { failFirst: typeof failFirst === 'string' ? parseFailFirst(failFirst) : [] }),
  };
}

/** JSON has no Infinity: a permanent fault is shown as attempts "all". */
function describeKnobs(knobs: Knobs): unknown {
  return {
    ...knobs,
    failFirst: knobs.failFirst.map((rule) => ({
      ...rule,
      attempts: Number.isFinite(rule.attempts) ? rule.attempts : 'all',
    })),
  };
}
