import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { capturingLogger, fakeDocumentClient } from '@evote/shared/testing';
import { createGetResultsHandler } from './getResults';
import { auditorAccess } from './getResultsForAuditors';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';
import { candidatesRequest } from '../store/dynamodb/results';
import { TALLY_SHARDS } from '../domain/keys';

const request = (electionId: string, headers: Record<string, string> = {}) =>
  ({ pathParameters: { electionId }, headers }) as unknown as APIGatewayProxyEventV2;

interface Counted {
  candidateId: string;
  fullName: string;
  voteCount: number;
  countedAt?: string;
}

/**
 * Answers as the elections table would: the DETAIL item for the Get, the candidates' names for
 * the Query, and for the BatchGet every shard asked for, each candidate's votes split over shards
 * 0 and 7 (the last vote, with its countedAt, on shard 7), so a reader that does not sum every
 * shard is wrong.
 */
const table =
  (detail: Record<string, unknown>, candidates: Counted[]) =>
  (command: { name: string; input: Record<string, unknown> }) => {
    if (command.name === 'GetCommand') return { Item: detail };
    if (command.name === 'QueryCommand')
      return { Items: candidates.map(({ candidateId, fullName }) => ({ candidateId, fullName })) };
    const keys = (command.input.RequestItems as Record<string, { Keys: { pk: string; sk: string }[] }>).t?.Keys ?? [];
    return {
      Responses: {
        t: keys.map(({ pk, sk }) => {
          const candidate = candidates.find((c) => sk === `CANDIDATE#${c.candidateId}`) as Counted;
          const shard = Number(pk.split('#TALLY#')[1]);
          const voteCount =
            shard === 0 ? Math.max(candidate.voteCount - 1, 0) : shard === 7 ? Math.min(candidate.voteCount, 1) : 0;
          return {
            entity: 'TallyShard',
            electionId: 'cc4822',
            candidateId: candidate.candidateId,
            voteCount,
            ...(shard === 7 && candidate.countedAt ? { countedAt: candidate.countedAt } : {}),
          };
        }),
      },
    };
  };

const mayor = table({ description: 'Mayor', date: '2022-03-22' }, [
  { candidateId: 'a', fullName: 'A', voteCount: 1, countedAt: '2022-03-22T10:00:00.000Z' },
  { candidateId: 'b', fullName: 'B', voteCount: 3, countedAt: '2022-03-22T10:05:00.000Z' },
  { candidateId: 'c', fullName: 'C', voteCount: 0 },
]);

const NOW = new Date('2026-11-03T12:00:00.000Z');

function handlerWith(respond: Parameters<typeof fakeDocumentClient>[0]) {
  const { client, sent } = fakeDocumentClient(respond);
  const results = new DynamoElectionStore({ tableName: 't', client });
  return { handler: createGetResultsHandler({ results, logger: capturingLogger().logger, now: () => NOW }), sent };
}

