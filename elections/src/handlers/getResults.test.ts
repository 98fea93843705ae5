import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { capturingLogger, fakeDocumentClient } from '@evote/shared/testing';
import { createGetResultsHandler } from './getResults';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';
import { candidatesRequest } from '../store/dynamodb/results';

const request = (electionId: string, headers: Record<string, string> = {}) =>
  ({ pathParameters: { electionId }, headers }) as unknown as APIGatewayProxyEventV2;

const mayor = (command: { name: string }) =>
  command.name === 'GetCommand'
    ? { Item: { description: 'Mayor', date: '2022-03-22' } }
    : {
        Items: [
          { candidateId: 'a', fullName: 'A', voteCount: 1, countedAt: '2022-03-22T10:00:00.000Z' },
          { candidateId: 'b', fullName: 'B', voteCount: 3, countedAt: '2022-03-22T10:05:00.000Z' },
          { candidateId: 'c', fullName: 'C', voteCount: 0 },
        ],
      };

function handlerWith(respond: Parameters<typeof fakeDocumentClient>[0]) {
  const { client, sent } = fakeDocumentClient(respond);
  const results = new DynamoElectionStore({ tableName: 't', client });
  return { handler: createGetResultsHandler({ results, logger: capturingLogger().logger }), sent };
}

describe('getResults', () => {
  it('reads the election and its candidates only, and ranks them', async () => {
    const { handler, sent } = handlerWith((command) =>
      command.name === 'GetCommand'
        ? { Item: { description: 'Mayor', date: '2022-03-22' } }
        : {
            Items: [
              { candidateId: 'a', fullName: 'A', voteCount: 1 },
              { candidateId: 'b', fullName: 'B', voteCount: 3 },
            ],
          },
    );
    const response = await handler(request('cc4822'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).candidates.map((c: { candidateId: string }) => c.candidateId)).toEqual(['b', 'a']);
    expect(sent[1]?.input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :candidate)',
      ExpressionAttributeValues: { ':pk': 'ELECTION#cc4822', ':candidate': 'CANDIDATE#' },
    });
  });

  it('dates the results by the last count, null before any', async () => {
    const counted = await handlerWith(mayor).handler(request('cc4822'));
    expect(JSON.parse(counted.body).lastChangedAt).toBe('2022-03-22T10:05:00.000Z');
    const fresh = await handlerWith((command) =>
      command.name === 'GetCommand'
        ? { Item: { description: 'Mayor', date: '2022-03-22' } }
        : { Items: [{ candidateId: 'a', fullName: 'A', voteCount: 0 }] },
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

  it('continues a candidates query from the last key', () => {
    expect(candidatesRequest('t', 'e1', { pk: 'x', sk: 'y' }).ExclusiveStartKey).toEqual({ pk: 'x', sk: 'y' });
  });
});
