/**
 * Exactly once under AWS's partition limits: the chaos suite's first scenario (every delivery
 * made 3 times, in shuffled order) on a stack whose functions reach DynamoDB through the
 * partition model (docs/partition-model.md) at AWS's limits x0.01, so a hot partition throttles
 * here as it would in AWS at 100 times the load. A smaller population than `yarn test:chaos`
 * (30, 10 in CI; EVOTE_CHAOS_MODEL_BALLOTS sets it): throttled writes are retried by the SDK, by the
 * elections store and by the bus (its retries seconds apart here, as in AWS), which takes time; the tallies, the reconciliation and the
 * rebuild must come out exact all the same, with no dead letter.
 */
import type { DeliveryRecord } from '../local/eventbridge/bus';
import { checkVerifiedBallots, TallyLedger } from './checks';
import { generateBallots, registerVoters } from './population';
import { duplicateCopies, startChaosSession, type ChaosSession } from './session';
import { sizeFromEnv } from '../testing/population';

const BALLOTS = sizeFromEnv('EVOTE_CHAOS_MODEL_BALLOTS', { full: 30, ci: 10 });
const SCALE = 0.01;

let session: ChaosSession;

beforeAll(async () => {
  session = await startChaosSession({ partitionLimits: { scale: SCALE } });
}, 180_000);

afterAll(async () => {
  await session?.stop();
}, 60_000);

const dead = (delivery: DeliveryRecord) => delivery.outcome === 'dead-lettered';

describe('chaos under the partition model', () => {
  it(`duplicates and disorder at AWS's limits x${SCALE}: ${BALLOTS} ballots, every delivery made 3 times in shuffled order, counted exactly once`, async () => {
    const ballots = generateBallots(BALLOTS, { prefix: 'p', seed: 11 });
    await registerVoters(session.t.db, session.t.tables.voters, ballots);
    const mark = session.mark();
    // Retries seconds apart, as AWS spaces them (the bus's default of 20 ms doubling is for speed):
    // a throttled partition refills in a second, and AWS retries a failed invocation after a minute.
    session.setKnobs({ duplicates: 3, shuffleMs: 30, backoffBaseMs: 500, backoffMaxMs: 8_000 });
    await session.submit(ballots, { wave: 10, resumeAt: 200 });
    session.setKnobs({});

    const deliveries = session.deliveriesSince(mark);
    const deadByTarget = new Map<string, number>();
    for (const delivery of deliveries.filter(dead)) {
      const key = `${delivery.target}: ${String(delivery.error).slice(0, 160)}`;
      deadByTarget.set(key, (deadByTarget.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(deadByTarget)).toEqual({});
    expect(session.t.stack.deadLetters.list()).toEqual([]);
    expect(duplicateCopies(deliveries)).toBe((deliveries.length * 2) / 3);

    // The model was in the way: it throttled, and nothing was lost for it.
    const stats = session.t.stack.partitions?.stats();
    expect(stats?.scale).toBe(SCALE);
    expect((stats?.throttled.write ?? 0) + (stats?.throttled.read ?? 0)).toBeGreaterThan(0);

    const check = await checkVerifiedBallots(session.t, ballots);
    expect(check.problems).toEqual([]);
    expect(check.voteItems).toBe(ballots.reduce((sum, ballot) => sum + ballot.votes.length, 0));
    const ledger = new TallyLedger();
    ledger.add(ballots);
    expect(await TallyLedger.actual(session.t)).toEqual(ledger.expected());
    const reconciliation = await session.verify();
    expect(reconciliation.differences).toEqual([]);
    const rebuilt = await session.rebuild();
    expect(rebuilt.differences).toEqual([]);
    console.log(
      `partition model x${SCALE}: ${ballots.length} ballots, ${deliveries.length} deliveries, ` +
        `throttled ${stats?.throttled.write ?? 0} write and ${stats?.throttled.read ?? 0} read units ` +
        `(${JSON.stringify(stats?.throttledRequests ?? {})}), ${stats?.splits ?? 0} splits, ` +
        `${stats?.conflicts.transactionsCancelled ?? 0} transaction conflicts; hottest ` +
        (stats?.hottest ?? [])
          .slice(0, 3)
          .map((hot) => `${hot.partitionKey} (${hot.throttledWrites} W, ${hot.throttledReads} R)`)
          .join(', '),
    );
  }, 1_200_000);
});
