/** Over 250 lines because it is table-driven over every event contract. */
import { DetailType } from '../names';
import { validateDetail } from '../validation';
import type { FieldError } from '../errors';
import { IDENTIFIER_RULE, MAX_VOTES } from './common';
import { validDetails } from './fixtures';

type Detail = Record<string, unknown>;
const allTypes = Object.values(DetailType);
const ballotTypes = [DetailType.BallotSubmitted, DetailType.BallotVerified, DetailType.BallotRejected] as const;
const voteTypes = [DetailType.VoteCast, DetailType.VoteRejected] as const;
const rejectedTypes = [DetailType.BallotRejected, DetailType.VoteRejected] as const;

/** A deep copy of the valid fixture, changed by `change`. */
function variant(type: DetailType, change: (detail: Detail) => void): Detail {
  const detail = structuredClone(validDetails[type]) as unknown as Detail;
  change(detail);
  return detail;
}

function errorsOf(type: DetailType, detail: unknown): FieldError[] {
  const result = validateDetail(type, detail);
  if (result.ok) throw new Error(`expected ${type} to be rejected`);
  return result.errors;
}

function distinctVotes(count: number) {
  return Array.from({ length: count }, (_, i) => ({ electionId: `e${i}`, candidateId: `c${i}` }));
}

describe.each(allTypes)('%s contract', (type) => {
  it('accepts the valid fixture and returns it unchanged', () => {
    const detail = validDetails[type];
    expect(validateDetail(type, detail)).toEqual({ ok: true, value: detail });
  });

  it('accepts identifiers of 1 and 64 characters with "-" and "_"', () => {
    expect(
      validateDetail(
        type,
        variant(type, (d) => (d.correlationId = 'x')),
      ).ok,
    ).toBe(true);
    expect(
      validateDetail(
        type,
        variant(type, (d) => (d.correlationId = `a-_${'9'.repeat(61)}`)),
      ).ok,
    ).toBe(true);
  });

  it('reports a missing field at its own path', () => {
    const detail = variant(type, (d) => delete d.correlationId);
    expect(errorsOf(type, detail)).toEqual([{ path: '/correlationId', message: 'is required' }]);
  });

  it('reports a wrong type', () => {
    const detail = variant(type, (d) => (d.correlationId = 42));
    expect(errorsOf(type, detail)).toEqual([{ path: '/correlationId', message: 'must be a string' }]);
  });

  it('reports an extra property at its own path', () => {
    const detail = variant(type, (d) => (d.isAdmin = true));
    expect(errorsOf(type, detail)).toEqual([{ path: '/isAdmin', message: 'is not an allowed property' }]);
  });

  it('reports an oversize identifier in words', () => {
    const detail = variant(type, (d) => (d.correlationId = 'b'.repeat(65)));
    expect(errorsOf(type, detail)).toEqual([{ path: '/correlationId', message: IDENTIFIER_RULE }]);
  });

  it.each(['', 'has space', 'slash/ed', 'ünïcode', 'b1\n'])('rejects the identifier %j', (id) => {
    const detail = variant(type, (d) => (d.correlationId = id));
    expect(errorsOf(type, detail)).toEqual([{ path: '/correlationId', message: IDENTIFIER_RULE }]);
  });

  it.each([null, [], 'text', 7])('rejects the non-object %j at the root', (value) => {
    expect(errorsOf(type, value)).toEqual([{ path: '', message: expect.stringMatching(/^must be an object/) }]);
  });

  it('reports every problem at once, in path order', () => {
    const detail = variant(type, (d) => {
      delete d.correlationId;
      d.ballotId = 7;
      d.zzz = 1;
    });
    expect(errorsOf(type, detail).map((e) => e.path)).toEqual(['/ballotId', '/correlationId', '/zzz']);
  });
});

