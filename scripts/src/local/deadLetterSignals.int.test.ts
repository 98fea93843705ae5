/**
 * The alarm's local twin and the business metrics, on a real `yarn start`: a permanent fault in
 * countVote dead-letters every Vote Cast, the stack prints one warning line for each, and
 * `yarn stats` (counted from the EMF lines the functions write) shows what was verified, rejected,
 * refused and dead-lettered; after the fault is gone, `yarn redrive` counts the votes and empties
 * the queue, and the counters say so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricCount } from './eventbridge/metrics';
import { startStackProcess, stopStackProcess, type StackProcess } from './stackProcess';
import { runCli } from '../testing/commands';

jest.setTimeout(180_000);

/** Two ballots of the seed voters, each voting in both seed elections, and Joe's old ballot (already submitted). */
const BALLOTS = [
  {
    ballotId: '49aef2',
    voterId: 'b7a42e',
    votes: [
      ['6353a9', 'f5484e'],
      ['cc4822', 'ad0031'],
    ],
  },
  {
    ballotId: 'de2ac4',
    voterId: 'e579df',
    votes: [
      ['6353a9', '16eb70'],
      ['cc4822', '3391e4'],
    ],
  },
  {
    ballotId: '2a8c1e',
    voterId: 'b7a42e',
    votes: [
      ['6353a9', 'f5484e'],
      ['cc4822', 'ad0031'],
    ],
  },
] as const;
const VOTES_CAST = 4;

let dataDir: string;
let stack: StackProcess;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-signals-'));
  stack = await startStackProcess({
    EVOTE_DATA_DIR: dataDir,
    EVOTE_LOCAL_FAIL_FIRST: 'countVote=all',
    EVOTE_LOCAL_THROTTLE: 'off',
  });
  const init = await cli('init.ts');
  expect(init.code).toBe(0);
}, 180_000);

afterAll(async () => {
  if (stack) await stopStackProcess(stack, 5_000);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const cli = (script: string, args: readonly string[] = []) => runCli(stack.urls, script, args);

async function busAdmin(method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${stack.urls.eventBridge}/_evote/${route}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function post(ballot: (typeof BALLOTS)[number], contentType = 'application/json'): Promise<number> {
  const issued = await fetch(`${stack.urls.http}/_evote/issuer/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ voterId: ballot.voterId }),
  });
  const { access_token: token } = (await issued.json()) as { access_token: string };
  const detail = {
    ballotId: ballot.ballotId,
    voterId: ballot.voterId,
    votes: ballot.votes.map(([electionId, candidateId]) => ({ electionId, candidateId })),
  };
  const response = await fetch(`${stack.urls.http}/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
    body: JSON.stringify({ type: 'Ballot Submitted', detail }),
  });
  return response.status;
}

/** `yarn stats --json`, as `name` or `name{dimension=value}` -> count. */
async function stats(): Promise<Record<string, number>> {
  const run = await cli('stats.ts', ['--json']);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  // Lost revision races depend on timing (a ballot's Vote Casts reach its stream at once): not asserted.
  const counts = (JSON.parse(run.stdout) as MetricCount[]).filter((count) => count.name !== 'AuditRevisionRacesLost');
  return Object.fromEntries(
    counts.map((count) => {
      const by = Object.entries(count.dimensions).map(([key, value]) => `${key}=${value}`);
      return [by.length ? `${count.name}{${by.join(',')}}` : count.name, count.value];
    }),
  );
}

const warnings = () =>
  stack
    .output()
    .split('\n')
    .filter((line) => line.includes('WARNING dead-lettered'));

describe('a permanent fault in countVote, seen locally as in AWS', () => {
  it('warns once per dead-lettered event and counts it; after redrive the votes are counted and the queue is empty', async () => {
    expect(await post(BALLOTS[0])).toBe(202);
    expect(await post(BALLOTS[1])).toBe(202);
    expect(await post(BALLOTS[2])).toBe(202);
    expect(await post(BALLOTS[0], 'text/plain')).toBe(415);
    await busAdmin('POST', 'idle');

    const parked = (await busAdmin('GET', 'dead-letters')) as { messages: { body: string }[] };
    expect(parked.messages).toHaveLength(VOTES_CAST);
    const lines = warnings();
    expect(lines).toHaveLength(VOTES_CAST);
    for (const message of parked.messages) {
      const event = JSON.parse(message.body) as { id: string };
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `WARNING dead-lettered rule=evote-local-elections-countVote event=${event.id} type="Vote Cast" queue=\\S+countVote-dlq error="injected failure of attempt 5"`,
          ),
        ),
      );
    }

    const before = await stats();
    expect(before).toEqual({
      BallotsAccepted: 3,
      'PostsRefused{status=415}': 1,
      BallotsVerified: 2,
      'BallotsRejected{reason=BALLOT_ALREADY_SUBMITTED}': 1,
      // Every event on the bus, once: 3 Ballot Submitted, 2 Ballot Verified, 1 Ballot Rejected, 4 Vote Cast.
      AuditAppends: 10,
      EventsDeadLettered: VOTES_CAST,
    });

    await busAdmin('PUT', 'knobs', { failFirst: '' });
    const redrive = await cli('deadLetters.ts', ['redrive']);
    expect(redrive.stdout).toMatch(new RegExp(`redriven ${VOTES_CAST} event\\(s\\); 0 still parked`));
    expect(redrive.code).toBe(0);

    const after = await stats();
    expect(after).toEqual({ ...before, EventsRedriven: VOTES_CAST, VotesCounted: VOTES_CAST });
    expect(((await busAdmin('GET', 'dead-letters')) as { messages: unknown[] }).messages).toEqual([]);
    expect(warnings()).toHaveLength(VOTES_CAST);
  });
});
