/**
 * `yarn admin load-election` against a whole local stack: the command (and, where timing matters,
 * its library function) writes the elections and creates their schedules in the local scheduler
 * with the same SDK calls as in AWS, and at each instant Election Opened, then Election Closed,
 * reach the bus, its archive and the audit log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DetailType } from '@evote/shared';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { ELECTION_SEED_FILE, electionKey, parseDefinitionText } from '@evote/elections';
import { startTestStack, type TestStack } from '../../testing/harness';
import { runCommandResult } from '../../testing/commands';
import { loadElection } from './loadElection';
import { scheduleTargetFrom } from './scheduleTarget';
import { dynamoDefinitionStore } from './store';

let t: TestStack;
let dir: string;
beforeAll(async () => {
  t = await startTestStack();
  await t.seed();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-load-election-'));
}, 180_000);
afterAll(async () => {
  await t?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const loadElectionCommand = (file: string) => runCommandResult(t, 'admin.ts', ['load-election', file]);

function definitionFile(
  name: string,
  elections: { electionId: string; description: string; opensAt: string; closesAt: string }[],
) {
  const file = path.join(dir, name);
  const yaml = elections
    .map(
      (election) => `  - electionId: ${election.electionId}
    description: ${election.description}
    opensAt: ${election.opensAt}
    closesAt: ${election.closesAt}
    results: after-close
    candidates:
      - candidateId: c1
        fullName: Ada Lovelace
      - candidateId: c2
        fullName: Grace Hopper
`,
    )
    .join('');
  fs.writeFileSync(file, `elections:\n${yaml}`);
  return file;
}

/** The lifecycle events of an election the bus archived, in the order it accepted them. */
function lifecycleOf(electionId: string) {
  return t.stack.archive
    .list()
    .filter(
      ({ event }) =>
        [DetailType.ElectionOpened, DetailType.ElectionClosed].includes(event['detail-type'] as never) &&
        (event.detail as { electionId?: string }).electionId === electionId,
    )
    .map(({ event }) => ({ source: event.source, detailType: event['detail-type'], detail: event.detail }));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('yarn admin load-election on the local stack', () => {
  it('finds the seed, which init wrote, unchanged', async () => {
    const result = await loadElectionCommand(ELECTION_SEED_FILE);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Elections: 0 created, 0 updated, 2 unchanged.');
    expect(result.stdout).toContain('Schedules: 0 created, 0 updated, 0 removed.');
  });

  it('emits Election Opened at opensAt and Election Closed at closesAt, with the scheduled instants', async () => {
    // In process (a command's start-up takes seconds on a busy machine): whole seconds, as the
    // schedule's at() has none, about 2 s and 4 s from now, written in a +02:00 offset.
    const opensAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
    const closesAt = new Date(opensAt.getTime() + 2000);
    const local = (instant: Date) => `${new Date(instant.getTime() + 2 * 3600_000).toISOString().slice(0, 19)}+02:00`;
    const check = parseDefinitionText(
      fs.readFileSync(
        definitionFile('soon.yaml', [
          {
            electionId: 'soon01',
            description: 'Opens in a moment',
            opensAt: local(opensAt),
            closesAt: local(closesAt),
          },
        ]),
        'utf8',
      ),
    );
    if (!check.ok) throw new Error(JSON.stringify(check.problems));
    const scheduler = new SchedulerClient({
      region: t.stack.model.region,
      endpoint: t.stack.urls.scheduler,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const summary = await loadElection(check.definition, {
      store: dynamoDefinitionStore(t.db, t.tables.elections),
      scheduler,
      target: scheduleTargetFrom(t.stack.model.exports, t.stack.model.stage),
    }).finally(() => scheduler.destroy());
    expect(summary).toMatchObject({ created: ['soon01'], schedules: { created: ['soon01-opens', 'soon01-closes'] } });

    await until(() => lifecycleOf('soon01').length === 2, 'Election Opened and Election Closed');
    const detail = (scheduledAt: Date) => ({
      correlationId: 'soon01',
      electionId: 'soon01',
      scheduledAt: scheduledAt.toISOString(),
    });
    expect(lifecycleOf('soon01')).toEqual([
      { source: 'evote.elections', detailType: DetailType.ElectionOpened, detail: detail(opensAt) },
      { source: 'evote.elections', detailType: DetailType.ElectionClosed, detail: detail(closesAt) },
    ]);
    // ActionAfterCompletion DELETE: nothing is left to fire again.
    expect(t.stack.scheduler.list({ groupName: 'evote-local' })).toEqual([]);

    await t.settle();
    const audit = await t.get('/audit/election/soon01/events?limit=100');
    expect(audit.status).toBe(200);
    expect((audit.body as { events: { 'detail-type': string }[] }).events.map((event) => event['detail-type'])).toEqual(
      [DetailType.ElectionOpened, DetailType.ElectionClosed],
    );
  });

  it('writes the election with its window, and a second load of the file changes nothing', async () => {
    const file = definitionFile('later.yaml', [
      {
        electionId: 'later1',
        description: 'Next year',
        opensAt: '2099-05-01T08:00:00+02:00',
        closesAt: '2099-05-01T20:00:00+02:00',
      },
    ]);
    expect((await loadElectionCommand(file)).code).toBe(0);
    const read = async () =>
      (
        await t.db.send(
          new GetCommand({ TableName: t.tables.elections, Key: electionKey('later1'), ConsistentRead: true }),
        )
      ).Item;
    const first = await read();
    expect(first).toMatchObject({
      description: 'Next year',
      date: '2099-05-01',
      opensAt: '2099-05-01T06:00:00.000Z',
      closesAt: '2099-05-01T18:00:00.000Z',
      results: 'after-close',
      definitionDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(t.stack.scheduler.list({ namePrefix: 'later1-' }).map((schedule) => schedule.ScheduleExpression)).toEqual([
      'at(2099-05-01T06:00:00)',
      'at(2099-05-01T18:00:00)',
    ]);
    const schedulesBefore = t.stack.scheduler.list({ namePrefix: 'later1-' });

    const again = await loadElectionCommand(file);
    expect(again.stdout).toContain('Elections: 0 created, 0 updated, 1 unchanged.');
    expect(again.stdout).toContain('Schedules: 0 created, 0 updated, 0 removed.');
    expect(await read()).toEqual(first);
    expect(t.stack.scheduler.list({ namePrefix: 'later1-' })).toEqual(schedulesBefore);
  });

  it('refuses a change to an open election, naming it, and writes nothing of the file', async () => {
    const seedElection = {
      electionId: 'cc4822',
      description: 'Mayor (renamed)',
      opensAt: '2022-03-22T07:00:00-04:00',
      closesAt: '2099-12-31T23:59:59Z',
    };
    const file = definitionFile('changed.yaml', [
      {
        electionId: 'fresh1',
        description: 'Would be new',
        opensAt: '2099-01-01T00:00:00Z',
        closesAt: '2099-01-02T00:00:00Z',
      },
      seedElection,
    ]);
    const result = await loadElectionCommand(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('election cc4822 (Mayor (renamed)) differs from the one stored');
    expect(result.stderr).toContain('nothing of the file was written');
    const fresh = await t.db.send(new GetCommand({ TableName: t.tables.elections, Key: electionKey('fresh1') }));
    expect(fresh.Item).toBeUndefined();
    expect(t.stack.scheduler.list({ namePrefix: 'fresh1-' })).toEqual([]);
  });

  it('refuses a bad file with the line of each problem, before touching the stack', async () => {
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'elections:\n  - electionId: bad1\n    description: x\n    opensAt: 2099-01-01T08:00:00\n');
    const result = await loadElectionCommand(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:2:5: /elections/0: missing "closesAt"`);
    expect(result.stderr).toContain(
      `${file}:4:14: /elections/0/opensAt: must be an ISO 8601 date and time with its offset`,
    );
  });
});
