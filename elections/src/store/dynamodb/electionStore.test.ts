import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { EvoteError } from '@evote/shared';
import { CandidateNotFoundError } from '../../domain/errors';
import { fakeDocumentClient, type SentCommand } from '@evote/shared/testing';
import { DynamoElectionStore } from './electionStore';

const noWait = { sleep: async () => undefined };
const vote = { voteId: 'abc', ballotId: 'b1', electionId: 'e1', candidateId: 'c1', castAt: 't' };
const count = { voteId: 'abc', electionId: 'e1', candidateId: 'c1', countedAt: 't' };

function store(respond: (command: SentCommand, index: number) => unknown, maxAttempts = 3) {
  const { client, sent } = fakeDocumentClient(respond);
  return {
    store: new DynamoElectionStore({ tableName: 'elections', client, retry: { ...noWait, maxAttempts } }),
    sent,
  };
}

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

function keysOf(command: SentCommand) {
  const request = (command.input.RequestItems as Record<string, { Keys: { pk: string; sk: string }[] }>).elections;
  return request?.Keys ?? [];
}

describe('DynamoElectionStore.loadCatalog', () => {
  const votes = [
    { electionId: 'e1', candidateId: 'c1' },
    { electionId: 'e2', candidateId: 'c2' },
  ];

  it("reads each election's item alone, in one consistent BatchGet, its candidates listed on it", async () => {
    const { store: s, sent } = store(() => ({
      Responses: {
        elections: [
          { pk: 'ELECTION#e1', sk: 'DETAIL', candidateIds: ['c1', 'c9'] },
          { pk: 'ELECTION#e2', sk: 'DETAIL', candidateIds: ['c3'] },
        ],
      },
    }));
    const catalog = await s.loadCatalog(votes);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.name).toBe('BatchGetCommand');
    expect(sent[0]?.input).toMatchObject({ RequestItems: { elections: { ConsistentRead: true } } });
    expect(keysOf(sent[0]!)).toEqual([
      { pk: 'ELECTION#e1', sk: 'DETAIL' },
      { pk: 'ELECTION#e2', sk: 'DETAIL' },
    ]);
    expect(catalog.hasElection('e1') && catalog.hasElection('e2')).toBe(true);
    expect(catalog.hasCandidate(votes[0]!)).toBe(true);
    expect(catalog.hasCandidate(votes[1]!)).toBe(false);
  });

  it('reads the candidate items of an election item written before it listed its candidates', async () => {
    const { store: s, sent } = store((_command, index) =>
      index === 0
        ? {
            Responses: {
              elections: [
                { pk: 'ELECTION#e1', sk: 'DETAIL' },
                { pk: 'ELECTION#e2', sk: 'DETAIL', candidateIds: ['c2'] },
              ],
            },
          }
        : { Responses: { elections: [{ pk: 'ELECTION#e1', sk: 'CANDIDATE#c1' }] } },
    );
    const catalog = await s.loadCatalog(votes);
    expect(sent).toHaveLength(2);
    expect(keysOf(sent[1]!)).toEqual([{ pk: 'ELECTION#e1', sk: 'CANDIDATE#c1' }]);
    expect(catalog.hasCandidate(votes[0]!)).toBe(true);
    expect(catalog.hasCandidate(votes[1]!)).toBe(true);
  });

  it('knows no candidate of an election it did not find', async () => {
    const { store: s, sent } = store(() => ({
      Responses: { elections: [{ pk: 'ELECTION#e2', sk: 'DETAIL', candidateIds: ['c2'] }] },
    }));
    const catalog = await s.loadCatalog(votes);
    expect(sent).toHaveLength(1);
    expect(catalog.hasElection('e1')).toBe(false);
    expect(catalog.hasCandidate(votes[0]!)).toBe(false);
  });

  it("reads each election's polls window with it (opensAt, closesAt), none for an item without one", async () => {
    const window = { opensAt: '2026-11-03T08:00:00.000Z', closesAt: '2026-11-03T20:00:00.000Z' };
    const { store: s, sent } = store(() => ({
      Responses: {
        elections: [
          { pk: 'ELECTION#e1', sk: 'DETAIL', candidateIds: ['c1'], ...window },
          { pk: 'ELECTION#e2', sk: 'DETAIL', candidateIds: ['c2'] },
        ],
      },
    }));
    const catalog = await s.loadCatalog(votes);
    expect(sent[0]?.input).toMatchObject({
      RequestItems: { elections: { ProjectionExpression: 'pk, sk, opensAt, closesAt, candidateIds' } },
    });
    expect(catalog.windowOf('e1')).toEqual(window);
    expect(catalog.windowOf('e2')).toEqual({});
  });

  it('asks again for the unprocessed keys only, until none is left', async () => {
    const { store: s, sent } = store((_command, index) =>
      index === 0
        ? {
            Responses: { elections: [{ pk: 'ELECTION#e1', sk: 'DETAIL', candidateIds: ['c1'] }] },
            UnprocessedKeys: { elections: { Keys: [{ pk: 'ELECTION#e2', sk: 'DETAIL' }], ConsistentRead: true } },
          }
        : {
            Responses: { elections: [{ pk: 'ELECTION#e2', sk: 'DETAIL', candidateIds: ['c2'] }] },
            UnprocessedKeys: {},
          },
    );
    const catalog = await s.loadCatalog(votes);
    expect(sent).toHaveLength(2);
    expect(keysOf(sent[1]!)).toEqual([{ pk: 'ELECTION#e2', sk: 'DETAIL' }]);
    expect(catalog.hasElection('e1') && catalog.hasElection('e2')).toBe(true);
  });

  it('throws BATCH_GET_INCOMPLETE when keys stay unprocessed', async () => {
    const { store: s, sent } = store(
      (command) => ({ Responses: { elections: [] }, UnprocessedKeys: { elections: { Keys: keysOf(command) } } }),
      3,
    );
    const failure = s.loadCatalog(votes);
    await expect(failure).rejects.toBeInstanceOf(EvoteError);
    await expect(failure).rejects.toMatchObject({ code: 'BATCH_GET_INCOMPLETE' });
    expect(sent).toHaveLength(3);
  });

  it('splits more than 100 keys into several BatchGets', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ electionId: `e${i}`, candidateId: 'c' }));
    const { store: s, sent } = store(() => ({ Responses: { elections: [] } }));
    const catalog = await s.loadCatalog(many);
    expect(sent.map((c) => keysOf(c).length)).toEqual([100, 20]);
    expect(catalog.hasElection('e0')).toBe(false);
  });

  it('passes a DynamoDB error through', async () => {
    const { store: s } = store(() => {
      throw new Error('ResourceNotFoundException');
    });
    await expect(s.loadCatalog(votes)).rejects.toThrow('ResourceNotFoundException');
  });
});

