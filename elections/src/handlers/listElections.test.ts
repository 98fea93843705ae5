import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { capturingLogger, fakeDocumentClient } from '@evote/shared/testing';
import { createListElectionsHandler } from './listElections';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

const request = {} as APIGatewayProxyEventV2;

function handlerWith(respond: Parameters<typeof fakeDocumentClient>[0]) {
  const { client, sent } = fakeDocumentClient(respond);
  const elections = new DynamoElectionStore({ tableName: 't', client });
  return { handler: createListElectionsHandler({ elections, logger: capturingLogger().logger }), sent };
}

describe('listElections', () => {
  it('lists each election with its candidates, page after page of the catalog index, without tallies', async () => {
    const pages = [
      {
        Items: [
          { entity: 'Candidate', electionId: 'e2', candidateId: 'c3', fullName: 'Zed' },
          { entity: 'Election', electionId: 'e2', description: 'Mayor', date: '2026-11-03' },
        ],
        LastEvaluatedKey: { catalogPk: 'CATALOG', catalogSk: 'x' },
      },
      {
        Items: [
          { entity: 'Candidate', electionId: 'e1', candidateId: 'c2', fullName: 'Bea' },
          { entity: 'Candidate', electionId: 'e1', candidateId: 'c1', fullName: 'Ann' },
          { entity: 'Election', electionId: 'e1', description: 'Council', date: '2026-11-03' },
        ],
      },
    ];
    const { handler, sent } = handlerWith((_, index) => pages[index]);
    const response = await handler(request);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      elections: [
        {
          electionId: 'e1',
          description: 'Council',
          date: '2026-11-03',
          candidates: [
            { candidateId: 'c1', fullName: 'Ann' },
            { candidateId: 'c2', fullName: 'Bea' },
          ],
        },
        {
          electionId: 'e2',
          description: 'Mayor',
          date: '2026-11-03',
          candidates: [{ candidateId: 'c3', fullName: 'Zed' }],
        },
      ],
    });
    expect(sent.map((command) => command.name)).toEqual(['QueryCommand', 'QueryCommand']);
    expect(sent[0]?.input).toMatchObject({
      IndexName: 'catalog',
      ExpressionAttributeValues: { ':catalog': 'CATALOG' },
    });
    expect(Object.values(sent[0]?.input.ExpressionAttributeNames as object)).not.toContain('voteCount');
    expect(sent[1]?.input.ExclusiveStartKey).toEqual({ catalogPk: 'CATALOG', catalogSk: 'x' });
  });

  it('answers an empty list when there are no elections, 500 without details on a fault', async () => {
    expect(JSON.parse((await handlerWith(() => ({})).handler(request)).body)).toEqual({ elections: [] });
    const failing = await handlerWith(() => {
      throw new Error('index gone');
    }).handler(request);
    expect(failing.statusCode).toBe(500);
    expect(failing.body).not.toContain('index gone');
  });
});
