import { DetailType } from '@evote/shared';
import { startTestStack, submittedEventIds, type HttpAnswer, type TestStack } from '../testing/harness';
import { generateBallots, registerVoters, requestOf, type GeneratedBallot } from '../chaos/population';
import { TallyLedger } from '../chaos/checks';
import { runWalkthrough } from './ballots';

type Page = { events: { id: string; 'detail-type': string; revision?: number }[] };

async function ballotState(t: TestStack, ballotId: string): Promise<unknown> {
  return (await t.scan(t.tables.voters)).find((item) => item.ballotId === ballotId)?.ballotState;
}

/** The answer with the asked-for id taken out, so answers about two ids can be compared. */
function withoutId(answer: HttpAnswer, id: string): { status: number; body: string } {
  return { status: answer.status, body: JSON.stringify(answer.body).split(id).join('<id>') };
}

/**
 * POSTs with an Idempotency-Key, and while the answer is 409 (the first request with the key is
 * still running past the service's wait limit, as on a loaded machine) waits as `retry-after`
 * says and sends the same request again, as a client must.
 */
async function postAsAClientWould(t: TestStack, body: unknown, key: string): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await t.post('/events', body, { headers: { 'idempotency-key': key } });
    if (answer.status !== 409 || attempt === 10) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(answer.headers.get('retry-after') ?? 1)));
  }
}

// One stack for the reads and the Idempotency-Key (starting one costs more than their tests):
// the reads run on the walkthrough's ballots, the retries on voters of their own and read only
// what their own requests caused. The throttle needs a stack of its own (its limits are set at start).
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t?.stop());