describe('getResults', () => {
  it('reads the election, its candidates, then every tally shard in one BatchGet (never a vote), sums and ranks', async () => {
    const { handler, sent } = handlerWith(
      table({ description: 'Mayor', date: '2022-03-22' }, [
        { candidateId: 'a', fullName: 'A', voteCount: 2 },
        { candidateId: 'b', fullName: 'B', voteCount: 3 },
      ]),
    );
    const response = await handler(request('cc4822'));
    expect(response.statusCode).toBe(200);
    expect(
      JSON.parse(response.body).candidates.map((c: { candidateId: string; voteCount: number }) => [
        c.candidateId,
        c.voteCount,
      ]),
    ).toEqual([
      ['b', 3],
      ['a', 2],
    ]);
    expect(sent.map((command) => command.name)).toEqual(['GetCommand', 'QueryCommand', 'BatchGetCommand']);
    const keys = (sent[2]?.input.RequestItems as Record<string, { Keys: { pk: string; sk: string }[] }>).t?.Keys;
    expect(keys).toHaveLength(2 * TALLY_SHARDS);
    expect(new Set(keys?.map((key) => key.pk))).toEqual(
      new Set(Array.from({ length: TALLY_SHARDS }, (_, shard) => `ELECTION#cc4822#TALLY#${shard}`)),
    );
    expect(sent[1]?.input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :candidate)',
      ExpressionAttributeValues: { ':pk': 'ELECTION#cc4822', ':candidate': 'CANDIDATE#' },
    });
  });

  it('dates the results by the last count, null before any', async () => {
    const counted = await handlerWith(mayor).handler(request('cc4822'));
    expect(JSON.parse(counted.body).lastChangedAt).toBe('2022-03-22T10:05:00.000Z');
    const fresh = await handlerWith(
      table({ description: 'Mayor', date: '2022-03-22' }, [{ candidateId: 'a', fullName: 'A', voteCount: 0 }]),
    ).handler(request('cc4822'));
    expect(JSON.parse(fresh.body).lastChangedAt).toBeNull();
  });

  it('tags the answer and revalidates: 304 without a body for the same tag, 200 for a stale one', async () => {
    const { handler } = handlerWith(mayor);
    const first = await handler(request('cc4822'));
    expect(first.headers).toMatchObject({ etag: expect.stringMatching(/^"[\w-]+"$/), 'cache-control': 'no-cache' });
    const again = await handler(request('cc4822', { 'if-none-match': first.headers.etag as string }));
    expect(again).toEqual({
      statusCode: 304,
      headers: { etag: first.headers.etag, 'cache-control': 'no-cache' },
      body: '',
    });
    const stale = await handler(request('cc4822', { 'if-none-match': '"older"' }));
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(first.body);
  });

  it('404 for an unknown election, 400 for a bad id (nothing read), 500 without details on a fault', async () => {
    expect((await handlerWith(() => ({})).handler(request('ffffff'))).statusCode).toBe(404);
    const bad = handlerWith(() => ({}));
    const response = await bad.handler(request('a b'));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].path).toBe('/electionId');
    expect(bad.sent).toHaveLength(0);
    const failing = await handlerWith(() => {
      throw new Error('table gone');
    }).handler(request('cc4822'));
    expect(failing.statusCode).toBe(500);
    expect(failing.body).not.toContain('table gone');
  });

  it('asks again for the tally shards DynamoDB left unprocessed, and counts them', async () => {
    const answer = table({ description: 'Mayor', date: '2022-03-22' }, [
      { candidateId: 'a', fullName: 'A', voteCount: 3 },
    ]);
    let batches = 0;
    const { client, sent } = fakeDocumentClient((command) => {
      const full = answer(command) as { Responses?: { t: Record<string, unknown>[] } };
      if (command.name !== 'BatchGetCommand' || batches++ > 0) return full;
      // The first BatchGet: shard 7 (one of the 3 votes) comes back unprocessed.
      const keys = (command.input.RequestItems as Record<string, { Keys: { pk: string }[] }>).t?.Keys ?? [];
      return {
        Responses: { t: full.Responses?.t.filter((_, index) => !keys[index]?.pk.endsWith('#TALLY#7')) },
        UnprocessedKeys: { t: { Keys: keys.filter((key) => key.pk.endsWith('#TALLY#7')) } },
      };
    });
    const results = new DynamoElectionStore({ tableName: 't', client, retry: { sleep: async () => undefined } });
    await expect(results.readResults('cc4822')).resolves.toMatchObject({ candidates: [{ voteCount: 3 }] });
    expect(sent.filter((command) => command.name === 'BatchGetCommand')).toHaveLength(2);
  });

  it('continues a candidates query from the last key', () => {
    expect(candidatesRequest('t', 'e1', { pk: 'x', sk: 'y' }).ExclusiveStartKey).toEqual({ pk: 'x', sk: 'y' });
  });
});

