/**
 * Running an election on the local stack, end to end: an `after-close` election opens now and
 * closes a few seconds later. Ballots accepted before the close count, one accepted after it is
 * rejected with POLLS_CLOSED, and one accepted just before the close but delivered to the fan-out
 * after it (the bus's delay knob) still counts: the polls judge the instant of the 202, never the
 * processing. Results are embargoed (turnout only) until Election Closed; `yarn admin certify`
 * then emits Election Certified whose digest anyone can recompute from the read API, and
 * certifying again is a no-op.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditStreamDigest } from '@evote/audit';
import { electionSeedItems } from '@evote/elections';
import { DetailType, Source } from '@evote/shared';
import { runCommandResult } from '../testing/commands';
import { startTestStack, type TestStack } from '../testing/harness';

const ELECTION = 'f00d01';
const CANDIDATES = [
  { candidateId: 'ca0001', fullName: 'Ada Lovelace' },
  { candidateId: 'ca0002', fullName: 'Grace Hopper' },
];
/** The polls stay open this long: room for two ballots on a slow, shared machine. */
const OPEN_FOR_MS = 6000;

/** The seed's issued ballots: [voterId, ballotId]. */
const BEFORE_CLOSE = { voterId: 'e579df', ballotId: 'de2ac4', candidateId: 'ca0002' };
const DELIVERED_LATE = { voterId: 'a3aa4f', ballotId: '73a342', candidateId: 'ca0002' };
const AFTER_CLOSE = { voterId: 'b7a42e', ballotId: '49aef2', candidateId: 'ca0001' };

type AuditedEvent = { 'detail-type': string; time: string; detail: Record<string, unknown> };

let t: TestStack;
let opensAt: string;
let closesAt: string;

beforeAll(async () => {
  t = await startTestStack();
  await t.seed();
  const now = Date.now();
  opensAt = new Date(now).toISOString();
  closesAt = new Date(now + OPEN_FOR_MS).toISOString();
  const election = {
    electionId: ELECTION,
    description: 'Harbour Commissioner',
    date: opensAt.slice(0, 10),
    opensAt,
    closesAt,
    results: 'after-close' as const,
    candidates: CANDIDATES,
  };
  for (const item of electionSeedItems([election])) {
    await t.db.send(new PutCommand({ TableName: t.tables.elections, Item: item }));
  }
}, 120_000);
afterAll(() => t?.stop());

/** Puts an Election Opened or Closed on the bus, as the scheduler does at its instant. */
async function emitLifecycle(type: typeof DetailType.ElectionOpened | typeof DetailType.ElectionClosed, at: string) {
  const answer = await t.stack.bus.putEvents({
    Entries: [
      {
        Source: Source.Elections,
        DetailType: type,
        EventBusName: t.stack.model.buses[0],
        Detail: JSON.stringify({ correlationId: ELECTION, electionId: ELECTION, scheduledAt: at }),
      },
    ],
  });
  expect(answer.FailedEntryCount).toBe(0);
}

async function submit(ballot: typeof BEFORE_CLOSE): Promise<string> {
  const answer = await t.post('/events', {
    type: DetailType.BallotSubmitted,
    detail: {
      ballotId: ballot.ballotId,
      voterId: ballot.voterId,
      votes: [{ electionId: ELECTION, candidateId: ballot.candidateId }],
    },
  });
  expect(answer.status).toBe(202);
  return (answer.body as { detail: { acceptedAt: string } }).detail.acceptedAt;
}

async function stream(path: string): Promise<AuditedEvent[]> {
  const events: AuditedEvent[] = [];
  let next: string | undefined;
  do {
    const answer = await t.get(`${path}?limit=3${next ? `&next=${next}` : ''}`);
    expect(answer.status).toBe(200);
    const page = answer.body as { events: AuditedEvent[]; next?: string };
    events.push(...page.events);
    next = page.next;
  } while (next);
  return events;
}

const results = async () => (await t.get(`/elections/${ELECTION}/results`)).body as Record<string, unknown>;
const sleepUntil = (instant: string) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(instant) - Date.now() + 50)));

