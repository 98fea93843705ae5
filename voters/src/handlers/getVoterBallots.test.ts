import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { AUDITOR_SCOPE } from '@evote/shared';
import { capturingLogger, fakeDocumentClient } from '@evote/shared/testing';
import { createGetVoterBallotsHandler } from './getVoterBallots';
import { DynamoVoterRegistry } from '../store/dynamodb/voterRegistry';

type Claims = Record<string, string>;

function request(voterId: string, claims?: Claims) {
  return {
    pathParameters: { voterId },
    requestContext: claims ? { authorizer: { jwt: { claims, scopes: null } } } : {},
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const JOE_ITEMS = [
  { entity: 'Ballot', voterId: 'b7a42e', ballotId: '2a8c1e', ballotState: 'SUBMITTED' },
  { entity: 'Ballot', voterId: 'b7a42e', ballotId: '49aef2', ballotState: 'ISSUED' },
  { entity: 'Voter', voterId: 'b7a42e', fullName: 'Joe J Jones' },
];

function handlerWith(respond: Parameters<typeof fakeDocumentClient>[0]) {
  const { client, sent } = fakeDocumentClient(respond);
  const voters = new DynamoVoterRegistry({ tableName: 't', client });
  const handler = createGetVoterBallotsHandler({ voters, voterClaim: 'username', logger: capturingLogger().logger });
  return { handler, sent };
}
const joe = () => handlerWith(() => ({ Items: JOE_ITEMS }));

describe('getVoterBallots', () => {
  it('shows a voter their own ballots, read in one Query of their partition', async () => {
    const { handler, sent } = joe();
    const response = await handler(request('b7a42e', { username: 'b7a42e' }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      voterId: 'b7a42e',
      fullName: 'Joe J Jones',
      ballots: [
        { ballotId: '2a8c1e', ballotState: 'SUBMITTED' },
        { ballotId: '49aef2', ballotState: 'ISSUED' },
      ],
    });
    expect(sent.map((command) => command.name)).toEqual(['QueryCommand']);
  });

  it("shows an auditor anyone's", async () => {
    const response = await joe().handler(request('b7a42e', { client_id: 'auditors', scope: AUDITOR_SCOPE }));
    expect(response.statusCode).toBe(200);
  });

  it('answers another voter exactly as for an unknown voter, without reading the table', async () => {
    const other = joe();
    const refused = await other.handler(request('b7a42e', { username: 'e579df' }));
    const unknown = await handlerWith(() => ({ Items: [] })).handler(request('b7a42e', { username: 'b7a42e' }));
    expect(refused.statusCode).toBe(404);
    expect(refused).toEqual(unknown);
    expect(other.sent).toHaveLength(0);
  });

  it('401 without claims, 400 for a bad id, 500 without details on a fault', async () => {
    expect((await joe().handler(request('b7a42e'))).statusCode).toBe(401);
    const bad = await joe().handler(request('a b', { username: 'a b' }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).errors[0].path).toBe('/voterId');
    const failing = await handlerWith(() => {
      throw new Error('table gone');
    }).handler(request('b7a42e', { username: 'b7a42e' }));
    expect(failing.statusCode).toBe(500);
    expect(failing.body).not.toContain('table gone');
  });
});
