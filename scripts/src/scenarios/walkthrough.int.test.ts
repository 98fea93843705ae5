import { streamNameOf } from '@evote/audit';
import { startTestStack, type TestStack } from '../testing/harness';
import { fingerprint } from '../testing/fingerprint';
import { runCommand } from '../testing/commands';
import type { AuditRow, BallotRow, ElectionResult, VoteRow } from '../inspect/queries';
import { walkthrough } from './ballots';

let t: TestStack;

function command(script: string, args: string[]): Promise<string> {
  return runCommand(t, script, args);
}
/** `$(yarn token voter <id>)` as the README's curls use it: the real command, asking this stack's issuer. */
const bearer = async (...args: string[]): Promise<string> => `Bearer ${(await command('token.ts', args)).trim()}`;
const inspect = async <T>(...args: string[]): Promise<T> =>
  JSON.parse(await command('inspect.ts', [...args, '--json'])) as T;

async function allTables(): Promise<string[][]> {
  return [
    fingerprint(await t.scan(t.tables.voters)),
    fingerprint(await t.scan(t.tables.elections)),
    fingerprint(await t.scan(t.tables.audit)),
  ];
}

beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t?.stop());

describe('the README walkthrough, end to end through HTTP and the real commands', () => {
  let seeded: string[][];

  it('yarn run init loads the seed', async () => {
    expect(await command('init.ts', [])).toMatch(/Done: the tables hold the seed data/);
    seeded = await allTables();
    expect(await inspect<BallotRow[]>('ballots')).toHaveLength(4);
  });

  it("four curls, each with its voter's token from `yarn token`: three ballots counted, the old one rejected", async () => {
    const bodies = [walkthrough.joe, walkthrough.abby, walkthrough.robert, walkthrough.joeOld];
    // Each curl's token is its own `yarn token` run, as in the README; the commands run side by
    // side (each is a process of its own), the curls one after another.
    const authorizations = await Promise.all(
      bodies.map((body) => bearer('voter', (body as { detail: { voterId: string } }).detail.voterId)),
    );
    for (const [index, body] of bodies.entries()) {
      const response = await t.post('/events', body, { as: { authorization: authorizations[index] as string } });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        eventId: expect.any(String),
        correlationId: expect.any(String),
        type: 'Ballot Submitted',
        detail: expect.objectContaining({ ballotId: (body as { detail: { ballotId: string } }).detail.ballotId }),
      });
    }
    await t.settle();

    // Independent reads: the commands run side by side.
    const [results, oneElection, ballots, votes, oneElectionVotes] = await Promise.all([
      inspect<ElectionResult[]>('results'),
      inspect<ElectionResult[]>('results', '--election', 'cc4822'),
      inspect<BallotRow[]>('ballots'),
      inspect<VoteRow[]>('votes'),
      inspect<VoteRow[]>('votes', '--election', '6353a9'),
    ]);
    const tally = Object.fromEntries(
      results.flatMap((election) => election.candidates.map((candidate) => [candidate.fullName, candidate.voteCount])),
    );
    expect(tally).toEqual({ 'Beth B Barnes': 1, 'Carla C Castano': 2, 'Delores D Dumfries': 1, 'Elena E Espinoza': 2 });
    expect(results[0]).toEqual({
      electionId: '6353a9',
      description: 'City Council Seat 1',
      candidates: expect.arrayContaining([{ candidateId: 'f5484e', fullName: 'Beth B Barnes', voteCount: 1 }]),
    });
    expect(oneElection.map((election) => election.electionId)).toEqual(['cc4822']);

    const states = Object.fromEntries(ballots.map((row) => [row.ballotId, row.ballotState]));
    expect(states).toEqual({
      '2a8c1e': 'SUBMITTED',
      '49aef2': 'SUBMITTED',
      de2ac4: 'SUBMITTED',
      '73a342': 'SUBMITTED',
    });
    expect(ballots[0]).toEqual({
      voterId: expect.any(String),
      fullName: expect.any(String),
      ballotId: expect.any(String),
      ballotState: expect.any(String),
    });

    expect(votes).toHaveLength(6);
    expect(Object.keys(votes[0] ?? {}).sort()).toEqual(['ballotId', 'candidateId', 'electionId', 'voteId']);
    expect(oneElectionVotes).toHaveLength(3);
  });

  it('the old ballot is rejected BALLOT_ALREADY_SUBMITTED and its history reads in order', async () => {
    const rejected = (await t.scan(t.tables.audit)).filter(
      (item) => item.entity === 'AuditEvent' && item.detailType === 'Ballot Rejected',
    );
    expect(rejected).toHaveLength(1);
    expect((rejected[0]?.event as { detail: { ballotId: string; reason: string } }).detail).toMatchObject({
      ballotId: '2a8c1e',
      reason: 'BALLOT_ALREADY_SUBMITTED',
    });
    const [history, voteCasts] = await Promise.all([
      inspect<AuditRow[]>('audit', '--entity', 'BALLOT#2a8c1e'),
      inspect<AuditRow[]>('audit', '--type', 'Vote Cast', '--limit', '4'),
    ]);
    expect(history.map((row) => row.detailType)).toEqual(['Ballot Submitted', 'Ballot Rejected']);
    expect(history.map((row) => row.revision).sort()).toEqual([1, 2]);
    expect(Object.keys(history[0] ?? {}).sort()).toEqual([
      'correlationId',
      'detailType',
      'entity',
      'eventId',
      'revision',
      'source',
      'time',
    ]);
    expect(voteCasts).toHaveLength(4);
  });

  it("curl of a ballot's history with its voter's token: the ballot's 4 events, revisions 1..4", async () => {
    const response = await t.get('/audit/ballot/49aef2/events', {
      as: { authorization: await bearer('voter', 'b7a42e') },
    });
    expect(response.status).toBe(200);
    const events = (response.body as { events: { 'detail-type': string; revision: number }[] }).events;
    expect(events.map((event) => event.revision)).toEqual([1, 2, 3, 4]);
    expect(events.map((event) => event['detail-type']).sort()).toEqual([
      'Ballot Submitted',
      'Ballot Verified',
      'Vote Cast',
      'Vote Cast',
    ]);
  });

  it('the audit log holds every event of the run under each entity it names', async () => {
    const entries = (await t.scan(t.tables.audit)).filter((item) => item.entity === 'AuditEntry');
    const archived = t.stack.archive.list();
    expect(archived).toHaveLength(4 + 4 + 6);
    for (const { event } of archived) {
      const detail = event.detail as {
        ballotId: string;
        voterId?: string;
        voter?: { voterId: string };
        votes?: { electionId: string; candidateId: string }[];
        vote?: { electionId: string; candidateId: string };
      };
      const votes = detail.votes ?? (detail.vote ? [detail.vote] : []);
      const named = [
        `BALLOT#${detail.ballotId}`,
        `VOTER#${detail.voterId ?? detail.voter?.voterId}`,
        ...votes.flatMap((vote) => [`ELECTION#${vote.electionId}`, `CANDIDATE#${vote.candidateId}`]),
      ];
      for (const entity of new Set(named)) {
        expect(
          entries.filter((entry) => streamNameOf(String(entry.pk)) === entity && entry.eventId === event.id),
        ).toHaveLength(1);
      }
    }
  });

  it('yarn run init again returns every table to the seed', async () => {
    expect(await command('init.ts', [])).toMatch(/delete \d+ item\(s\) not in the seed/);
    expect(await allTables()).toEqual(seeded);
  });
});