describe.each(ballotTypes)('%s votes', (type) => {
  it('rejects an empty votes array', () => {
    const detail = variant(type, (d) => (d.votes = []));
    expect(errorsOf(type, detail)).toEqual([{ path: '/votes', message: `must contain 1 to ${MAX_VOTES} items` }]);
  });

  it(`accepts ${MAX_VOTES} votes and rejects ${MAX_VOTES + 1}`, () => {
    expect(
      validateDetail(
        type,
        variant(type, (d) => (d.votes = distinctVotes(MAX_VOTES))),
      ).ok,
    ).toBe(true);
    const detail = variant(type, (d) => (d.votes = distinctVotes(MAX_VOTES + 1)));
    expect(errorsOf(type, detail)).toEqual([{ path: '/votes', message: `must contain 1 to ${MAX_VOTES} items` }]);
  });

  it('rejects two votes for one election, pointing at the second', () => {
    const detail = variant(type, (d) => {
      d.votes = [
        { electionId: 'e1', candidateId: 'c1' },
        { electionId: 'e1', candidateId: 'c2' },
      ];
    });
    expect(errorsOf(type, detail)).toEqual([
      {
        path: '/votes/1/electionId',
        message: expect.stringContaining('duplicates the vote for election "e1" at /votes/0'),
      },
    ]);
  });

  it('reports each later duplicate against the first vote for that election', () => {
    const votes = [
      { electionId: 'e1', candidateId: 'c1' },
      { electionId: 'e2', candidateId: 'c1' },
      { electionId: 'e1', candidateId: 'c2' },
      { electionId: 'e1', candidateId: 'c3' },
    ];
    const errors = errorsOf(
      type,
      variant(type, (d) => (d.votes = votes)),
    );
    expect(errors.map((e) => e.path)).toEqual(['/votes/2/electionId', '/votes/3/electionId']);
    expect(errors.filter((e) => !e.message.includes('at /votes/0'))).toEqual([]);
  });

  it('reports a vote missing a field, a vote with an extra one and a vote of the wrong type', () => {
    const detail = variant(type, (d) => {
      d.votes = [{ electionId: 'e1' }, { electionId: 'e2', candidateId: 'c1', weight: 2 }, 'e3'];
    });
    expect(errorsOf(type, detail)).toEqual([
      { path: '/votes/0/candidateId', message: 'is required' },
      { path: '/votes/1/weight', message: 'is not an allowed property' },
      { path: '/votes/2', message: 'must be an object' },
    ]);
  });

  it('orders vote errors numerically (2 before 10)', () => {
    const votes = distinctVotes(11);
    votes[10] = { electionId: 'e10', candidateId: '' };
    votes[2] = { electionId: 'e2', candidateId: '' };
    const errors = errorsOf(
      type,
      variant(type, (d) => (d.votes = votes)),
    );
    expect(errors.map((e) => e.path)).toEqual(['/votes/2/candidateId', '/votes/10/candidateId']);
  });
});

describe.each([DetailType.BallotVerified, ...voteTypes])('%s voter', (type) => {
  it('counts fullName in characters, not UTF-16 units', () => {
    expect(
      validateDetail(
        type,
        variant(type, (d) => ((d.voter as Detail).fullName = '𝒜'.repeat(200))),
      ).ok,
    ).toBe(true);
  });

  it.each([
    ['an empty', ''],
    ['a 201-character', 'n'.repeat(201)],
  ])('rejects %s fullName, giving its bounds', (_, fullName) => {
    const detail = variant(type, (d) => ((d.voter as Detail).fullName = fullName));
    expect(errorsOf(type, detail)).toEqual([{ path: '/voter/fullName', message: 'must be 1 to 200 characters' }]);
  });

  it('rejects a voter without a name', () => {
    const detail = variant(type, (d) => delete (d.voter as Detail).fullName);
    expect(errorsOf(type, detail)).toEqual([{ path: '/voter/fullName', message: 'is required' }]);
  });
});

describe.each(voteTypes)('%s vote', (type) => {
  it('requires the vote', () => {
    expect(
      errorsOf(
        type,
        variant(type, (d) => delete d.vote),
      ),
    ).toEqual([{ path: '/vote', message: 'is required' }]);
  });

  it('does not accept a votes array in place of the vote', () => {
    const detail = variant(type, (d) => (d.votes = [d.vote]));
    expect(errorsOf(type, detail)).toEqual([{ path: '/votes', message: 'is not an allowed property' }]);
  });

  it('checks the vote like any other', () => {
    const detail = variant(type, (d) => (d.vote = { electionId: 5, candidateId: 'c'.repeat(65) }));
    expect(errorsOf(type, detail)).toEqual([
      { path: '/vote/candidateId', message: IDENTIFIER_RULE },
      { path: '/vote/electionId', message: 'must be a string' },
    ]);
  });
});