describe('DynamoElectionStore.save', () => {
  it('saves the vote with a conditional put', async () => {
    const { store: s, sent } = store(() => ({}));
    await expect(s.save(vote)).resolves.toBe('saved');
    expect(sent[0]).toMatchObject({ name: 'PutCommand', input: { ConditionExpression: 'attribute_not_exists(pk)' } });
  });

  it('reports a duplicate when the vote is already saved', async () => {
    const { store: s } = store(() => {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    });
    await expect(s.save(vote)).resolves.toBe('duplicate');
  });

  it('rethrows any other error', async () => {
    const { store: s } = store(() => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    });
    await expect(s.save(vote)).rejects.toThrow('Rate exceeded');
  });
});

describe('DynamoElectionStore.count', () => {
  it('counts with one transaction', async () => {
    const { store: s, sent } = store(() => ({}));
    await expect(s.count(count)).resolves.toBe('counted');
    expect(sent.map((c) => c.name)).toEqual(['TransactWriteCommand']);
  });

  it('is a no-op when the marker shows the vote counted', async () => {
    const { store: s, sent } = store(() => {
      throw cancelled('ConditionalCheckFailed', 'None');
    });
    await expect(s.count(count)).resolves.toBe('alreadyCounted');
    expect(sent).toHaveLength(1);
  });

  it('throws CandidateNotFoundError when the candidate does not exist', async () => {
    const { store: s } = store(() => {
      throw cancelled('None', 'ConditionalCheckFailed');
    });
    const failure = s.count(count);
    await expect(failure).rejects.toBeInstanceOf(CandidateNotFoundError);
    await expect(failure).rejects.toMatchObject({ code: 'CANDIDATE_NOT_FOUND' });
  });

  it('tries again after a transaction conflict', async () => {
    const { store: s, sent } = store((_command, index) => {
      if (index < 2) throw cancelled('None', 'TransactionConflict');
      return {};
    });
    await expect(s.count(count)).resolves.toBe('counted');
    expect(sent).toHaveLength(3);
  });

  it('tries again after a throttled transaction, waiting on the throttle base, not the conflict one', async () => {
    const { client, sent } = fakeDocumentClient((_command, index) => {
      if (index === 0) throw cancelled('None', 'ThrottlingError');
      if (index === 1) throw cancelled('None', 'TransactionConflict');
      return {};
    });
    const waits: number[] = [];
    const s = new DynamoElectionStore({
      tableName: 'elections',
      client,
      retry: { baseDelayMs: 0, throttledBaseDelayMs: 1_000, sleep: async (ms) => void waits.push(ms) },
    });
    await expect(s.count(count)).resolves.toBe('counted');
    expect(sent).toHaveLength(3);
    // After the throttle: up to 1,000 ms (never 0 but for a 1 in 2^53 draw); after the conflict: 0.
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[1]).toBe(0);
  });

  it('throws when conflicts outlast the attempts', async () => {
    const { store: s, sent } = store(() => {
      throw cancelled('None', 'TransactionConflict');
    }, 3);
    await expect(s.count(count)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(sent).toHaveLength(3);
  });

  it('rethrows any other error without retrying', async () => {
    const { store: s, sent } = store(() => {
      throw new Error('ValidationException');
    });
    await expect(s.count(count)).rejects.toThrow('ValidationException');
    expect(sent).toHaveLength(1);
  });
});
