/**
 * `yarn test:chaos`: the reliability and security proof, on one local stack. Each scenario
 * injects what AWS may legally do (deliver twice, late, out of order; fail and retry; dead-letter)
 * or what a client or an intruder may send, then checks the tables item by item and ends with
 * the reconciliation `yarn verify` runs. Figures are printed at the end and written to
 * .evote/chaos-figures.json. EVOTE_TEST_POPULATION=ci (CI) runs smaller populations than the
 * default `full` (scenario 1 with 25 ballots instead of 200, 500 malformed requests instead of
 * 2,000...), with every assertion; EVOTE_CHAOS_BALLOTS sets scenario 1's population outright.
 * Over 250 lines because the seven scenarios share one stack, started once in `beforeAll`; their
 * machinery has files of its own (session, population, checks, malformed, attacks).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BallotRejectionReason, DetailType, Source, parseTrustedEvent } from '@evote/shared';
import { deriveVoteId, tallyKey } from '@evote/elections';
import { DEFAULT_KNOBS, parseFailFirst, type Knobs } from '../local/eventbridge/knobs';
import type { DeliveryRecord } from '../local/eventbridge/bus';
import { FigureBook, type Figures } from './figures';
import { checkVerifiedBallots, TallyLedger } from './checks';
import { generateBallots, registerVoters, requestOf, type GeneratedBallot } from './population';
import { duplicateCopies, injectedFaults, startChaosSession, type ChaosSession } from './session';
import {
  badRequest,
  MALFORMED_REQUESTS,
  MALFORMED_SEED,
  MALFORMED_WARM_UP,
  validBallot,
  type BadRequest,
} from './malformed';
import { attackMaterial, buildAttacks, runAttacks } from './attacks';
import { sizeFor, sizeFromEnv } from '../testing/population';

/** Scenario 1's ballots (EVOTE_CHAOS_BALLOTS sets it outright). */
const POPULATION = sizeFromEnv('EVOTE_CHAOS_BALLOTS', { full: 200, ci: 25 });
/** Scenario 3's and scenario 4's ballots. */
const TRANSIENT_FAULT_BALLOTS = sizeFor({ full: 100, ci: 40 });
const PERMANENT_FAULT_BALLOTS = sizeFor({ full: 50, ci: 20 });
const MALFORMED_MEASURED = sizeFor(MALFORMED_REQUESTS);
const MALFORMED_WARMED = sizeFor(MALFORMED_WARM_UP);
/** Each attack of the attack table is sent this many times at once. */
const ATTACK_REPEATS = 10;

let session: ChaosSession;
const book = new FigureBook();
const ledger = new TallyLedger();

beforeAll(async () => {
  session = await startChaosSession();
}, 180_000);

afterAll(async () => {
  if (book.scenarios.length) console.log(book.publish());
  await session?.stop();
}, 60_000);

const dead = (delivery: DeliveryRecord) => delivery.outcome === 'dead-lettered';

/** Starts measuring a scenario; `finish` records its figures and asserts the reconciliation is clean and no dead letter is left. */
function begin(name: string) {
  const started = Date.now();
  const mark = session.mark();
  const archived = session.archivedEvents();
  return {
    mark,
    deliveries: () => session.deliveriesSince(mark),
    async finish(figures: Partial<Figures>, notes?: Record<string, number | string>): Promise<void> {
      const deliveries = session.deliveriesSince(mark);
      const reconciliation = await session.verify();
      const rebuilt = await session.rebuild();
      const leftover = session.t.stack.deadLetters.list().length;
      book.record(
        name,
        (Date.now() - started) / 1000,
        {
          eventsPut: session.archivedEvents() - archived,
          eventsDelivered: deliveries.length,
          deadLettered: deliveries.filter(dead).length,
          driftFound: reconciliation.differences.length + rebuilt.differences.length,
          ...figures,
          itemsLost: (figures.itemsLost ?? 0) + leftover,
        },
        notes,
      );
      expect(reconciliation.differences).toEqual([]);
      // Also proves every ballot and voter stream kept gapless revisions through the scenario.
      expect(rebuilt.differences).toEqual([]);
      expect(leftover).toBe(0);
    },
  };
}