/** An after-close election, open now (opensAt passed), with the lifecycle attributes given. */
const afterClose = (lifecycle: Record<string, unknown>) =>
  table(
    {
      description: 'Mayor',
      date: '2026-11-03',
      opensAt: '2026-11-03T08:00:00.000Z',
      closesAt: '2026-11-03T20:00:00.000Z',
      results: 'after-close',
      ...lifecycle,
    },
    [
      { candidateId: 'a', fullName: 'Zed', voteCount: 1, countedAt: '2026-11-03T10:00:00.000Z' },
      { candidateId: 'b', fullName: 'Amy', voteCount: 3, countedAt: '2026-11-03T10:05:00.000Z' },
    ],
  );

const certification = {
  certifiedAt: '2026-11-04T09:00:00.000Z',
  tallies: [
    { candidateId: 'b', voteCount: 3 },
    { candidateId: 'a', voteCount: 1 },
  ],
  auditDigest: { algorithm: 'SHA-256', value: 'f'.repeat(64), eventCount: 20 },
};

describe('getResults and the embargo', () => {
  it('shows a live election without a window as open, with its tallies and turnout', async () => {
    const body = JSON.parse((await handlerWith(mayor).handler(request('cc4822'))).body);
    expect(body).toMatchObject({ status: 'open', results: 'live', embargoed: false, turnout: 4 });
    expect(body.candidates[0]).toEqual({ candidateId: 'b', fullName: 'B', voteCount: 3 });
  });

  it('hides every count of an after-close election until it closes: turnout only, candidates by name', async () => {
    const response = await handlerWith(afterClose({ openedAt: '2026-11-03T08:00:00.000Z' })).handler(request('cc4822'));
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ status: 'open', results: 'after-close', embargoed: true, turnout: 4 });
    expect(body.candidates).toEqual([
      { candidateId: 'b', fullName: 'Amy' },
      { candidateId: 'a', fullName: 'Zed' },
    ]);
    expect(response.body).not.toMatch(/voteCount/);
    expect(response.headers).toMatchObject({ etag: expect.any(String) });
  });

  it('is scheduled before opensAt, and still embargoed', async () => {
    const { handler } = handlerWith(afterClose({ opensAt: '2026-11-03T13:00:00.000Z' }));
    expect(JSON.parse((await handler(request('cc4822'))).body)).toMatchObject({ status: 'scheduled', embargoed: true });
  });

  it('shows the tallies once Election Closed is recorded, and the certification once certified', async () => {
    const closed = JSON.parse(
      (await handlerWith(afterClose({ closedAt: '2026-11-03T20:00:00.000Z' })).handler(request('cc4822'))).body,
    );
    expect(closed).toMatchObject({ status: 'closed', embargoed: false, turnout: 4 });
    expect(closed.candidates.map((c: { voteCount: number }) => c.voteCount)).toEqual([3, 1]);
    expect(closed.certification).toBeUndefined();
    const certified = JSON.parse(
      (
        await handlerWith(afterClose({ closedAt: '2026-11-03T20:00:00.000Z', certification })).handler(
          request('cc4822'),
        )
      ).body,
    );
    expect(certified).toMatchObject({ status: 'certified', embargoed: false, certification });
  });

  it('gives an auditor the counts while embargoed, on the auditors route only', async () => {
    const { client } = fakeDocumentClient(afterClose({}));
    const results = new DynamoElectionStore({ tableName: 't', client });
    const handler = createGetResultsHandler(
      { results, logger: capturingLogger().logger, now: () => NOW },
      auditorAccess('username'),
    );
    const as = (claims: Record<string, string> | undefined) =>
      handler({
        pathParameters: { electionId: 'cc4822' },
        headers: {},
        requestContext: claims ? { authorizer: { jwt: { claims, scopes: null } } } : {},
      } as never);
    const auditor = await as({ scope: 'evote/audit' });
    expect(JSON.parse(auditor.body)).toMatchObject({
      embargoed: false,
      candidates: [{ voteCount: 3 }, { voteCount: 1 }],
    });
    expect((await as({ username: 'b7a42e', scope: 'evote/vote' })).statusCode).toBe(403);
    expect((await as(undefined)).statusCode).toBe(401);
  });
});
