/**
 * A 202 is a promise, locally too: a persistent `yarn start` takes a burst of ballots, is killed
 * with SIGKILL (its whole process group, DynamoDB Local's Java included) while it processes them,
 * and is started again on the same data directory with no other command. Every accepted ballot
 * must end counted once, nothing dead-lettered, and `yarn verify` and `yarn run rebuild` clean.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sumTallyShards } from '@evote/elections';
import { applyReset, planReset } from '../init/reset';
import { SEEDS, type SeededService } from '../init/seeds';
import { generateBallots, registerVoters, requestOf, type GeneratedBallot } from '../chaos/population';
import { TallyLedger } from '../chaos/checks';
import { scanAll } from '../testing/harness';
import { runCli } from '../testing/commands';
import { sizeFor } from '../testing/population';
import { localDynamoClient } from './dynamodb/client';
import { readJournal } from './eventbridge/journal';
import { loadStackModel } from './model/load';
import { repoRoot } from './paths';
import {
  groupAlive,
  killGroup,
  processesMentioning,
  startStackProcess,
  stopStackProcess,
  type StackProcess,
} from './stackProcess';

/** The burst (30 with EVOTE_TEST_POPULATION=ci): enough that the kill lands mid-processing either way. */
const BALLOTS = sizeFor({ full: 60, ci: 30 });
const CLIENTS = 4;
/** The burst is the point: the gateway's throttle is off. */
const STACK_ENV = { EVOTE_LOCAL_THROTTLE: 'off' };

jest.setTimeout(360_000);

