import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { allShards, tallyKey } from '@evote/elections';
import { walkthrough } from '../scenarios/ballots';
import { startTestStack, type TestStack } from '../testing/harness';
import { parseFailFirst } from './eventbridge/knobs';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  await t.seed();
});
afterAll(() => t?.stop());

/** A candidate's tally: the sum of its tally shards, read consistently. */
async function voteCount(electionId: string, candidateId: string): Promise<number> {
  const shards = await Promise.all(
    allShards().map((shard) =>
      t.db.send(
        new GetCommand({
          TableName: t.tables.elections,
          Key: tallyKey(electionId, candidateId, shard),
          ConsistentRead: true,
        }),
      ),
    ),
  );
  expect(shards.filter(({ Item }) => Item === undefined)).toEqual([]);
  return shards.reduce((sum, { Item }) => sum + Number(Item?.voteCount), 0);
}

describe('local stack end to end', () => {
  it('reads every function, route, rule and table from the four serverless.yml files', () => {
    const functions = t.stack.model.services.flatMap((service) => service.functions.map((fn) => fn.key)).sort();
    expect(functions).toEqual(
      expect.arrayContaining([
        'auditEvent',
        'ballotSubmitted',
        'ballotVerified',
        'countVote',
        'createEvent',
        'saveVote',
      ]),
    );
    expect(t.stack.model.buses).toEqual(['evote-local']);
    const createEvent = t.stack.model.services
      .flatMap((service) => service.functions)
      .find((fn) => fn.key === 'createEvent');
    expect(createEvent?.environment.EVENT_BUS_NAME).toBe('evote-local');
    // Guarded by the API's jwt authorizer, any valid token (the handler decides whose ballot it may be).
    expect(createEvent?.http).toEqual([
      { kind: 'httpApi', method: 'POST', path: '/events', authorizer: { name: 'evoteJwt', authorizationScopes: [] } },
    ]);
    const events = t.stack.model.services.find((service) => service.name === 'evote-events');
    expect(events?.httpApi.authorizers.evoteJwt).toMatchObject({
      type: 'jwt',
      identitySource: ['$request.header.Authorization'],
      issuerUrl: t.stack.issuer?.url,
    });
  });

  it('carries a POSTed ballot through the handlers of all four services', async () => {
    const response = await t.post('/events', walkthrough.joe);
    expect(response.status).toBe(202);
    const { eventId, correlationId } = response.body as { eventId: string; correlationId: string };
    await t.settle();

    const delivered = t.stack.bus.deliveries.filter((delivery) => delivery.outcome === 'delivered');
    const byTarget = (target: string) =>
      delivered
        .filter((delivery) => delivery.target === target)
        .map((delivery) => delivery.detailType)
        .sort();
    expect(byTarget('ballotSubmitted')).toEqual(['Ballot Submitted']);
    expect(byTarget('ballotVerified')).toEqual(['Ballot Verified']);
    expect(byTarget('saveVote')).toEqual(['Vote Cast', 'Vote Cast']);
    expect(byTarget('countVote')).toEqual(['Vote Cast', 'Vote Cast']);
    expect(byTarget('auditEvent')).toEqual(['Ballot Submitted', 'Ballot Verified', 'Vote Cast', 'Vote Cast']);
    expect(delivered.find((delivery) => delivery.target === 'ballotSubmitted')?.eventId).toBe(eventId);

    expect(await voteCount('6353a9', 'f5484e')).toBe(1);
    expect(await voteCount('cc4822', 'ad0031')).toBe(1);
    const ballot = await t.db.send(
      new GetCommand({
        TableName: t.tables.voters,
        Key: { pk: 'VOTER#b7a42e', sk: 'BALLOT#49aef2' },
        ConsistentRead: true,
      }),
    );
    expect(ballot.Item).toMatchObject({ ballotState: 'SUBMITTED', submittedBy: correlationId });
    const audit = await t.scan(t.tables.audit);
    expect(audit.filter((item) => item.pk === 'BALLOT#49aef2')).toHaveLength(4);
  });

  it('parks a permanently failing target in its dead-letter queue, and a redrive delivers it once', async () => {
    t.stack.bus.knobs = { ...t.stack.bus.knobs, failFirst: parseFailFirst('countVote=all') };
    expect((await t.post('/events', walkthrough.abby)).status).toBe(202);
    await t.settle();

    const parked = t.stack.deadLetters.list().filter((message) => message.queue.includes('countVote'));
    expect(parked).toHaveLength(2);
    const events = parked.map(
      (message) => JSON.parse(message.body) as { 'detail-type': string; detail: { ballotId: string } },
    );
    expect(events.map((event) => [event['detail-type'], event.detail.ballotId])).toEqual([
      ['Vote Cast', 'de2ac4'],
      ['Vote Cast', 'de2ac4'],
    ]);
    expect(await voteCount('6353a9', '16eb70')).toBe(0);
    const saved = (await t.scan(t.tables.elections)).filter(
      (item) => item.entity === 'Vote' && item.ballotId === 'de2ac4',
    );
    expect(saved).toHaveLength(2);

    t.stack.bus.knobs = { ...t.stack.bus.knobs, failFirst: [] };
    expect(t.stack.bus.redrive()).toEqual({ redriven: 2 });
    await t.settle();
    expect(t.stack.deadLetters.list()).toHaveLength(0);
    expect(await voteCount('6353a9', '16eb70')).toBe(1);
    expect(await voteCount('cc4822', '3391e4')).toBe(1);
    const redelivered = t.stack.bus.deliveries.filter(
      (delivery) => delivery.target === 'countVote' && delivery.outcome === 'delivered',
    );
    expect(redelivered).toHaveLength(4);
  });
});
