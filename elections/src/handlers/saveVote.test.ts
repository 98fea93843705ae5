import { ConfigError, DetailType, Source, ValidationError } from '@evote/shared';
import type { VoteBook } from '../domain/ports';
import type { VoteRecord } from '../domain/records';
import { capturingLogger } from '@evote/shared/src/testing/fakes';
import { busEvent, voteCast } from '../testing/fixtures';
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

const event = () => busEvent(DetailType.VoteCast, voteCast());

describe('saveVote handler', () => {
  it('saves the vote without the voter and logs the outcome', async () => {
    const { run, saved, lines, raw } = setup();
    await expect(run(event())).resolves.toBeUndefined();
    expect(saved).toEqual([
      { voteId: voteCast().voteId, ballotId: 'b00001', electionId: 'e00001', candidateId: 'c00001', castAt: '2024-05-01T10:00:00.000Z' },
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

  it('throws a ValidationError for a Vote Cast that breaks the contract, saving nothing', async () => {
    const { run, saved } = setup();
    await expect(run(busEvent(DetailType.VoteCast, voteCast({ voteId: 'not a valid id!' })))).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(saved).toEqual([]);
  });

  it('throws for a forged Vote Cast from another source, saving nothing', async () => {
    const { run, saved } = setup();
    await expect(run(busEvent(DetailType.VoteCast, voteCast(), Source.Events))).rejects.toMatchObject({
      code: 'UNEXPECTED_SOURCE',
    });
    expect(saved).toEqual([]);
  });
});

describe('saveVote entry point', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fails loudly when the environment is incomplete', async () => {
    delete process.env.ELECTIONS_TABLE;
    await expect(handler(event())).rejects.toBeInstanceOf(ConfigError);
  });
});