let dataDir: string;
const started: StackProcess[] = [];

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-crash-'));
});
afterAll(async () => {
  for (const stack of started) await stopStackProcess(stack, 5_000);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<StackProcess> {
  const stack = await startStackProcess({ ...STACK_ENV, EVOTE_DATA_DIR: dataDir });
  started.push(stack);
  return stack;
}

interface Tables {
  db: DynamoDBDocumentClient;
  /** The table of a service, named as its serverless.yml names it for stage local. */
  of(service: string): string;
  close(): void;
}

async function tablesOf(stack: StackProcess): Promise<Tables> {
  const model = await loadStackModel({ root: repoRoot(), stage: 'local' });
  const client = localDynamoClient(stack.urls.dynamodb, model.region);
  return {
    db: DynamoDBDocumentClient.from(client),
    of: (service) => model.services.find((candidate) => candidate.name === service)?.tables[0]?.tableName as string,
    close: () => client.destroy(),
  };
}

/** What `yarn run init` does, and the chaos population's voters on top: one ISSUED ballot each. */
async function loadSeed(stack: StackProcess, ballots: readonly GeneratedBallot[]): Promise<void> {
  const tables = await tablesOf(stack);
  try {
    for (const name of Object.keys(SEEDS) as SeededService[]) {
      const table = tables.of(SEEDS[name].service);
      await applyReset(tables.db, await planReset(tables.db, table, SEEDS[name].items()));
    }
    await registerVoters(tables.db, tables.of('evote-voters'), ballots);
  } finally {
    tables.close();
  }
}

/**
 * The bearer header a signed-in voter sends. The stack's issuer mints the token; a stack without
 * one (404) takes ballots without a token.
 */
async function authorizationOf(stack: StackProcess, voterId: string): Promise<Record<string, string>> {
  const response = await fetch(`${stack.urls.http}/_evote/issuer/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ voterId }),
  });
  if (response.status === 404) return {};
  if (!response.ok) throw new Error(`the local issuer answered ${response.status}: ${await response.text()}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  return { authorization: `Bearer ${token}` };
}

async function submit(stack: StackProcess, ballot: GeneratedBallot, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${stack.urls.http}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(requestOf(ballot)),
  });
  await response.text();
  return response.status;
}

/**
 * POSTs the ballots a few at a time, as clients arrive, so the stack is processing earlier
 * ballots at every stage of the flow when the last one is answered.
 */
async function submitAll(
  stack: StackProcess,
  ballots: readonly GeneratedBallot[],
  headers: readonly Record<string, string>[],
): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const client = async () => {
    for (let index = next++; index < ballots.length; index = next++)
      statuses[index] = await submit(stack, ballots[index] as GeneratedBallot, headers[index] ?? {});
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return statuses;
}

/** Tallies and ballot states now, and the vote items of the burst. */
async function progress(stack: StackProcess, ballots: readonly GeneratedBallot[]) {
  const tables = await tablesOf(stack);
  try {
    const [elections, voters] = await Promise.all([
      scanAll(tables.db, tables.of('evote-elections')),
      scanAll(tables.db, tables.of('evote-voters')),
    ]);
    const mine = new Set(ballots.map((ballot) => ballot.ballotId));
    const tallies = Object.fromEntries(
      [...sumTallyShards(elections)]
        .map(([candidate, count]) => [candidate, count.voteCount] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    const submitted = voters.filter(
      (item) => item.entity === 'Ballot' && mine.has(String(item.ballotId)) && item.ballotState === 'SUBMITTED',
    ).length;
    const votes = elections.filter((item) => item.entity === 'Vote' && mine.has(String(item.ballotId))).length;
    return { tallies, submitted, votes };
  } finally {
    tables.close();
  }
}

/** Polls until `check` holds or `timeoutMs` passes; the assertions after it say what is wrong. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
}

describe('a persistent local stack killed with SIGKILL mid-burst', () => {
  it('counts every ballot it answered 202 exactly once after a plain restart', async () => {
    const ballots = generateBallots(BALLOTS, { prefix: 'k', seed: 12 });
    const ledger = new TallyLedger();
    ledger.add(ballots);
    const votesCast = ballots.reduce((sum, ballot) => sum + ballot.votes.length, 0);

    const first = await start();
    await loadSeed(first, ballots);
    const headers = await Promise.all(ballots.map((ballot) => authorizationOf(first, ballot.voterId)));
    const statuses = await submitAll(first, ballots, headers);
    expect(statuses).toEqual(ballots.map(() => 202));

    const java = processesMentioning(path.join(dataDir, 'dynamodb')).filter((found) =>
      found.command.includes('DynamoDBLocal.jar'),
    );
    expect(java.map((found) => found.group)).toEqual([first.group]);
    killGroup(first.group, 'SIGKILL');
    await first.exited;
    await waitUntil(async () => !groupAlive(first.group), 10_000);
    expect(groupAlive(first.group)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]); // DynamoDB Local's Java died with the rest

    // The bus was killed with deliveries owed: the crash came mid-processing, not after it.
    const owed = readJournal(path.join(dataDir, 'eventbridge', 'local', 'journal.jsonl')).unfinished;
    expect(owed.length).toBeGreaterThan(0);

    const second = await start();
    expect(second.output()).toMatch(/resume: \d+ unfinished deliveries of \d+ accepted events/);
    await waitUntil(async () => {
      const now = await progress(second, ballots);
      return now.submitted === BALLOTS && JSON.stringify(now.tallies) === JSON.stringify(ledger.expected());
    }, 150_000);
    await fetch(`${second.urls.eventBridge}/_evote/idle`, { method: 'POST' });

    const settled = await progress(second, ballots);
    if (settled.submitted !== BALLOTS) console.log(`restarted stack's output (tail):\n${second.output().slice(-6000)}`);
    expect(settled).toEqual({ tallies: ledger.expected(), submitted: BALLOTS, votes: votesCast });
    const parked = (await (await fetch(`${second.urls.eventBridge}/_evote/dead-letters`)).json()) as {
      messages: unknown[];
    };
    expect(parked.messages).toEqual([]);
    expect(readJournal(path.join(dataDir, 'eventbridge', 'local', 'journal.jsonl')).unfinished).toEqual([]);

    expect(await runCli(second.urls, 'verify.ts')).toMatchObject({ code: 0 });
    expect(await runCli(second.urls, 'rebuild.ts')).toMatchObject({ code: 0 });

    await stopStackProcess(second);
    started.splice(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  });
});
