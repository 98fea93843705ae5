import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStack, type TestStack } from '../testing/harness';
import { fingerprint } from '../testing/fingerprint';
import { TallyLedger } from '../chaos/checks';
import { ballot, runWalkthrough, walkthrough } from './ballots';

async function tables(t: TestStack): Promise<{ voters: string[]; elections: string[]; audit: string[] }> {
  return {
    voters: fingerprint(await t.scan(t.tables.voters)),
    elections: fingerprint(await t.scan(t.tables.elections)),
    audit: fingerprint(await t.scan(t.tables.audit)),
  };
}

// One stack for the file (starting one costs more than these tests): each test starts from the
// seed (`t.seed()` resets every table the walkthrough writes) and reads the deliveries it caused.
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t?.stop());

describe('services under at-least-once delivery', () => {
  it('delivering every event three times, shuffled, leaves every table as a single delivery does', async () => {
    await runWalkthrough(t);
    const single = await tables(t);
    const mark = t.stack.bus.deliveries.length;
    const knobs = t.stack.bus.knobs;
    t.stack.bus.knobs = { ...knobs, duplicates: 3, shuffleMs: 30 };
    try {
      await runWalkthrough(t);
    } finally {
      t.stack.bus.knobs = knobs;
    }
    const tripled = await tables(t);
    expect(t.stack.bus.deliveries.length - mark).toBeGreaterThan(3 * 20);
    expect(tripled.voters).toEqual(single.voters);
    expect(tripled.elections).toEqual(single.elections);
    expect(tripled.audit).toEqual(single.audit);
    expect(single.elections.filter((item) => item.includes('"entity":"Vote"'))).toHaveLength(6);
    expect(single.audit.filter((item) => item.includes('"entity":"AuditEvent"')).length).toBeGreaterThanOrEqual(
      4 * 2 + 6,
    );
  });
});

describe('services under races and bad references', () => {
  beforeAll(() => t.seed());

  const candidate = async (electionId: string, candidateId: string) =>
    (
      await t.db.send(
        new GetCommand({
          TableName: t.tables.elections,
          Key: { pk: `ELECTION#${electionId}`, sk: `CANDIDATE#${candidateId}` },
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('of K=20 concurrent submissions of one issued ballot exactly one is verified and its votes counted once', async () => {
    const mark = t.stack.bus.deliveries.length;
    const responses = await Promise.all(Array.from({ length: 20 }, () => t.post('/events', walkthrough.abby)));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(202));
    await t.settle();
    const audited = t.stack.bus.deliveries
      .slice(mark)
      .filter((delivery) => delivery.target === 'auditEvent' && delivery.outcome === 'delivered');
    expect(audited.filter((delivery) => delivery.detailType === 'Ballot Verified')).toHaveLength(1);
    expect(audited.filter((delivery) => delivery.detailType === 'Ballot Rejected')).toHaveLength(19);
    expect(audited.filter((delivery) => delivery.detailType === 'Vote Cast')).toHaveLength(2);
    const tallies = await TallyLedger.actual(t);
    expect(tallies['6353a9/16eb70']).toBe(1);
    expect(tallies['cc4822/3391e4']).toBe(1);
    const rejections = (await t.scan(t.tables.audit)).filter(
      (item) => item.entity === 'AuditEvent' && item.detailType === 'Ballot Rejected',
    );
    expect(rejections.map((item) => (item.event as { detail: { reason: string } }).detail.reason)).toEqual(
      Array(19).fill('BALLOT_ALREADY_SUBMITTED'),
    );
  });

  it('an unknown candidate or election is rejected and never creates a candidate or vote', async () => {
    const before = fingerprint(await t.scan(t.tables.elections));
    expect(
      (
        await t.post(
          '/events',
          ballot('73a342', 'a3aa4f', [
            ['6353a9', 'ffffff'],
            ['999999', 'ad0031'],
          ]),
        )
      ).status,
    ).toBe(202);
    await t.settle();
    expect(await candidate('6353a9', 'ffffff')).toBeUndefined();
    expect(await candidate('999999', 'ad0031')).toBeUndefined();
    expect(fingerprint(await t.scan(t.tables.elections))).toEqual(before);
    const rejected = (await t.scan(t.tables.audit)).filter(
      (item) => item.entity === 'AuditEvent' && item.detailType === 'Vote Rejected',
    );
    expect(rejected.map((item) => (item.event as { detail: { reason: string } }).detail.reason).sort()).toEqual([
      'CANDIDATE_NOT_FOUND',
      'ELECTION_NOT_FOUND',
    ]);
  });
});
