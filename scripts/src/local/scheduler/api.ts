/**
 * The local scheduler's HTTP API: the REST-JSON routes the unchanged `@aws-sdk/client-scheduler`
 * sends (as its own serializers declare them): POST/PUT/GET/DELETE `/schedules/{Name}` and GET
 * `/schedules`, the group in the body (`GroupName`) or the query (`groupName`, or `ScheduleGroup`
 * for the list). Errors carry `x-amzn-errortype`, which the SDK turns into its exception classes.
 * Served on the local bus's port: requests under `/schedules` come here, the rest go to the bus.
 */
import type http from 'node:http';
import { readBody, sendJson } from '../http';
import { SchedulerApiError, type LocalSchedule, type LocalScheduler, type ScheduleRequest } from './scheduler';

const BODY_LIMIT = 1024 * 1024;

/** Sends `/schedules...` to the scheduler and everything else to `next` (the bus). */
export function withSchedulerApi(scheduler: LocalScheduler, next: http.RequestListener): http.RequestListener {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/schedules' && !url.pathname.startsWith('/schedules/')) return next(request, response);
    handle(scheduler, request, url, response).catch((error: Error) => {
      if (error instanceof SchedulerApiError) return sendError(response, error.status, error.type, error.message);
      sendError(response, 500, 'InternalServerException', error.message);
    });
  };
}

async function handle(
  scheduler: LocalScheduler,
  request: http.IncomingMessage,
  url: URL,
  response: http.ServerResponse,
): Promise<void> {
  const body = await readBody(request, BODY_LIMIT);
  if (body === 'too-large') throw new SchedulerApiError('ValidationException', 'Request too large');
  const method = request.method ?? 'GET';
  const name = url.pathname === '/schedules' ? undefined : decodeURIComponent(url.pathname.slice('/schedules/'.length));
  if (name === undefined) {
    if (method !== 'GET')
      throw new SchedulerApiError('ValidationException', `${method} /schedules is not an operation`);
    const schedules = scheduler.list({
      ...(url.searchParams.get('ScheduleGroup') ? { groupName: url.searchParams.get('ScheduleGroup') as string } : {}),
      ...(url.searchParams.get('NamePrefix') ? { namePrefix: url.searchParams.get('NamePrefix') as string } : {}),
    });
    return sendJson(response, 200, { Schedules: schedules.map(summaryOf) });
  }
  const group = url.searchParams.get('groupName') ?? undefined;
  switch (method) {
    case 'POST':
      return sendJson(response, 200, { ScheduleArn: scheduler.create(name, parse(body)) });
    case 'PUT':
      return sendJson(response, 200, { ScheduleArn: scheduler.update(name, parse(body)) });
    case 'GET':
      return sendJson(response, 200, describe(scheduler.get(name, group)));
    case 'DELETE':
      scheduler.delete(name, group);
      return sendJson(response, 200, {});
    default:
      throw new SchedulerApiError('ValidationException', `${method} /schedules/{Name} is not an operation`);
  }
}

function parse(body: Buffer): ScheduleRequest {
  try {
    const parsed = body.length ? (JSON.parse(body.toString('utf8')) as unknown) : {};
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as ScheduleRequest;
  } catch {
    throw new SchedulerApiError('ValidationException', 'The request body is not a JSON object');
  }
}

/** Timestamps go out as epoch seconds, REST-JSON's default. */
const epochSeconds = (iso: string) => Date.parse(iso) / 1000;

function describe(schedule: LocalSchedule): Record<string, unknown> {
  const { completedAt: _completedAt, CreationDate, LastModificationDate, ...rest } = schedule;
  return {
    ...rest,
    CreationDate: epochSeconds(CreationDate),
    LastModificationDate: epochSeconds(LastModificationDate),
  };
}

function summaryOf(schedule: LocalSchedule): Record<string, unknown> {
  return {
    Arn: schedule.Arn,
    Name: schedule.Name,
    GroupName: schedule.GroupName,
    State: schedule.State,
    CreationDate: epochSeconds(schedule.CreationDate),
    LastModificationDate: epochSeconds(schedule.LastModificationDate),
    Target: { Arn: schedule.Target.Arn },
  };
}

function sendError(response: http.ServerResponse, status: number, type: string, message: string): void {
  response.setHeader('x-amzn-errortype', type);
  sendJson(response, status, { Message: message });
}
