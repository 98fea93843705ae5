import { verifiedBallot, voteCast } from '../testing/fixtures';
import { catalogOf } from './catalog';
import { castVotes, countVote, saveVote } from './commands';
import type { CatalogReader, Tally, VoteBook } from './ports';
import type { CountRecord, VoteRecord } from './records';

const now = () => new Date('2024-05-01T10:00:00.000Z');

describe('castVotes', () => {
  it('loads the catalog of the ballot votes and decides each vote', async () => {
    const asked: unknown[] = [];
    const catalog: CatalogReader = {
      loadCatalog: async (votes) => {
        asked.push(votes);
        return catalogOf({
          elections: [{ electionId: 'e00001' }],
          candidates: [{ electionId: 'e00001', candidateId: 'c00001' }],
        });
      },
    };
    const decisions = await castVotes(verifiedBallot(), { catalog });
    expect(asked).toEqual([verifiedBallot().votes]);
    expect(decisions.map((d) => d.outcome)).toEqual(['cast', 'rejected']);
  });
});

describe('saveVote', () => {
  it('saves the vote record and returns what the book says', async () => {
    const saved: VoteRecord[] = [];
    const votes: VoteBook = { save: async (vote) => (saved.push(vote), 'duplicate') };
    await expect(saveVote(voteCast(), { votes, now })).resolves.toBe('duplicate');
    expect(saved).toEqual([expect.objectContaining({ voteId: voteCast().voteId, castAt: '2024-05-01T10:00:00.000Z' })]);
  });
});

describe('countVote', () => {
  it('counts the vote record and returns what the tally says', async () => {
    const counted: CountRecord[] = [];
    const tally: Tally = { count: async (count) => (counted.push(count), 'counted') };
    await expect(countVote(voteCast(), { tally, now })).resolves.toBe('counted');
    expect(counted).toEqual([
      expect.objectContaining({ candidateId: 'c00001', countedAt: '2024-05-01T10:00:00.000Z' }),
    ]);
  });
});
