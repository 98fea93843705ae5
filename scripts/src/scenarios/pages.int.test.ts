/**
 * The read routes the voter's page and the results page use, through the local gateway with real
 * tokens: the elections on the ballot, results polled with ETag / If-None-Match, each vote's
 * saved/counted status, and a voter's own ballots (and nobody else's).
 */
import { deriveVoteId } from '@evote/elections';
import { startTestStack, type HttpAnswer, type TestStack } from '../testing/harness';
import { walkthrough } from './ballots';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  await t.seed();
});
afterAll(() => t?.stop());

const JOE = { voter: 'b7a42e' };
const ABBY = { voter: 'e579df' };

interface Envelope {
  'detail-type': string;
  detail: { voteId?: string; vote?: { electionId: string } };
}

/** Joe's ballot 49aef2 (two votes), accepted and processed to the end. */
async function joeVotes(): Promise<void> {
  expect((await t.post('/events', walkthrough.joe)).status).toBe(202);
  await t.settle();
}

describe('GET /elections', () => {
  it('lists every election with its candidates, without tallies, to anyone', async () => {
    const answer = await t.get('/elections', { as: 'anonymous' });
    expect(answer.status).toBe(200);
    const { elections } = answer.body as {
      elections: { electionId: string; candidates: Record<string, unknown>[] }[];
    };
    expect(elections.map((election) => election.electionId).sort()).toEqual(['6353a9', 'cc4822']);
    expect(elections.find((election) => election.electionId === '6353a9')).toEqual({
      electionId: '6353a9',
      description: 'City Council Seat 1',
      date: '2022-03-22',
      candidates: [
        { candidateId: 'f5484e', fullName: 'Beth B Barnes' },
        { candidateId: '16eb70', fullName: 'Carla C Castano' },
      ],
    });
  });
});

describe('polling results, votes and ballots around one ballot', () => {
  let before: HttpAnswer;
  const startedAt = new Date().toISOString();
  const joesVoteInCouncil = deriveVoteId('49aef2', '6353a9');

  it('results carry a strong ETag and no-cache; an unchanged poll costs a bodiless 304', async () => {
    before = await t.get('/elections/6353a9/results');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ electionId: '6353a9', lastChangedAt: null });
    const etag = before.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(before.headers.get('cache-control')).toBe('no-cache');
    const again = await t.get('/elections/6353a9/results', { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('no-cache');
  });

  it('a vote not cast yet reads as neither saved nor counted', async () => {
    const answer = await t.get(`/elections/6353a9/votes/${joesVoteInCouncil}`, { as: JOE });
    expect(answer).toMatchObject({ status: 200, body: { voteId: joesVoteInCouncil, saved: false, counted: false } });
  });

  it('after a ballot is counted: a new ETag (the old one gets a 200) and lastChangedAt', async () => {
    await joeVotes();
    const stale = await t.get('/elections/6353a9/results', {
      headers: { 'if-none-match': before.headers.get('etag') as string },
    });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const { lastChangedAt } = stale.body as { lastChangedAt: string };
    expect(lastChangedAt >= startedAt && lastChangedAt <= new Date().toISOString()).toBe(true);
    const fresh = await t.get('/elections/6353a9/results', {
      headers: { 'if-none-match': stale.headers.get('etag') as string },
    });
    expect(fresh.status).toBe(304);
  });

  it("each vote of the voter's ballot, by the voteId of its Vote Cast in the audit stream, is saved and counted", async () => {
    const stream = await t.get('/audit/ballot/49aef2/events', { as: JOE });
    expect(stream.status).toBe(200);
    const casts = (stream.body as { events: Envelope[] }).events.filter(
      (event) => event['detail-type'] === 'Vote Cast',
    );
    expect(casts.map((cast) => cast.detail.voteId)).toContain(joesVoteInCouncil);
    expect(casts).toHaveLength(2);
    for (const cast of casts) {
      const answer = await t.get(`/elections/${cast.detail.vote?.electionId}/votes/${cast.detail.voteId}`, { as: JOE });
      expect(answer).toMatchObject({ status: 200, body: { voteId: cast.detail.voteId, saved: true, counted: true } });
      expect(Object.keys(answer.body as object).sort()).toEqual(['counted', 'saved', 'voteId']);
    }
  });

  it('vote status needs a token, and a well-formed id', async () => {
    const anonymous = await t.get(`/elections/6353a9/votes/${joesVoteInCouncil}`, { as: 'anonymous' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBeTruthy();
    const bad = await t.get('/elections/6353a9/votes/not%20an%20id!', { as: JOE });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: '/voteId' }] } });
  });

  it('a voter reads their own ballots, now with the new one submitted', async () => {
    const answer = await t.get('/voters/b7a42e/ballots', { as: JOE });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      voterId: 'b7a42e',
      fullName: 'Joe J Jones',
      ballots: [
        { ballotId: '2a8c1e', ballotState: 'SUBMITTED' },
        { ballotId: '49aef2', ballotState: 'SUBMITTED' },
      ],
    });
  });

  it("another voter's ballots answer exactly as an unknown voter's", async () => {
    const others = await t.get('/voters/b7a42e/ballots', { as: ABBY });
    const unknown = await t.get('/voters/c0ffee/ballots', { as: ABBY });
    expect(others.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(others.body).toEqual(JSON.parse(JSON.stringify(unknown.body).replaceAll('c0ffee', 'b7a42e')));
    expect(others.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
  });

  it("an auditor reads anyone's; without a token: 401", async () => {
    const audited = await t.get('/voters/e579df/ballots', { as: 'auditor' });
    expect(audited).toMatchObject({ status: 200, body: { voterId: 'e579df', fullName: 'Abby A Adams' } });
    const anonymous = await t.get('/voters/b7a42e/ballots', { as: 'anonymous' });
    expect(anonymous).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
    expect(anonymous.headers.get('www-authenticate')).toBeTruthy();
  });
});