async function register(ballots: readonly GeneratedBallot[]): Promise<void> {
  await registerVoters(session.t.db, session.t.tables.voters, ballots);
}

async function expectExactTallies(): Promise<void> {
  expect(await TallyLedger.actual(session.t)).toEqual(ledger.expected());
}

describe('chaos', () => {
  it(`1. duplicates and disorder: ${POPULATION} ballots, every delivery made 3 times in shuffled order`, async () => {
    const knobs: Partial<Knobs> = { duplicates: 3, shuffleMs: 30 };
    const run = begin('1 duplicates + disorder');
    const ballots = generateBallots(POPULATION, { prefix: 'd', seed: 1 });
    await register(ballots);
    session.setKnobs(knobs);
    // Fifty ballots at a time: each becomes ~175 deliveries once every copy is copied again.
    await session.submit(ballots, { wave: 50, resumeAt: 1_000 });
    session.setKnobs({});
    ledger.add(ballots);

    const deliveries = run.deliveries();
    expect(deliveries.filter(dead)).toEqual([]);
    const copies = new Map<string, number>();
    for (const delivery of deliveries)
      copies.set(`${delivery.rule} ${delivery.eventId}`, (copies.get(`${delivery.rule} ${delivery.eventId}`) ?? 0) + 1);
    expect(new Set(copies.values())).toEqual(new Set([3]));

    const check = await checkVerifiedBallots(session.t, ballots);
    expect(check.problems).toEqual([]);
    expect(check.voteItems).toBe(ballots.reduce((sum, ballot) => sum + ballot.votes.length, 0));
    await expectExactTallies();
    await run.finish({
      ballotsSubmitted: ballots.length,
      duplicatesInjected: duplicateCopies(deliveries),
      itemsLost: check.lost,
    });
  }, 1_200_000);

  it('2. races: one ballot submitted 25 times at once is verified once and counted once', async () => {
    const run = begin('2 races');
    const [ballot] = generateBallots(1, { prefix: 'r', seed: 2 }) as [GeneratedBallot];
    await register([ballot]);
    const responses = await Promise.all(Array.from({ length: 25 }, () => session.t.post('/events', requestOf(ballot))));
    expect(responses.map((response) => response.status)).toEqual(Array(25).fill(202));
    await session.t.settle();
    ledger.add([ballot]);

    const audited = run
      .deliveries()
      .filter((delivery) => delivery.target === 'auditEvent' && delivery.outcome === 'delivered');
    expect(audited.filter((delivery) => delivery.detailType === DetailType.BallotVerified)).toHaveLength(1);
    expect(audited.filter((delivery) => delivery.detailType === DetailType.BallotRejected)).toHaveLength(24);
    const auditItems = (await session.t.scan(session.t.tables.audit)).filter(
      (item) =>
        item.entity === 'AuditEvent' &&
        (item.event as { detail: { ballotId: string } }).detail.ballotId === ballot.ballotId,
    );
    const reasons = auditItems
      .filter((item) => item.detailType === DetailType.BallotRejected)
      .map((item) => (item.event as { detail: { reason: string } }).detail.reason);
    expect(reasons).toEqual(Array(24).fill(BallotRejectionReason.BallotAlreadySubmitted));
    expect(auditItems.filter((item) => item.detailType === DetailType.VoteCast)).toHaveLength(ballot.votes.length);
    const votes = (await session.t.scan(session.t.tables.elections)).filter(
      (item) => item.entity === 'Vote' && item.ballotId === ballot.ballotId,
    );
    expect(votes).toHaveLength(ballot.votes.length);
    await expectExactTallies();
    await run.finish({ ballotsSubmitted: 25 });
  }, 120_000);

  it(`3. transient faults: ${TRANSIENT_FAULT_BALLOTS} ballots, every consumer fails its first two attempts on 30% of events ('2@0.3'); the retries leave exact tallies and no dead letter`, async () => {
    const knobs: Partial<Knobs> = { failFirst: parseFailFirst('2@0.3') };
    const run = begin('3 transient faults');
    const ballots = generateBallots(TRANSIENT_FAULT_BALLOTS, { prefix: 't', seed: 3 });
    await register(ballots);
    session.setKnobs(knobs);
    await session.submit(ballots, { wave: 100 });
    session.setKnobs({});
    ledger.add(ballots);

    const deliveries = run.deliveries();
    const faults = injectedFaults(deliveries, { ...DEFAULT_KNOBS, ...knobs });
    expect(faults).toBeGreaterThan(0);
    expect(deliveries.filter((delivery) => delivery.attempts === 3).length).toBeGreaterThan(0);
    for (const target of ['ballotSubmitted', 'ballotVerified', 'saveVote', 'countVote', 'auditEvent']) {
      expect(deliveries.some((delivery) => delivery.target === target && delivery.attempts > 1)).toBe(true);
    }
    expect(deliveries.filter(dead)).toEqual([]);
    expect(session.t.stack.deadLetters.list()).toEqual([]);
    const check = await checkVerifiedBallots(session.t, ballots);
    expect(check.problems).toEqual([]);
    await expectExactTallies();
    await run.finish({ ballotsSubmitted: ballots.length, faultsInjected: faults, itemsLost: check.lost });
  }, 600_000);

  it(`4. permanent fault: ${PERMANENT_FAULT_BALLOTS} ballots, countVote fails every attempt ('countVote=all'); its events wait intact in its queue, the rest is unaffected, and \`yarn redrive\` counts each once`, async () => {
    const knobs: Partial<Knobs> = { failFirst: parseFailFirst('countVote=all') };
    const run = begin('4 permanent fault + redrive');
    const ballots = generateBallots(PERMANENT_FAULT_BALLOTS, { prefix: 'p', seed: 4 });
    await register(ballots);
    const tallyBefore = await TallyLedger.actual(session.t);
    session.setKnobs(knobs);
    await session.submit(ballots, { wave: 100 });
    session.setKnobs({});

    const faultPhase = run.deliveries();
    const counted = faultPhase.filter((delivery) => delivery.target === 'countVote');
    const castCount = ballots.reduce((sum, ballot) => sum + ballot.votes.length, 0);
    expect(counted).toHaveLength(castCount);
    expect(counted.every((delivery) => delivery.outcome === 'dead-lettered' && delivery.attempts === 5)).toBe(true);
    expect(
      faultPhase
        .filter((delivery) => delivery.target !== 'countVote')
        .every((delivery) => delivery.outcome === 'delivered' && delivery.attempts === 1),
    ).toBe(true);

    // Parked intact: the very event, valid against its contract, once per Vote Cast, in countVote's queue.
    const parked = session.t.stack.deadLetters.list();
    expect(parked).toHaveLength(castCount);
    const expectedVotes = new Map(
      ballots.flatMap((ballot) =>
        ballot.votes.map(
          ([electionId, candidateId]) =>
            [
              deriveVoteId(ballot.ballotId, electionId),
              { ballotId: ballot.ballotId, electionId, candidateId },
            ] as const,
        ),
      ),
    );
    for (const message of parked) {
      expect(message.queue).toMatch(/countVote-dlq$/);
      expect(message.attributes).toMatchObject({
        RULE_ARN: expect.stringMatching(/elections-countVote$/),
        ERROR_CODE: 'InjectedFault',
        ATTEMPTS: '5',
      });
      const event = parseTrustedEvent(DetailType.VoteCast, JSON.parse(message.body));
      expect(expectedVotes.get(event.detail.voteId)).toEqual({
        ballotId: event.detail.ballotId,
        electionId: event.detail.vote.electionId,
        candidateId: event.detail.vote.candidateId,
      });
    }
    expect(new Set(parked.map((message) => (JSON.parse(message.body) as { id: string }).id))).toEqual(
      new Set(counted.map((delivery) => delivery.eventId)),
    );

    // The other consumers did their part: votes saved, audit complete; only the tallies wait.
    const check = await checkVerifiedBallots(session.t, ballots);
    expect(check.problems).toEqual([]);
    expect(await TallyLedger.actual(session.t)).toEqual(tallyBefore);
    // The reconciliation sees the tallies that wait: one difference per candidate voted for.
    const gap = await session.verify();
    expect(gap.differences.length).toBeGreaterThan(0);
    expect(new Set(gap.differences.map((difference) => difference.kind))).toEqual(new Set(['tally']));

    // The fault is gone; the real command redrives the queue.
    const redriveMark = session.mark();
    const redrive = await session.runCli('deadLetters.ts', ['redrive']);
    expect({ code: redrive.code, stderr: redrive.stderr }).toEqual({ code: 0, stderr: '' });
    expect(redrive.stdout).toMatch(new RegExp(`redriven ${castCount} event\\(s\\); 0 still parked`));
    await session.t.settle();
    const redriven = session.deliveriesSince(redriveMark);
    expect(redriven.every((delivery) => delivery.target === 'countVote' && delivery.outcome === 'delivered')).toBe(
      true,
    );
    expect(redriven.map((delivery) => delivery.eventId).sort()).toEqual(
      counted.map((delivery) => delivery.eventId).sort(),
    );
    ledger.add(ballots);
    await expectExactTallies();

    const verifyCli = await session.runCli('verify.ts');
    expect(verifyCli.code).toBe(0);
    expect(verifyCli.stdout).toMatch(/No differences/);
    await run.finish({
      ballotsSubmitted: ballots.length,
      faultsInjected: injectedFaults(faultPhase, { ...DEFAULT_KNOBS, ...knobs }),
      redriven: redriven.length,
      itemsLost: check.lost,
      plantedDriftDetected: gap.differences.length,
    });
  }, 600_000);

  it(`5. bad input: ${MALFORMED_MEASURED} generated malformed requests are each refused with a 4xx and a message, every attack of the token table with its 401 or 403; nothing is emitted, counted or written, and the process stays up with flat memory`, async () => {
    const run = begin('5 bad input');
    await session.t.settle();
    const archived = session.archivedEvents();
    const gc = exposeGc();
    const url = `${session.t.stack.urls.http}/events`;
    // Sent with a valid token of the voter the template names: a bad body must be refused for
    // what is wrong with it, not stopped at the authorizer.
    const authorization = (await session.t.authorization({ voter: validBallot().detail.voterId as string })) as string;

    const warmUp = fc.sample(badRequest, { numRuns: MALFORMED_WARMED, seed: MALFORMED_SEED + 1 }); // JIT, pools, heaps grown to their working size
    expect(await sendAll(warmUp, url, authorization)).toEqual([]);
    const cases = fc.sample(badRequest, { numRuns: MALFORMED_MEASURED, seed: MALFORMED_SEED });
    const half = Math.floor(cases.length / 2);
    const before = memory(gc);
    const started = Date.now();
    const failures = await sendAll(cases.slice(0, half), url, authorization);
    const middle = memory(gc);
    failures.push(...(await sendAll(cases.slice(half), url, authorization)));
    const seconds = (Date.now() - started) / 1000;
    const after = memory(gc);
    await session.t.settle();

    const byCategory = new Map<string, number>();
    for (const badCase of cases) byCategory.set(badCase.category, (byCategory.get(badCase.category) ?? 0) + 1);
    const growth = {
      rssMB: after.rssMB - before.rssMB,
      secondHalfRssMB: after.rssMB - middle.rssMB,
      heapMB: Math.round((after.heapMB - before.heapMB) * 10) / 10,
    };
    console.log(
      [
        `bad input: ${cases.length} measured requests (seed ${MALFORMED_SEED}, after ${warmUp.length} to warm up) in ${seconds.toFixed(1)} s, ${Math.round(cases.length / seconds)} req/s`,
        `  by category: ${[...byCategory]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([category, count]) => `${category} ${count}`)
          .join(', ')}`,
        `  memory (this process: gateway, bus and the functions' worker threads): rss ${before.rssMB} -> ${middle.rssMB} -> ${after.rssMB} MB, main heap ${before.heapMB} -> ${middle.heapMB} -> ${after.heapMB} MB (before, half-way, after)`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    expect(session.deliveriesSince(run.mark)).toEqual([]);
    expect(session.archivedEvents()).toBe(archived);
    // Flat: no more live heap after the requests (with a full GC before each reading), and the
    // resident size (which includes the workers' heaps, not collected on demand) settles.
    expect(growth.heapMB).toBeLessThan(16);
    expect(growth.rssMB).toBeLessThan(96);
    expect(growth.secondHalfRssMB).toBeLessThan(48);

    // The attack table: tokens missing, broken, forged or misused, on an issued ballot of a registered voter.
    const [owner, intruder] = generateBallots(2, { prefix: 'm', seed: 5 }) as [GeneratedBallot, GeneratedBallot];
    await register([owner, intruder]);
    const attacks = await buildAttacks(await attackMaterial(session.t, owner.voterId, intruder.voterId));
    const attackRows = await runAttacks(session.t, attacks, requestOf(owner), ATTACK_REPEATS);
    book.attacks = attackRows; // printed with the suite's figures
    expect(
      attackRows.map((row) => ({
        attack: row.attack,
        answered: row.answered,
        malformedAnswers: row.malformedAnswers,
        published: row.published,
        counted: row.counted,
        itemsWritten: row.itemsWritten,
      })),
    ).toEqual(
      attacks.map((attack) => ({
        attack: attack.name,
        answered: { [attack.status]: ATTACK_REPEATS },
        malformedAnswers: [],
        published: 0,
        counted: 0,
        itemsWritten: 0,
      })),
    );
    expect(
      (await session.t.scan(session.t.tables.voters)).find((item) => item.ballotId === owner.ballotId)?.ballotState,
    ).toBe('ISSUED');

    // Still up: the attacked ballot goes through afterwards, from its own voter.
    await session.submit([owner]);
    ledger.add([owner]);
    expect((await checkVerifiedBallots(session.t, [owner])).problems).toEqual([]);
    await expectExactTallies();
    await run.finish(
      {
        ballotsSubmitted: 1,
        malformedRequestsSent: warmUp.length + cases.length,
        attackRequestsSent: attacks.length * ATTACK_REPEATS,
      },
      {
        requestsPerSecond: Math.round(cases.length / seconds),
        rssGrowthMB: growth.rssMB,
        rssGrowthSecondHalfMB: growth.secondHalfRssMB,
        mainHeapGrowthMB: growth.heapMB,
      },
    );
  }, 600_000);

  it('6. forgery: clients cannot post service events, forged bus events reach no elections handler, and a ballot issued to another voter is rejected', async () => {
    const run = begin('6 forgery');
    const [owner, intruder] = generateBallots(2, { prefix: 'f', seed: 6 }) as [GeneratedBallot, GeneratedBallot];
    await register([owner, intruder]);
    const forgedVoteId = deriveVoteId('forged1', '6353a9');
    const voteCast = {
      correlationId: 'forged-1',
      voteId: forgedVoteId,
      ballotId: 'forged1',
      voter: { voterId: intruder.voterId, fullName: intruder.fullName },
      vote: { electionId: '6353a9', candidateId: 'f5484e' },
    };
    const ownerBallot = {
      correlationId: 'forged-2',
      ballotId: owner.ballotId,
      voterId: owner.voterId,
      votes: owner.votes.map(([electionId, candidateId]) => ({ electionId, candidateId })),
      // Well formed in every other way, so that its source, not its shape, is what refuses it.
      acceptedAt: new Date().toISOString(),
    };

    // 1. Through the API: only Ballot Submitted is accepted.
    for (const [type, detail] of [
      [DetailType.VoteCast, voteCast],
      [DetailType.BallotVerified, { ...ownerBallot, voter: { voterId: owner.voterId, fullName: owner.fullName } }],
      [DetailType.BallotRejected, { ...ownerBallot, reason: 'VOTER_NOT_FOUND', message: 'forged' }],
    ] as const) {
      // With the intruder's own valid token: the authorizer lets it in, the contract refuses it.
      const response = await session.t.post('/events', { type, detail }, { as: { voter: intruder.voterId } });
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toMatch(/only "Ballot Submitted" can be submitted/);
    }

    // 2. Straight onto the bus, from the wrong sources.
    const client = new EventBridgeClient({
      region: session.t.stack.model.region,
      endpoint: session.t.stack.urls.eventBridge,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const EventBusName = session.t.stack.model.buses[0];
    let forgedIds: string[];
    try {
      const put = await client.send(
        new PutEventsCommand({
          Entries: [
            { EventBusName, Source: Source.Events, DetailType: DetailType.VoteCast, Detail: JSON.stringify(voteCast) },
            {
              EventBusName,
              Source: Source.Voters,
              DetailType: DetailType.VoteCast,
              Detail: JSON.stringify({ ...voteCast, correlationId: 'forged-3' }),
            },
            {
              EventBusName,
              Source: Source.Events,
              DetailType: DetailType.BallotVerified,
              Detail: JSON.stringify({ ...ownerBallot, voter: { voterId: owner.voterId, fullName: owner.fullName } }),
            },
          ],
        }),
      );
      expect(put.FailedEntryCount).toBe(0);
      forgedIds = (put.Entries ?? []).map((entry) => String(entry.EventId));
    } finally {
      client.destroy();
    }
    await session.t.settle();
    const reached = run.deliveries().filter((delivery) => forgedIds.includes(delivery.eventId));
    expect(reached.filter((delivery) => delivery.target !== 'auditEvent')).toEqual([]);
    // The audit rule takes every evote.* source; the audit handler refuses a type from the wrong source.
    expect(reached.map((delivery) => [delivery.target, delivery.outcome])).toEqual(
      forgedIds.map(() => ['auditEvent', 'dead-lettered']),
    );
    const refused = session.t.stack.deadLetters.list();
    expect(refused.map((message) => (JSON.parse(message.body) as { id: string }).id).sort()).toEqual(
      [...forgedIds].sort(),
    );
    expect(
      refused.every(
        (message) =>
          /audit-auditEvent-dlq$/.test(message.queue) && /must come from|source/.test(message.attributes.ERROR_MESSAGE),
      ),
    ).toBe(true);
    session.t.stack.deadLetters.take(); // inspected: forgeries, discarded
    const elections = await session.t.scan(session.t.tables.elections);
    expect(elections.filter((item) => String(item.sk).endsWith(forgedVoteId))).toEqual([]);
    const audit = await session.t.scan(session.t.tables.audit);
    expect(audit.filter((item) => forgedIds.includes(String(item.eventId)))).toEqual([]);
    await expectExactTallies();

    // 3. A ballot issued to another voter, posted by the intruder under their own id and token.
    expect(
      (
        await session.t.post('/events', requestOf({ ...owner, voterId: intruder.voterId }), {
          as: { voter: intruder.voterId },
        })
      ).status,
    ).toBe(202);
    await session.t.settle();
    const rejected = (await session.t.scan(session.t.tables.audit)).filter(
      (item) =>
        item.entity === 'AuditEvent' &&
        item.detailType === DetailType.BallotRejected &&
        (item.event as { detail: { ballotId: string } }).detail.ballotId === owner.ballotId,
    );
    expect(rejected.map((item) => (item.event as { detail: { reason: string; voterId: string } }).detail)).toEqual([
      expect.objectContaining({ reason: BallotRejectionReason.BallotNotIssued, voterId: intruder.voterId }),
    ]);
    const ownerState = (await session.t.scan(session.t.tables.voters)).find((item) => item.ballotId === owner.ballotId);
    expect(ownerState?.ballotState).toBe('ISSUED');
    await expectExactTallies();
    // The rightful voter still can.
    await session.submit([owner]);
    ledger.add([owner]);
    await expectExactTallies();
    await run.finish({ ballotsSubmitted: 2 });
  }, 120_000);

  it('7. reconciliation: `yarn verify` is clean on what the scenarios left, and reports a drifted tally with a non-zero exit', async () => {
    const run = begin('7 reconciliation (CLI)');
    // Both commands only read: each pair runs side by side (each command is a process of its own).
    const [clean, rebuilt] = await Promise.all([session.runCli('verify.ts'), session.runCli('rebuild.ts')]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/No differences/);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/No differences: the audit log rebuilds/);

    // A candidate's tally is the sum of its shards: one shard (the seed wrote them all) drifts.
    const candidate = tallyKey('6353a9', 'f5484e', 0);
    const drift = (by: number) =>
      session.t.db.send(
        new UpdateCommand({
          TableName: session.t.tables.elections,
          Key: candidate,
          UpdateExpression: 'ADD voteCount :by',
          ExpressionAttributeValues: { ':by': by },
        }),
      );
    await drift(1);
    try {
      const [drifted, rebuiltDrift] = await Promise.all([session.runCli('verify.ts'), session.runCli('rebuild.ts')]);
      expect(drifted.code).toBe(1);
      expect(drifted.stdout).toMatch(/1 difference\(s\):/);
      expect(drifted.stdout).toMatch(/tally\s+candidate 6353a9\/f5484e\s+voteCount \d+, \d+ saved vote\(s\)/);
      expect(rebuiltDrift.code).toBe(1);
      expect(rebuiltDrift.stdout).toMatch(
        /tally\s+candidate 6353a9\/f5484e\s+voteCount (\d+), rebuilt from the audit log (?!\1)\d+/,
      );
    } finally {
      await drift(-1);
    }
    await run.finish({ plantedDriftDetected: 2 });
  }, 120_000);
});

/** Sends every case with a few keep-alive connections in parallel; returns the ones answered wrongly. */
async function sendAll(
  cases: readonly BadRequest[],
  url: string,
  authorization: string,
  concurrency = 8,
): Promise<{ category: string; status: number; expected: number; body: string; sent: string }[]> {
  const failures: { category: string; status: number; expected: number; body: string; sent: string }[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < cases.length; index = next++) {
      const badCase = cases[index] as BadRequest;
      const headers = {
        authorization,
        ...(badCase.contentType === undefined ? {} : { 'content-type': badCase.contentType }),
      };
      const response = await fetch(url, { method: 'POST', headers, body: new Uint8Array(badCase.body) });
      const text = await response.text();
      if (response.status !== badCase.status || !hasMessage(text)) {
        failures.push({
          category: badCase.category,
          status: response.status,
          expected: badCase.status,
          body: text.slice(0, 300),
          sent: badCase.body.subarray(0, 300).toString('utf8'),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

function hasMessage(text: string): boolean {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' && body.message.length > 0;
  } catch {
    return false;
  }
}

/** The test process hosts the gateway, the bus and every function (worker threads share its RSS). */
function memory(gc: () => void): { rssMB: number; heapMB: number } {
  gc();
  const usage = process.memoryUsage();
  return { rssMB: Math.round(usage.rss / 2 ** 20), heapMB: Math.round((usage.heapUsed / 2 ** 20) * 10) / 10 };
}

/** A full GC before each reading, so the comparison is of live memory, not of garbage not yet collected. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
