import { ApiError } from './api';
import { describeFailure, reasonInWords } from './messages';

describe('messages for refusals', () => {
  it.each([
    [400, /not accepted: bad \(\/detail\/votes must be an array\)/],
    [401, /sign in again/],
    [403, /only your own ballot/],
    [404, /not found/],
    [409, /still being received/],
    [413, /too large/],
    [415, /format/],
    [422, /already used for a different choice/],
    [429, /busy/],
    [503, /problem \(503\)/],
    [0, /cannot be reached/],
    [418, /refused \(418\)/],
  ])('words a %s on submit', (status, pattern) => {
    const error = new ApiError(
      status,
      'bad',
      status === 400 ? [{ path: '/detail/votes', message: 'must be an array' }] : [],
    );
    expect(describeFailure(error, 'submit')).toMatch(pattern);
  });

  it('says what a 404 means for what was asked', () => {
    expect(describeFailure(new ApiError(404, 'Not Found'), 'track')).toMatch(/belongs to another voter/);
    expect(describeFailure(new ApiError(404, 'Not Found'), 'audit')).toMatch(/No event names this entity/);
  });

  it('puts rejection reasons in words and shows an unknown one as it is', () => {
    expect(reasonInWords('BALLOT_ALREADY_SUBMITTED')).toBe('this ballot had already been submitted');
    expect(reasonInWords('CANDIDATE_NOT_FOUND')).toBe('the candidate does not stand in this election');
    expect(reasonInWords('SOMETHING_NEW')).toBe('something new');
    expect(reasonInWords(undefined)).toBe('no reason was given');
  });
});
