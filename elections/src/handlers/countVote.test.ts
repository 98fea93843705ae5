import { DetailType } from '@evote/shared';
import { busEvent, capturingLogger, capturingMetrics } from '@evote/shared/testing';
import { CandidateNotFoundError } from '../domain/errors';
import type { Tally } from '../domain/ports';
import type { CountRecord } from '../domain/records';
import { voteCast } from '../testing/fixtures';
import { describeVoteCastRefusals } from '../testing/voteCastConsumer';
import { createCountVoteHandler, handler } from './countVote';

function setup(answer: () => Promise<'counted' | 'alreadyCounted'> = async () => 'counted') {
  const counted: CountRecord[] = [];
  const tally: Tally = {
    count: async (count) => {
      counted.push(count);
      return answer();
    },
  };
  const { logger, lines, raw } = capturingLogger();
  const { metrics, samples } = capturingMetrics();
  const run = createCountVoteHandler({ tally, logger, metrics, now: () => new Date('2024-05-01T10:00:00.000Z') });
  return { run, counted, lines, raw, samples };
}

const event = () => busEvent(DetailType.VoteCast);

describe('countVote handler', () => {
  it('counts the vote for its candidate and logs the outcome without the choice', async () => {
    const { run, counted, lines, raw } = setup();
    await expect(run(event())).resolves.toBeUndefined();
    expect(counted).toEqual([
      { voteId: voteCast().voteId, electionId: 'e00001', candidateId: 'c00001', countedAt: '2024-05-01T10:00:00.000Z' },
    ]);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        correlationId: 'corr-1',
        voteId: voteCast().voteId,
        outcome: 'counted',
      }),
    ]);
    expect(raw.join('\n')).not.toMatch(/Ada Lovelace|c00001/);
  });

  it('treats a vote already counted as a success', async () => {
    const { run, lines } = setup(async () => 'alreadyCounted');
    await expect(run(event())).resolves.toBeUndefined();
    expect(lines()[0]).toMatchObject({ outcome: 'alreadyCounted' });
  });

  it('counts VotesCounted for a vote added to its tally, not for a redelivery or a failure', async () => {
    const counted = setup();
    await counted.run(event());
    expect(counted.samples()).toEqual([
      { name: 'VotesCounted', value: 1, dimensions: { service: 'test', stage: 'test' } },
    ]);
    const again = setup(async () => 'alreadyCounted');
    await again.run(event());
    const failed = setup(async () => Promise.reject(new Error('TransactionCanceledException')));
    await expect(failed.run(event())).rejects.toThrow();
    expect([...again.samples(), ...failed.samples()]).toEqual([]);
  });

  it('throws CandidateNotFoundError so the event dead-letters', async () => {
    const { run, lines } = setup(async () => Promise.reject(new CandidateNotFoundError('e00001', 'c00001')));
    await expect(run(event())).rejects.toBeInstanceOf(CandidateNotFoundError);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'error', error: expect.objectContaining({ code: 'CANDIDATE_NOT_FOUND' }) }),
    ]);
  });

  it('throws when the store fails', async () => {
    const { run } = setup(async () => Promise.reject(new Error('TransactionCanceledException')));
    await expect(run(event())).rejects.toThrow('TransactionCanceledException');
  });

  describeVoteCastRefusals(
    'countVote',
    () => {
      const { run, counted } = setup();
      return { run, written: () => counted };
    },
    handler,
  );
});
