/**
 * The local EventBridge Scheduler: its API through the unchanged SDK client, and firing (on time,
 * once, retried, dead-lettered, kept across a restart). Over 250 lines because both halves share
 * one fake bus that records every put.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { close, listen } from '../http';
import { DeadLetterQueues } from '../eventbridge/stores';
import { withSchedulerApi } from './api';
import { LOCAL_MAX_ATTEMPTS, LocalScheduler } from './scheduler';

const BUS_ARN = 'arn:aws:events:us-east-1:000000000000:event-bus/evote-local';
const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:evote-local-elections-schedules-dlq';

interface Put {
  at: number;
  request: unknown;
}

let server: http.Server;
let client: SchedulerClient;
let scheduler: LocalScheduler;
let deadLetters: DeadLetterQueues;
let puts: Put[];
let failPuts: boolean;

function startScheduler(file?: string): LocalScheduler {
  return new LocalScheduler({
    region: 'us-east-1',
    accountId: '000000000000',
    deadLetters,
    backoffMs: () => 1,
    ...(file ? { file } : {}),
    async putEvents(request) {
      puts.push({ at: Date.now(), request });
      if (failPuts) return { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'down' }] };
      return { FailedEntryCount: 0, Entries: [{ EventId: `e${puts.length}` }] };
    },
  });
}

beforeEach(async () => {
  puts = [];
  failPuts = false;
  deadLetters = new DeadLetterQueues();
  scheduler = startScheduler();
  const notBus: http.RequestListener = (_request, response) => response.writeHead(418).end();
  const listening = await listen(withSchedulerApi(scheduler, notBus), 0);
  server = listening.server;
  client = new SchedulerClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${listening.port}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterEach(async () => {
  client.destroy();
  await scheduler.close();
  await close(server);
});

/** `at()` of an instant `ms` from now, rounded up to the second, as load-election writes it. */
function at(ms: number): { expression: string; due: number } {
  const due = Math.ceil((Date.now() + ms) / 1000) * 1000;
  return { expression: `at(${new Date(due).toISOString().slice(0, 19)})`, due };
}

function request(
  name: string,
  expression: string,
  overrides: Partial<CreateScheduleCommandInput> = {},
): CreateScheduleCommandInput {
  return {
    Name: name,
    GroupName: 'evote-local',
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: BUS_ARN,
      RoleArn: 'arn:aws:iam::000000000000:role/schedules',
      EventBridgeParameters: { DetailType: 'Election Opened', Source: 'evote.elections' },
      Input: JSON.stringify({ correlationId: 'e1', electionId: 'e1', scheduledAt: '2030-01-01T00:00:00.000Z' }),
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      DeadLetterConfig: { Arn: DLQ_ARN },
    },
    ...overrides,
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await scheduler.idle();
}

