import { EvoteError } from '@evote/shared';
import { CandidateNotFoundError } from './errors';

describe('CandidateNotFoundError', () => {
  it('is an EvoteError with the stable code CANDIDATE_NOT_FOUND', () => {
    const cause = new Error('cancelled');
    const error = new CandidateNotFoundError('e1', 'c1', { cause });
    expect(error).toBeInstanceOf(EvoteError);
    expect(error).toMatchObject({
      code: 'CANDIDATE_NOT_FOUND',
      name: 'CandidateNotFoundError',
      electionId: 'e1',
      candidateId: 'c1',
    });
    expect(error.cause).toBe(cause);
  });
});