describe('an election that opens now and closes in a few seconds', () => {
  it('counts ballots accepted before the close, even one delivered after it, and rejects a late one', async () => {
    await emitLifecycle(DetailType.ElectionOpened, opensAt);
    expect((await submit(BEFORE_CLOSE)) < closesAt).toBe(true);
    await t.settle();

    // Embargoed while open: turnout only, no candidate's count, to the public; counts to an auditor.
    const open = await results();
    expect(open).toMatchObject({ status: 'open', results: 'after-close', embargoed: true, turnout: 1 });
    expect(JSON.stringify(open.candidates)).not.toMatch(/voteCount/);
    const audited = await t.get(`/audit/elections/${ELECTION}/results`);
    expect(audited.status).toBe(200);
    expect(audited.body).toMatchObject({
      embargoed: false,
      candidates: [
        { candidateId: 'ca0002', voteCount: 1 },
        { candidateId: 'ca0001', voteCount: 0 },
      ],
    });
    expect((await t.get(`/audit/elections/${ELECTION}/results`, { as: { voter: 'e579df' } })).status).toBe(403);

    // Accepted before the close, held back from the fan-out until after it.
    t.stack.bus.knobs = {
      ...t.stack.bus.knobs,
      delays: [{ target: 'ballotVerified', ms: Math.max(0, Date.parse(closesAt) - Date.now()) + 1500 }],
    };
    const lateAcceptedAt = await submit(DELIVERED_LATE);
    expect(lateAcceptedAt < closesAt).toBe(true);

    await sleepUntil(closesAt);
    expect((await submit(AFTER_CLOSE)) >= closesAt).toBe(true);
    await emitLifecycle(DetailType.ElectionClosed, closesAt);
    await t.settle();
    t.stack.bus.knobs = { ...t.stack.bus.knobs, delays: [] };

    // The late delivery really was processed after the close: its Vote Cast was put on the bus then.
    const delivered = await stream(`/audit/ballot/${DELIVERED_LATE.ballotId}/events`);
    const cast = delivered.find((event) => event['detail-type'] === DetailType.VoteCast);
    expect(cast && cast.time >= closesAt.slice(0, 19)).toBe(true);

    const rejected = (await stream(`/audit/ballot/${AFTER_CLOSE.ballotId}/events`)).find(
      (event) => event['detail-type'] === DetailType.VoteRejected,
    );
    expect(rejected?.detail).toMatchObject({
      reason: 'POLLS_CLOSED',
      message: expect.stringContaining(`closed at ${closesAt}`),
    });

    const closed = await results();
    expect(closed).toMatchObject({
      status: 'closed',
      embargoed: false,
      turnout: 2,
      candidates: [
        { candidateId: 'ca0002', voteCount: 2 },
        { candidateId: 'ca0001', voteCount: 0 },
      ],
    });
  }, 60_000);

  it('refuses to certify an election that has not closed', async () => {
    const refused = await runCommandResult(t, 'admin.ts', ['certify', '6353a9']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not closed yet/);
  }, 60_000);

  it('certifies once: Election Certified carries the tallies and a digest recomputed from the read API', async () => {
    const certified = await runCommandResult(t, 'admin.ts', ['certify', ELECTION]);
    expect(certified).toMatchObject({
      stderr: '',
      code: 0,
      stdout: expect.stringContaining(`Election ${ELECTION} certified.`),
    });
    await t.settle();

    const events = await stream(`/audit/election/${ELECTION}/events`);
    const types = events.map((event) => event['detail-type']);
    expect(types).toEqual(
      expect.arrayContaining([DetailType.ElectionOpened, DetailType.ElectionClosed, DetailType.ElectionCertified]),
    );
    const certification = events.find((event) => event['detail-type'] === DetailType.ElectionCertified)?.detail;
    expect(certification).toMatchObject({
      electionId: ELECTION,
      tallies: [
        { candidateId: 'ca0002', voteCount: 2 },
        { candidateId: 'ca0001', voteCount: 0 },
      ],
      auditDigest: auditStreamDigest(events),
    });

    const again = await runCommandResult(t, 'admin.ts', ['certify', ELECTION]);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('already certified; nothing was emitted') });
    await t.settle();
    const after = await stream(`/audit/election/${ELECTION}/events`);
    expect(after.filter((event) => event['detail-type'] === DetailType.ElectionCertified)).toHaveLength(1);

    expect(await results()).toMatchObject({
      status: 'certified',
      certification: { auditDigest: certification?.auditDigest },
    });
  }, 120_000);
});