describe('the local scheduler API, through the unchanged SDK client', () => {
  it('creates, gets, lists, updates and deletes a schedule', async () => {
    const future = 'at(2099-01-01T00:00:00)';
    const created = await client.send(new CreateScheduleCommand(request('e1-opens', future)));
    expect(created.ScheduleArn).toBe('arn:aws:scheduler:us-east-1:000000000000:schedule/evote-local/e1-opens');
    const got = await client.send(new GetScheduleCommand({ Name: 'e1-opens', GroupName: 'evote-local' }));
    expect(got).toMatchObject({
      Name: 'e1-opens',
      GroupName: 'evote-local',
      ScheduleExpression: future,
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: BUS_ARN, EventBridgeParameters: { DetailType: 'Election Opened', Source: 'evote.elections' } },
    });
    expect(got.CreationDate).toBeInstanceOf(Date);
    await client.send(new UpdateScheduleCommand({ ...request('e1-opens', 'at(2099-06-01T00:00:00)') }));
    const listed = await client.send(new ListSchedulesCommand({ GroupName: 'evote-local' }));
    expect(listed.Schedules?.map((schedule) => schedule.Name)).toEqual(['e1-opens']);
    expect(
      (await client.send(new GetScheduleCommand({ Name: 'e1-opens', GroupName: 'evote-local' }))).ScheduleExpression,
    ).toBe('at(2099-06-01T00:00:00)');
    expect((await client.send(new ListSchedulesCommand({ GroupName: 'other' }))).Schedules).toEqual([]);
    await client.send(new DeleteScheduleCommand({ Name: 'e1-opens', GroupName: 'evote-local' }));
    await expect(
      client.send(new GetScheduleCommand({ Name: 'e1-opens', GroupName: 'evote-local' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('answers a second create of one name with ConflictException, an unknown name with ResourceNotFoundException', async () => {
    await client.send(new CreateScheduleCommand(request('e1-opens', 'at(2099-01-01T00:00:00)')));
    await expect(
      client.send(new CreateScheduleCommand(request('e1-opens', 'at(2099-01-01T00:00:00)'))),
    ).rejects.toBeInstanceOf(ConflictException);
    await expect(
      client.send(new UpdateScheduleCommand(request('nope', 'at(2099-01-01T00:00:00)'))),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new DeleteScheduleCommand({ Name: 'nope', GroupName: 'evote-local' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it.each([
    ['a recurring expression', { ScheduleExpression: 'rate(5 minutes)' }, /one-time schedules only/],
    ['another time zone', { ScheduleExpressionTimezone: 'Europe/Paris' }, /UTC time zone only/],
    [
      'a target that is not a bus',
      { Target: { Arn: 'arn:aws:lambda:us-east-1:0:function:f', RoleArn: 'r' } },
      /event buses only/,
    ],
  ])('refuses %s with a ValidationException that says why, and creates nothing', async (_, overrides, message) => {
    const refused = client.send(new CreateScheduleCommand(request('e1-opens', 'at(2099-01-01T00:00:00)', overrides)));
    await expect(refused).rejects.toBeInstanceOf(ValidationException);
    await expect(refused).rejects.toThrow(message);
    expect(scheduler.list()).toEqual([]);
  });

  it('leaves other paths to the bus', async () => {
    const response = await fetch(`${await endpointOf(client)}/`, { method: 'POST' });
    expect(response.status).toBe(418);
  });
});

async function endpointOf(sdk: SchedulerClient): Promise<string> {
  const endpoint = await sdk.config.endpoint?.();
  return `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`;
}

describe('firing', () => {
  it('puts the Input once, at (never before) its instant, as the target Source and DetailType, then deletes the schedule', async () => {
    const { expression, due } = at(300);
    const input = request('e1-opens', expression);
    await client.send(new CreateScheduleCommand(input));
    await until(() => puts.length > 0 && scheduler.list().length === 0, 'the schedule to fire');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.at).toBeGreaterThanOrEqual(due);
    expect(puts[0]?.request).toEqual({
      Entries: [
        {
          EventBusName: BUS_ARN,
          Source: 'evote.elections',
          DetailType: 'Election Opened',
          Detail: input.Target?.Input,
        },
      ],
    });
  });

  it('keeps a fired schedule whose ActionAfterCompletion is NONE, and does not fire it again', async () => {
    const { expression } = at(0);
    await client.send(new CreateScheduleCommand(request('e1-opens', expression, { ActionAfterCompletion: 'NONE' })));
    await until(() => puts.length > 0, 'the schedule to fire');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(puts).toHaveLength(1);
    expect(scheduler.list().map((schedule) => schedule.Name)).toEqual(['e1-opens']);
  });

  it('fires a schedule already past due at once', async () => {
    await client.send(new CreateScheduleCommand(request('e1-opens', 'at(2020-01-01T00:00:00)')));
    await until(() => puts.length > 0, 'the past-due schedule to fire');
    expect(puts).toHaveLength(1);
  });

  it('does not fire a schedule deleted before its instant', async () => {
    const { expression } = at(300);
    await client.send(new CreateScheduleCommand(request('e1-opens', expression)));
    await client.send(new DeleteScheduleCommand({ Name: 'e1-opens', GroupName: 'evote-local' }));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(puts).toEqual([]);
  });

  it(`parks the event in the dead-letter queue after ${LOCAL_MAX_ATTEMPTS} failed puts`, async () => {
    failPuts = true;
    await client.send(new CreateScheduleCommand(request('e1-opens', 'at(2020-01-01T00:00:00)')));
    await until(() => deadLetters.list().length > 0, 'the dead letter');
    expect(puts).toHaveLength(LOCAL_MAX_ATTEMPTS);
    expect(deadLetters.list()).toEqual([
      expect.objectContaining({
        queue: 'evote-local-elections-schedules-dlq',
        attributes: expect.objectContaining({ TARGET_ARN: BUS_ARN, ATTEMPTS: String(LOCAL_MAX_ATTEMPTS) }),
      }),
    ]);
    expect(JSON.parse(deadLetters.list()[0]?.body ?? '')).toMatchObject({ DetailType: 'Election Opened' });
  });

  it('keeps schedules in its file and fires them after a restart', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evote-scheduler-')), 'schedules.json');
    const first = startScheduler(file);
    first.create('e1-closes', { ...request('e1-closes', 'at(2020-01-01T00:00:00)'), State: 'DISABLED' } as never);
    first.create('e1-opens', request('e1-opens', at(60_000).expression) as never);
    await first.close();
    expect(puts).toEqual([]);
    const second = startScheduler(file);
    expect(
      second
        .list()
        .map((schedule) => schedule.Name)
        .sort(),
    ).toEqual(['e1-closes', 'e1-opens']);
    second.update('e1-closes', request('e1-closes', 'at(2020-01-01T00:00:00)') as never);
    await until(() => puts.length > 0, 'the restored schedule to fire');
    await second.idle();
    expect(second.list().map((schedule) => schedule.Name)).toEqual(['e1-opens']);
    await second.close();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).map((schedule: { Name: string }) => schedule.Name)).toEqual([
      'e1-opens',
    ]);
  });
});
