import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { electionDigest, type DefinedElection } from '@evote/elections';
import { loadElection } from './loadElection';
import type { StoredElection } from './plan';
import { SCHEDULE_RETRY_POLICY, type ScheduleTarget } from './schedules';
import type { DefinitionStore } from './store';

const TARGET: ScheduleTarget = {
  groupName: 'evote-prod',
  busArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/evote-prod',
  roleArn: 'arn:aws:iam::123456789012:role/evote-prod-elections-schedules',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:evote-prod-elections-schedules-dlq',
};
const NOW = new Date('2026-04-01T12:00:00.000Z');

const election = (overrides: Partial<DefinedElection> = {}): DefinedElection => ({
  electionId: 'mayor26',
  description: 'Mayor',
  opensAt: '2026-05-01T06:00:00.000Z',
  closesAt: '2026-05-01T18:00:00.250Z',
  results: 'after-close',
  date: '2026-05-01',
  candidates: [
    { candidateId: 'c1', fullName: 'Ada Lovelace' },
    { candidateId: 'c2', fullName: 'Grace Hopper' },
  ],
  ...overrides,
});

/** The elections table as a load sees it, in memory; `writes` counts every write. */
function memoryStore() {
  const elections = new Map<string, StoredElection>();
  const store: DefinitionStore & { writes: string[] } = {
    writes: [],
    async stored(ids) {
      return new Map(
        ids.flatMap((id) => (elections.has(id) ? [[id, structuredClone(elections.get(id)!)] as const] : [])),
      );
    },
    async writeCandidates(defined, removed) {
      const stored = elections.get(defined.electionId);
      const kept = (stored?.candidates ?? []).filter((candidate) => !removed.includes(candidate.candidateId));
      for (const candidate of defined.candidates)
        if (!kept.some((existing) => existing.candidateId === candidate.candidateId))
          kept.push({ candidateId: candidate.candidateId, voteCount: 0 });
      store.writes.push(`candidates ${defined.electionId}`);
      if (stored) stored.candidates = kept;
      else
        elections.set(defined.electionId, {
          electionId: defined.electionId,
          opensAt: undefined,
          definitionDigest: undefined,
          candidates: kept,
        });
    },
    async writeElection(defined) {
      const stored = elections.get(defined.electionId)!;
      stored.opensAt = defined.opensAt;
      stored.definitionDigest = electionDigest(defined);
      store.writes.push(`election ${defined.electionId}`);
    },
  };
  return { store, elections };
}

const scheduler = mockClient(SchedulerClient);
beforeEach(() => {
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
});

const load = (store: DefinitionStore, elections: DefinedElection[], now = NOW) =>
  loadElection({ elections }, { store, scheduler: new SchedulerClient({ region: 'eu-west-1' }), target: TARGET, now });

