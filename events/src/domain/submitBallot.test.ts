import { DetailType, type PublishEntry, type Publisher } from '@evote/shared';
import { chooseCorrelationId, submitBallot } from './submitBallot';

const newId = () => 'fresh-id';

describe('chooseCorrelationId', () => {
  it('keeps a request id that is a valid identifier', () => {
    expect(chooseCorrelationId('abc_DEF-123', newId)).toBe('abc_DEF-123');
  });

  it.each([undefined, '', 'JRkN5hHdoAMEJ3g=', 'a'.repeat(65), 'has space'])('replaces %p', (requestId) => {
    expect(chooseCorrelationId(requestId, newId)).toBe('fresh-id');
  });
});

describe('submitBallot', () => {
  const request = {
    type: DetailType.BallotSubmitted,
    detail: { ballotId: 'b1', voterId: 'v1', votes: [{ electionId: 'e1', candidateId: 'c1' }] },
  } as const;

  it('publishes one Ballot Submitted carrying the correlation id, and returns its event id', async () => {
    const published: PublishEntry[][] = [];
    const publisher: Publisher = { publish: async (entries) => (published.push([...entries]), ['event-1']) };
    const submitted = await submitBallot(
      { ...request, detail: { ...request.detail, votes: [...request.detail.votes] } },
      'corr-1',
      new Date('2026-11-03T19:59:59.999Z'),
      publisher,
    );
    const detail = {
      correlationId: 'corr-1',
      ballotId: 'b1',
      voterId: 'v1',
      votes: [{ electionId: 'e1', candidateId: 'c1' }],
      acceptedAt: '2026-11-03T19:59:59.999Z',
    };
    expect(published).toEqual([[{ detailType: DetailType.BallotSubmitted, detail }]]);
    expect(submitted).toEqual({
      eventId: 'event-1',
      correlationId: 'corr-1',
      type: DetailType.BallotSubmitted,
      detail,
    });
  });

  it('fails when the publisher fails', async () => {
    const publisher: Publisher = { publish: async () => Promise.reject(new Error('bus down')) };
    await expect(
      submitBallot({ ...request, detail: { ...request.detail, votes: [] } }, 'c', new Date(), publisher),
    ).rejects.toThrow('bus down');
  });
});