describe.each(rejectedTypes)('%s reason and message', (type) => {
  it('rejects a reason outside the catalog, listing the allowed ones', () => {
    const [message] = errorsOf(
      type,
      variant(type, (d) => (d.reason = 'BECAUSE')),
    ).map((e) => e.message);
    expect(message).toMatch(/^must be one of "[A-Z_]+"(, "[A-Z_]+")+$/);
  });

  it('accepts a 500-character message and rejects 501 or none', () => {
    expect(
      validateDetail(
        type,
        variant(type, (d) => (d.message = 'm'.repeat(500))),
      ).ok,
    ).toBe(true);
    const tooLong = variant(type, (d) => (d.message = 'm'.repeat(501)));
    expect(errorsOf(type, tooLong)).toEqual([{ path: '/message', message: 'must be 1 to 500 characters' }]);
    expect(
      errorsOf(
        type,
        variant(type, (d) => (d.message = '')),
      ),
    ).toEqual([{ path: '/message', message: 'must be 1 to 500 characters' }]);
  });
});

describe('the reasons', () => {
  it.each(['VOTER_NOT_FOUND', 'BALLOT_NOT_ISSUED', 'BALLOT_ALREADY_SUBMITTED'])(
    'Ballot Rejected accepts %s',
    (reason) => {
      const detail = variant(DetailType.BallotRejected, (d) => (d.reason = reason));
      expect(validateDetail(DetailType.BallotRejected, detail).ok).toBe(true);
    },
  );

  it.each(['ELECTION_NOT_FOUND', 'CANDIDATE_NOT_FOUND', 'POLLS_NOT_OPEN', 'POLLS_CLOSED'])(
    'Vote Rejected accepts %s',
    (reason) => {
      const detail = variant(DetailType.VoteRejected, (d) => (d.reason = reason));
      expect(validateDetail(DetailType.VoteRejected, detail).ok).toBe(true);
    },
  );

  it('a ballot reason is not a vote reason', () => {
    const detail = variant(DetailType.VoteRejected, (d) => (d.reason = 'VOTER_NOT_FOUND'));
    expect(errorsOf(DetailType.VoteRejected, detail).map((e) => e.path)).toEqual(['/reason']);
  });
});

describe('an unknown detail-type', () => {
  it('is reported, not thrown', () => {
    const result = validateDetail('Vote Stolen' as DetailType, {});
    expect(result).toEqual({
      ok: false,
      errors: [{ path: '', message: 'has no contract: unknown detail-type "Vote Stolen"' }],
    });
  });
});

describe.each(ballotTypes)('%s acceptedAt', (type) => {
  it('is required: the polls are judged by it', () => {
    const detail = variant(type, (d) => delete d.acceptedAt);
    expect(errorsOf(type, detail)).toEqual([{ path: '/acceptedAt', message: 'is required' }]);
  });

  it.each(['2026-11-03T20:00:00Z', '2026-11-03T21:00:00.000+01:00', '2026-11-03', 'yesterday'])(
    'refuses %j: one spelling only (UTC with milliseconds, as toISOString writes it)',
    (acceptedAt) => {
      const detail = variant(type, (d) => (d.acceptedAt = acceptedAt));
      expect(errorsOf(type, detail).map((e) => e.path)).toEqual(['/acceptedAt']);
    },
  );
});

describe(`${DetailType.ElectionCertified} digest`, () => {
  it('accepts only a SHA-256 hex digest', () => {
    const type = DetailType.ElectionCertified;
    const detail = variant(type, (d) => ((d.auditDigest as Record<string, unknown>).value = 'ABC'));
    expect(errorsOf(type, detail).map((e) => e.path)).toEqual(['/auditDigest/value']);
  });

  it('refuses a negative tally', () => {
    const type = DetailType.ElectionCertified;
    const detail = variant(type, (d) => ((d.tallies as Record<string, unknown>[])[0]!.voteCount = -1));
    expect(errorsOf(type, detail).map((e) => e.path)).toEqual(['/tallies/0/voteCount']);
  });
});