describe('loadElection --stage (requests to EventBridge Scheduler)', () => {
  it('creates exactly one schedule per opening and closing, with the event each one puts', async () => {
    const { store } = memoryStore();
    const summary = await load(store, [election()]);
    const created = scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input);
    const common = {
      GroupName: 'evote-prod',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
    };
    const target = (detailType: string) => ({
      Arn: TARGET.busArn,
      RoleArn: TARGET.roleArn,
      EventBridgeParameters: { DetailType: detailType, Source: 'evote.elections' },
      RetryPolicy: SCHEDULE_RETRY_POLICY,
      DeadLetterConfig: { Arn: TARGET.deadLetterArn },
    });
    expect(created).toEqual([
      expect.objectContaining({
        ...common,
        Name: 'mayor26-opens',
        ScheduleExpression: 'at(2026-05-01T06:00:00)',
        Target: expect.objectContaining(target('Election Opened')),
      }),
      expect.objectContaining({
        ...common,
        Name: 'mayor26-closes',
        // Rounded up: never before the instant.
        ScheduleExpression: 'at(2026-05-01T18:00:01)',
        Target: expect.objectContaining(target('Election Closed')),
      }),
    ]);
    expect(created.map((input) => JSON.parse(input.Target?.Input ?? ''))).toEqual([
      { correlationId: 'mayor26', electionId: 'mayor26', scheduledAt: '2026-05-01T06:00:00.000Z' },
      { correlationId: 'mayor26', electionId: 'mayor26', scheduledAt: '2026-05-01T18:00:00.250Z' },
    ]);
    expect(summary).toMatchObject({
      created: ['mayor26'],
      schedules: { created: ['mayor26-opens', 'mayor26-closes'] },
    });
  });

  it('sends nothing on a second load of the same definition', async () => {
    const { store } = memoryStore();
    await load(store, [election(), election({ electionId: 'council26' })]);
    scheduler.resetHistory();
    store.writes.length = 0;
    const again = await load(store, [election(), election({ electionId: 'council26' })]);
    expect(scheduler.calls()).toHaveLength(0);
    expect(store.writes).toEqual([]);
    expect(again).toMatchObject({ created: [], updated: [], unchanged: ['mayor26', 'council26'] });
  });

  it('updates the schedules of an election changed before it opens (UpdateSchedule when the name exists)', async () => {
    const { store } = memoryStore();
    await load(store, [election()]);
    scheduler.reset();
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const summary = await load(store, [election({ opensAt: '2026-05-01T07:00:00.000Z' })]);
    expect(scheduler.commandCalls(UpdateScheduleCommand).map((call) => call.args[0].input.ScheduleExpression)).toEqual([
      'at(2026-05-01T07:00:00)',
      'at(2026-05-01T18:00:01)',
    ]);
    expect(summary).toMatchObject({
      updated: ['mayor26'],
      schedules: { updated: ['mayor26-opens', 'mayor26-closes'] },
    });
  });

  it('schedules no moment already past, and removes the schedule an earlier definition made for it', async () => {
    const { store } = memoryStore();
    scheduler.on(DeleteScheduleCommand).resolves({});
    const summary = await load(store, [election({ opensAt: '2026-03-01T00:00:00.000Z' })]);
    expect(scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input.Name)).toEqual([
      'mayor26-closes',
    ]);
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((call) => call.args[0].input)).toEqual([
      { Name: 'mayor26-opens', GroupName: 'evote-prod' },
    ]);
    expect(summary.notScheduled).toEqual(['mayor26-opens']);
  });

  it('refuses a change to an election whose polls have opened, and then writes nothing of the file', async () => {
    const { store } = memoryStore();
    await load(store, [election()]);
    scheduler.resetHistory();
    store.writes.length = 0;
    const afterOpening = new Date('2026-05-01T06:00:00.000Z');
    const summary = await load(
      store,
      [election({ electionId: 'new26' }), election({ description: 'Mayor (renamed)' })],
      afterOpening,
    );
    expect(summary.refused).toEqual([
      'election mayor26 (Mayor (renamed)) differs from the one stored, and its polls opened at 2026-05-01T06:00:00.000Z: an open election cannot be changed',
    ]);
    expect(summary.created).toEqual([]);
    expect(store.writes).toEqual([]);
    expect(scheduler.calls()).toHaveLength(0);
  });

  it('refuses dropping a candidate that already has votes', async () => {
    const { store, elections } = memoryStore();
    await load(store, [election()]);
    elections.get('mayor26')!.candidates[1]!.voteCount = 3;
    const summary = await load(store, [election({ candidates: [{ candidateId: 'c1', fullName: 'Ada Lovelace' }] })]);
    expect(summary.refused).toEqual(['election mayor26 would drop candidate(s) c2, which already have votes']);
  });

  it('loads an unchanged open election again without complaint', async () => {
    const { store } = memoryStore();
    await load(store, [election()]);
    const summary = await load(store, [election()], new Date('2026-05-01T12:00:00.000Z'));
    expect(summary).toMatchObject({ refused: [], unchanged: ['mayor26'] });
  });
});
