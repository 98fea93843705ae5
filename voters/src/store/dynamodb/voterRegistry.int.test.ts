/**
 * The voter registry against DynamoDB Local, with the table created from voters/serverless.yml:
 * the ISSUED -> SUBMITTED transition is one conditional write that DynamoDB itself enforces,
 * which the unit tests' fake client can only pretend.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTableUnderTest, type TableUnderTest } from '../../../../scripts/src/testing/tableUnderTest';
import { ballotKey } from '../../domain/keys';
import { BallotState, type BallotSubmission } from '../../domain/model';
import { voterSeedItems, type VoterSeed } from '../../seed';
import { DynamoVoterRegistry } from './voterRegistry';

let table: TableUnderTest;
let db: DynamoDBDocumentClient;
let registry: DynamoVoterRegistry;
let tableName: string;

/** Ada holds one ballot per test (each test uses its own), and one already submitted. */
const ada: VoterSeed = {
  voterId: 'v00001',
  fullName: 'Ada Lovelace',
  ballots: [
    ...['b00001', 'b00002', 'b00003', 'b00004', 'b00005'].map((ballotId) => ({
      ballotId,
      ballotState: BallotState.Issued,
    })),
    { ballotId: 'b00009', ballotState: BallotState.Submitted },
  ],
};
const grace: VoterSeed = {
  voterId: 'v00002',
  fullName: 'Grace Hopper',
  ballots: [{ ballotId: 'b00010', ballotState: BallotState.Issued }],
};

beforeAll(async () => {
  table = await startTableUnderTest({ service: 'evote-voters', logicalId: 'VotersTable' });
  ({ db, tableName } = table);
  for (const item of voterSeedItems([ada, grace])) await db.send(new PutCommand({ TableName: tableName, Item: item }));
  registry = new DynamoVoterRegistry({ tableName, client: db });
}, 120_000);

afterAll(async () => {
  await table?.stop();
});

function submission(ballotId: string, correlationId: string, voterId = ada.voterId): BallotSubmission {
  return { voterId, ballotId, correlationId, submittedAt: '2025-11-04T10:00:00.000Z' };
}

async function storedBallot(voterId: string, ballotId: string) {
  return (
    await db.send(new GetCommand({ TableName: tableName, Key: ballotKey(voterId, ballotId), ConsistentRead: true }))
  ).Item;
}

describe('DynamoVoterRegistry on DynamoDB Local', () => {
  it('finds the voter and the ballot issued to them', async () => {
    await expect(registry.find(ada.voterId, 'b00001')).resolves.toEqual({
      voter: { voterId: ada.voterId, fullName: 'Ada Lovelace' },
      ballot: { voterId: ada.voterId, ballotId: 'b00001', ballotState: BallotState.Issued },
    });
  });

  it('finds no ballot under another voter, and no voter that was never registered', async () => {
    await expect(registry.find(grace.voterId, 'b00001')).resolves.toEqual({
      voter: { voterId: grace.voterId, fullName: 'Grace Hopper' },
      ballot: undefined,
    });
    await expect(registry.find('v99999', 'b00001')).resolves.toEqual({ voter: undefined, ballot: undefined });
  });

  it('submits an issued ballot once, recording who submitted it and when', async () => {
    await expect(registry.submit(submission('b00002', 'corr-1'))).resolves.toEqual({ submitted: true });
    expect(await storedBallot(ada.voterId, 'b00002')).toMatchObject({
      ballotState: BallotState.Submitted,
      submittedBy: 'corr-1',
      submittedAt: '2025-11-04T10:00:00.000Z',
    });
  });

  it('refuses a second submission and returns the ballot as the first one left it', async () => {
    await registry.submit(submission('b00003', 'corr-first'));
    await expect(registry.submit(submission('b00003', 'corr-second'))).resolves.toEqual({
      submitted: false,
      current: {
        voterId: ada.voterId,
        ballotId: 'b00003',
        ballotState: BallotState.Submitted,
        submittedBy: 'corr-first',
        submittedAt: '2025-11-04T10:00:00.000Z',
      },
    });
    expect(await storedBallot(ada.voterId, 'b00003')).toMatchObject({ submittedBy: 'corr-first' });
  });

  it('refuses a redelivery of the winning submission too, so the caller can tell it by submittedBy', async () => {
    await registry.submit(submission('b00004', 'corr-again'));
    const again = await registry.submit(submission('b00004', 'corr-again'));
    expect(again).toMatchObject({ submitted: false, current: { submittedBy: 'corr-again' } });
  });

  it('lets exactly one of many concurrent submissions of one ballot through', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => registry.submit(submission('b00005', `corr-race-${index}`))),
    );
    const winners = results.flatMap((result, index) => (result.submitted ? [`corr-race-${index}`] : []));
    expect(winners).toHaveLength(1);
    const stored = await storedBallot(ada.voterId, 'b00005');
    expect(stored?.submittedBy).toBe(winners[0]);
    // Every loser is told who won, which is what tells a redelivery from a second submission.
    const seenByLosers = results.flatMap((result) => (result.submitted ? [] : [result.current?.submittedBy]));
    expect(seenByLosers).toEqual(Array(7).fill(winners[0]));
  });

  it('refuses a ballot that was already SUBMITTED in the seed', async () => {
    await expect(registry.submit(submission('b00009', 'corr-late'))).resolves.toMatchObject({
      submitted: false,
      current: { ballotState: BallotState.Submitted },
    });
  });

  it('never creates a ballot: an unknown ballot, or one issued to another voter, is refused and stays absent', async () => {
    await expect(registry.submit(submission('b99999', 'corr-x'))).resolves.toEqual({
      submitted: false,
      current: undefined,
    });
    await expect(registry.submit(submission('b00010', 'corr-y', ada.voterId))).resolves.toEqual({
      submitted: false,
      current: undefined,
    });
    expect(await storedBallot(ada.voterId, 'b99999')).toBeUndefined();
    expect(await storedBallot(ada.voterId, 'b00010')).toBeUndefined();
    expect(await storedBallot(grace.voterId, 'b00010')).toMatchObject({ ballotState: BallotState.Issued });
  });

  it('reads a voter with their ballots in one partition, and nothing for an unknown voter', async () => {
    await expect(registry.readVoterBallots(grace.voterId)).resolves.toEqual({
      voterId: 'v00002',
      fullName: 'Grace Hopper',
      ballots: [{ ballotId: 'b00010', ballotState: expect.stringMatching(/^(ISSUED|SUBMITTED)$/) }],
    });
    const read = await registry.readVoterBallots(ada.voterId);
    expect(read?.ballots.map((ballot) => ballot.ballotId)).toEqual(ada.ballots.map((ballot) => ballot.ballotId));
    expect(read?.ballots.find((ballot) => ballot.ballotId === 'b00009')?.ballotState).toBe(BallotState.Submitted);
    await expect(registry.readVoterBallots('v99999')).resolves.toBeUndefined();
  });
});
