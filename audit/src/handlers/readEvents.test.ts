import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { DetailType } from '@evote/shared';
import { capturingLogger } from '@evote/shared/testing';
import { busEvent, validDetails } from '@evote/shared/testing';
import { EntityType, type EntityRef } from '../domain/entities';
import { entityPartition, type Key } from '../domain/keys';
import { createReadEventsHandler } from './readEvents';

const VOTER_CLAIM = 'username';
const joeClaims = {
  iss: 'https://issuer',
  sub: 'sub-joe',
  client_id: 'voters',
  token_use: 'access',
  scope: 'openid',
  username: 'v00001',
};
const abbyClaims = { ...joeClaims, sub: 'sub-abby', username: 'v00002' };
const auditorClaims = {
  iss: 'https://issuer',
  sub: 'auditors',
  client_id: 'auditors',
  token_use: 'access',
  scope: 'evote/audit',
};

const ballotOf = (voterId: string, ballotId: string) => {
  const ballot = { ...validDetails[DetailType.BallotSubmitted], ballotId, voterId };
  const voter = { voterId, fullName: 'Ada Lovelace' };
  return [
    busEvent(DetailType.BallotSubmitted, { detail: ballot }),
    busEvent(DetailType.BallotVerified, { detail: { ...ballot, voter } }),
    busEvent(DetailType.VoteCast, { detail: { ...validDetails[DetailType.VoteCast], ballotId, voter } }),
  ];
};

/** Joe's ballot b00001, and b00009: Abby's ballot id, submitted first by Abby, then by Joe. */
const joesBallot = ballotOf('v00001', 'b00001');
const contested = [...ballotOf('v00002', 'b00009').slice(0, 1), ...ballotOf('v00001', 'b00009').slice(0, 1)];
const STREAMS: [EntityRef, unknown[]][] = [
  [{ type: EntityType.Ballot, id: 'b00001' }, joesBallot],
  [{ type: EntityType.Ballot, id: 'b00002' }, ballotOf('v00002', 'b00002')],
  [{ type: EntityType.Ballot, id: 'b00009' }, contested],
  [{ type: EntityType.Voter, id: 'v00001' }, [...joesBallot, contested[1]]],
  [{ type: EntityType.Voter, id: 'v00002' }, [...ballotOf('v00002', 'b00002'), contested[0]]],
  [{ type: EntityType.Election, id: 'e00001' }, [joesBallot[2]]],
];

function setup() {
  const table = new Map(
    STREAMS.map(([entity, events]) => [entityPartition(entity.type, entity.id), events as Record<string, unknown>[]]),
  );
  const reads: string[] = [];
  const readPage = async (stream: EntityRef, limit: number, startKey?: Key) => {
    const partition = entityPartition(stream.type, stream.id);
    reads.push(partition);
    const events = table.get(partition) ?? [];
    const from = startKey ? Number(startKey.sk) : 0;
    const to = Math.min(from + limit, events.length);
    return {
      events: events.slice(from, to),
      ...(to < events.length ? { lastKey: { pk: partition, sk: String(to) } } : {}),
    };
  };
  const { logger, lines } = capturingLogger();
  return { handler: createReadEventsHandler({ readPage, voterClaim: VOTER_CLAIM, logger }), reads, lines };
}