describe('who may read what', () => {
  beforeAll(() => runWalkthrough(t));

  const joe = { voter: 'b7a42e' } as const;

  it('anonymous: 401 with a Bearer challenge, for an existing stream and a missing one alike', async () => {
    for (const path of ['/audit/ballot/49aef2/events', '/audit/voter/b7a42e/events', '/audit/ballot/ffffff/events']) {
      const answer = await t.get(path, { as: 'anonymous' });
      expect({ path, status: answer.status, body: answer.body }).toEqual({
        path,
        status: 401,
        body: { message: 'Unauthorized' },
      });
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('a voter reads their own ballot streams and voter stream', async () => {
    const ballot = await t.get('/audit/ballot/49aef2/events', { as: joe });
    expect(ballot.status).toBe(200);
    expect((ballot.body as Page).events.map((event) => event.revision)).toEqual([1, 2, 3, 4]);
    // The ballot the log rejected is still Joe's: its stream names only him. A revision is the
    // order the log recorded the facts in, which under load need not be the order they happened.
    const rejected = await t.get('/audit/ballot/2a8c1e/events', { as: joe });
    const rejectedTypes = (rejected.body as Page).events.map((event) => event['detail-type']);
    expect(rejectedTypes.sort()).toEqual([DetailType.BallotRejected, DetailType.BallotSubmitted]);
    const voter = await t.get('/audit/voter/b7a42e/events', { as: joe });
    expect(voter.status).toBe(200);
    expect((voter.body as Page).events).toHaveLength(6);
  });

  it("another voter's ballot or voter stream answers exactly as one that does not exist", async () => {
    const cases: [string, string, string][] = [
      ['ballot', 'de2ac4', 'ffffff'],
      ['voter', 'e579df', 'ffffff'],
      ['election', '6353a9', 'ffffff'],
    ];
    for (const [type, existing, missing] of cases) {
      const someoneElses = await t.get(`/audit/${type}/${existing}/events`, { as: joe });
      const nobodysToJoe = await t.get(`/audit/${type}/${missing}/events`, { as: joe });
      // What a stream that truly does not exist answers to someone who may read any.
      const nobodysToAuditor = await t.get(`/audit/${type}/${missing}/events`, { as: 'auditor' });
      expect(nobodysToAuditor.status).toBe(404);
      expect(withoutId(someoneElses, existing)).toEqual(withoutId(nobodysToAuditor, missing));
      expect(withoutId(nobodysToJoe, missing)).toEqual(withoutId(nobodysToAuditor, missing));
      // The stream exists: an auditor reads it.
      expect((await t.get(`/audit/${type}/${existing}/events`, { as: 'auditor' })).status).toBe(200);
    }
  });

  it('an auditor reads any stream', async () => {
    for (const path of [
      '/audit/ballot/49aef2/events',
      '/audit/ballot/de2ac4/events',
      '/audit/voter/b7a42e/events',
      '/audit/voter/a3aa4f/events',
      '/audit/candidate/16eb70/events',
    ]) {
      const answer = await t.get(path, { as: 'auditor' });
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      expect((answer.body as Page).events.length).toBeGreaterThan(0);
    }
  });

  it('results are public: no token needed', async () => {
    const answer = await t.get('/elections/6353a9/results', { as: 'anonymous' });
    expect(answer.status).toBe(200);
    expect(
      (answer.body as { candidates: { voteCount: number }[] }).candidates.map((candidate) => candidate.voteCount),
    ).toEqual([2, 1]);
  });
});

describe('Idempotency-Key on POST /events', () => {
  let ballots: GeneratedBallot[];
  beforeAll(async () => {
    ballots = generateBallots(2, { prefix: 'i', seed: 12 });
    await registerVoters(t.db, t.tables.voters, ballots);
  });

  it('25 concurrent retries with one key publish one Ballot Submitted, answer its eventId to all, and count the ballot once', async () => {
    const [ballot] = ballots as [GeneratedBallot];
    await t.settle();
    const mark = t.stack.bus.deliveries.length;
    const tallies = await TallyLedger.actual(t);
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => postAsAClientWould(t, requestOf(ballot), 'retry-1')),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(25).fill(202));
    const ids = new Set(
      answers.map((answer) =>
        JSON.stringify([
          (answer.body as { eventId: string }).eventId,
          (answer.body as { correlationId: string }).correlationId,
        ]),
      ),
    );
    expect(ids.size).toBe(1);
    await t.settle();

    const [eventId] = submittedEventIds(t, ballot.ballotId);
    expect(submittedEventIds(t, ballot.ballotId)).toEqual([(answers[0]?.body as { eventId: string }).eventId]);
    const delivered = t.stack.bus.deliveries
      .slice(mark)
      .filter(
        (delivery) =>
          delivery.target === 'ballotSubmitted' &&
          delivery.detailType === DetailType.BallotSubmitted &&
          delivery.eventId === eventId,
      );
    expect(delivered).toHaveLength(1);
    const verdicts = t.stack.bus.deliveries
      .slice(mark)
      .filter(
        (delivery) =>
          delivery.target === 'auditEvent' &&
          (delivery.detailType === DetailType.BallotVerified || delivery.detailType === DetailType.BallotRejected),
      );
    expect(verdicts.map((delivery) => delivery.detailType)).toEqual([DetailType.BallotVerified]);
    const expected = new TallyLedger();
    expected.add([ballot]);
    const gained = Object.fromEntries(
      Object.entries(await TallyLedger.actual(t)).map(([candidate, count]) => [
        candidate,
        count - (tallies[candidate] ?? 0),
      ]),
    );
    expect(gained).toEqual(expected.expected());
  });

  it('a later retry with the same key and body gets the first answer and publishes nothing', async () => {
    const [ballot] = ballots as [GeneratedBallot];
    await t.settle();
    const archived = t.stack.archive.list().length;
    const [first] = submittedEventIds(t, ballot.ballotId);
    const retry = await t.post('/events', requestOf(ballot), { headers: { 'idempotency-key': 'retry-1' } });
    expect(retry.status).toBe(202);
    expect((retry.body as { eventId: string }).eventId).toBe(first);
    await t.settle();
    expect(t.stack.archive.list().length).toBe(archived);
  });

  it('the same key with a different body is 422 and publishes nothing', async () => {
    const [ballot] = ballots as [GeneratedBallot];
    const archived = t.stack.archive.list().length;
    const changed = { ...ballot, votes: ballot.votes.slice(0, 1) };
    const answer = await t.post('/events', requestOf(changed), { headers: { 'idempotency-key': 'retry-1' } });
    expect(answer.status).toBe(422);
    expect((answer.body as { message: string }).message).toEqual(expect.any(String));
    await t.settle();
    expect(t.stack.archive.list().length).toBe(archived);
  });

  it("keys belong to their voter: another voter's request under the same key is their own", async () => {
    const [, other] = ballots as [GeneratedBallot, GeneratedBallot];
    const answer = await t.post('/events', requestOf(other), { headers: { 'idempotency-key': 'retry-1' } });
    expect(answer.status).toBe(202);
    await t.settle();
    expect(submittedEventIds(t, other.ballotId)).toEqual([(answer.body as { eventId: string }).eventId]);
    expect(await ballotState(t, other.ballotId)).toBe('SUBMITTED');
  });
});

describe('the gateway throttle', () => {
  const limits = { rateLimit: 5, burstLimit: 5 };
  let limited: TestStack;
  beforeAll(async () => {
    limited = await startTestStack({ throttle: limits });
    await limited.seed();
  });
  afterAll(() => limited?.stop());

  it('answers 429 past the burst, and the handler publishes nothing for those', async () => {
    const ballots = generateBallots(20, { prefix: 'h', seed: 13 });
    await registerVoters(limited.db, limited.tables.voters, ballots);
    // Tokens first, so the burst is nothing but the POSTs.
    await Promise.all(ballots.map((ballot) => limited.authorization({ voter: ballot.voterId })));
    const createEvent = [...limited.stack.functions.values()].find((host) => host.bundled.fn.key === 'createEvent');
    const invocations = createEvent?.stats().invocations ?? 0;
    await new Promise((resolve) => setTimeout(resolve, (1000 * limits.burstLimit) / limits.rateLimit)); // a full bucket

    const started = Date.now();
    const answers = await Promise.all(
      ballots.map(async (ballot) => ({ ballot, answer: await limited.post('/events', requestOf(ballot)) })),
    );
    const seconds = (Date.now() - started) / 1000;
    await limited.settle();

    const accepted = answers.filter(({ answer }) => answer.status === 202).map(({ ballot }) => ballot.ballotId);
    const throttled = answers.filter(({ answer }) => answer.status === 429);
    expect(accepted.length + throttled.length).toBe(ballots.length);
    expect(accepted.length).toBeGreaterThanOrEqual(limits.burstLimit);
    expect(accepted.length).toBeLessThanOrEqual(limits.burstLimit + Math.ceil(seconds * limits.rateLimit));
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every(({ answer }) => typeof (answer.body as { message?: unknown }).message === 'string')).toBe(
      true,
    );

    expect((createEvent?.stats().invocations ?? 0) - invocations).toBe(accepted.length);
    const published = limited.stack.archive
      .list()
      .filter(({ event }) => event['detail-type'] === DetailType.BallotSubmitted)
      .map(({ event }) => (event.detail as { ballotId: string }).ballotId);
    expect(published.sort()).toEqual([...accepted].sort());
    for (const { ballot } of throttled) expect(await ballotState(limited, ballot.ballotId)).toBe('ISSUED');
  });
});
