import { DetailType } from '@evote/shared';
import { busEvent, capturingLogger } from '@evote/shared/testing';
import type { VoteBook } from '../domain/ports';
import type { VoteRecord } from '../domain/records';
import { voteCast } from '../testing/fixtures';
import { describeVoteCastRefusals } from '../testing/voteCastConsumer';
import { createSaveVoteHandler, handler } from './saveVote';

function setup(answer: () => Promise<'saved' | 'duplicate'> = async () => 'saved') {
  const saved: VoteRecord[] = [];
  const votes: VoteBook = {
    save: async (vote) => {
      saved.push(vote);
      return answer();
    },
  };
  const { logger, lines, raw } = capturingLogger();
  const run = createSaveVoteHandler({ votes, logger, now: () => new Date('2024-05-01T10:00:00.000Z') });
  return { run, saved, lines, raw };
}

const event = () => busEvent(DetailType.VoteCast);

describe('saveVote handler', () => {
  it('saves the vote without the voter and logs the outcome', async () => {
    const { run, saved, lines, raw } = setup();
    await expect(run(event())).resolves.toBeUndefined();
    expect(saved).toEqual([
      {
        voteId: voteCast().voteId,
        ballotId: 'b00001',
        electionId: 'e00001',
        candidateId: 'c00001',
        castAt: '2024-05-01T10:00:00.000Z',
      },
    ]);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', correlationId: 'corr-1', voteId: voteCast().voteId, outcome: 'saved' }),
    ]);
    expect(raw.join('\n')).not.toContain('Ada Lovelace');
  });

  it('treats a redelivery as a success, logged as duplicate', async () => {
    const { run, lines } = setup(async () => 'duplicate');
    await expect(run(event())).resolves.toBeUndefined();
    expect(lines()[0]).toMatchObject({ outcome: 'duplicate' });
  });

  it('throws when the store fails', async () => {
    const { run, lines } = setup(async () => Promise.reject(new Error('InternalServerError')));
    await expect(run(event())).rejects.toThrow('InternalServerError');
    expect(lines()).toEqual([expect.objectContaining({ level: 'error', voteId: voteCast().voteId })]);
  });

  describeVoteCastRefusals(
    'saveVote',
    () => {
      const { run, saved } = setup();
      return { run, written: () => saved };
    },
    handler,
  );
});