function request(
  path: string,
  claims?: Record<string, string>,
  query: Record<string, string> = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [entityType, entityId] = path.split('/');
  return {
    pathParameters: { entityType, entityId },
    queryStringParameters: query,
    requestContext: claims ? { authorizer: { jwt: { claims, scopes: null } } } : {},
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const idsOf = (body: string) =>
  (JSON.parse(body) as { events: { id: string; detail: { ballotId: string } }[] }).events.map((e) => e.detail.ballotId);

describe('readEvents access', () => {
  it('answers 401 Unauthorized to a request without claims, reading nothing', async () => {
    const { handler, reads } = setup();
    for (const path of ['ballot/b00001', 'voter/v00001', 'election/e00001', 'planet/x']) {
      const response = await handler(request(path));
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body)).toEqual({ message: 'Unauthorized' });
    }
    expect(reads).toEqual([]);
  });

  it('lets an auditor read any stream, even one that names several voters', async () => {
    const { handler } = setup();
    for (const [path, length] of [
      ['ballot/b00002', 3],
      ['ballot/b00009', 2],
      ['voter/v00001', 4],
      ['election/e00001', 1],
    ] as const) {
      const response = await handler(request(path, auditorClaims));
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body).events).toHaveLength(length);
    }
  });

  it('lets a voter read their own ballot and their own voter stream', async () => {
    const { handler } = setup();
    const ballot = await handler(request('ballot/b00001', joeClaims));
    expect(ballot.statusCode).toBe(200);
    expect(idsOf(ballot.body)).toEqual(['b00001', 'b00001', 'b00001']);
    const voter = await handler(request('voter/v00001', joeClaims));
    expect(voter.statusCode).toBe(200);
    expect(idsOf(voter.body)).toEqual(['b00001', 'b00001', 'b00001', 'b00009']);
  });

  it("pages through a voter's own ballot with the token it issued", async () => {
    const { handler } = setup();
    const first = JSON.parse((await handler(request('ballot/b00001', joeClaims, { limit: '2' }))).body) as {
      events: unknown[];
      next: string;
    };
    expect(first.events).toHaveLength(2);
    const rest = await handler(request('ballot/b00001', joeClaims, { limit: '2', next: first.next }));
    expect(rest.statusCode).toBe(200);
    expect(JSON.parse(rest.body)).toEqual({ events: [joesBallot[2]] });
  });

  it.each([
    ['ballot', 'b00002', 'b00003'],
    ['voter', 'v00002', 'v00003'],
    ['election', 'e00001', 'e00002'],
  ])(
    "answers a voter asking for another's %s exactly as for one that does not exist",
    async (type, existing, missing) => {
      const { handler } = setup();
      const forExisting = await handler(request(`${type}/${existing}`, joeClaims));
      const forMissing = await handler(request(`${type}/${missing}`, joeClaims));
      expect(forExisting.statusCode).toBe(404);
      expect(forMissing.statusCode).toBe(404);
      expect(forExisting.headers).toEqual(forMissing.headers);
      expect(forExisting.body.replace(existing, 'ID')).toBe(forMissing.body.replace(missing, 'ID'));
      expect(JSON.parse(forMissing.body)).toEqual({ message: `no events name ${type} ${missing}`, errors: [] });
    },
  );

  it('hides a ballot whose stream also names another voter, from each of them', async () => {
    const { handler } = setup();
    for (const claims of [joeClaims, abbyClaims]) {
      const response = await handler(request('ballot/b00009', claims));
      expect(response.statusCode).toBe(404);
      expect(JSON.parse(response.body)).toEqual({ message: 'no events name ballot b00009', errors: [] });
    }
  });

  it("answers a page token for another's stream exactly as for a stream that does not exist", async () => {
    const { handler } = setup();
    const auditorsFirst = JSON.parse((await handler(request('ballot/b00002', auditorClaims, { limit: '1' }))).body) as {
      next: string;
    };
    const forged = (id: string) =>
      Buffer.from(JSON.stringify({ pk: entityPartition(EntityType.Ballot, id), sk: '1' })).toString('base64url');
    const forExisting = await handler(request('ballot/b00002', joeClaims, { limit: '1', next: auditorsFirst.next }));
    const forMissing = await handler(request('ballot/b00003', joeClaims, { limit: '1', next: forged('b00003') }));
    expect([forExisting.statusCode, forExisting.body]).toEqual([forMissing.statusCode, forMissing.body]);
    expect(JSON.parse(forExisting.body)).toEqual({ events: [] });
  });

  it('hides every stream from a token that names no voter and lacks the auditor scope', async () => {
    const { handler, reads } = setup();
    const response = await handler(request('voter/v00001', { ...auditorClaims, scope: 'openid' }));
    expect(response.statusCode).toBe(404);
    expect(reads).toEqual([]);
  });

  it('still answers 400 for bad parameters and 500 without details when the table fails', async () => {
    const { handler } = setup();
    expect((await handler(request('planet/b00001', joeClaims))).statusCode).toBe(400);
    const { logger, lines } = capturingLogger();
    const failing = createReadEventsHandler({
      readPage: async () => Promise.reject(new Error('table gone')),
      voterClaim: VOTER_CLAIM,
      logger,
    });
    const response = await failing(request('ballot/b00001', joeClaims));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('table gone');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'error', msg: 'history not read', entityType: 'ballot' }),
    ]);
  });
});
