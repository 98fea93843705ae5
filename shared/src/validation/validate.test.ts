import { ballotRequest, validDetails, voteCast } from '../contracts/fixtures';
import { IDENTIFIER_RULE } from '../contracts/common';
import { ValidationError } from '../errors';
import { DetailType } from '../names';
import { parseBusEvent, validateBallotRequest } from './validate';

function requestErrors(body: unknown) {
  const result = validateBallotRequest(body);
  if (result.ok) throw new Error('expected the body to be rejected');
  return result.errors;
}

function withDetail(change: (detail: Record<string, unknown>) => void): Record<string, unknown> {
  const body = structuredClone(ballotRequest) as unknown as { detail: Record<string, unknown> };
  change(body.detail);
  return body;
}

describe('validateBallotRequest', () => {
  it('accepts a ballot and returns it', () => {
    expect(validateBallotRequest(ballotRequest)).toEqual({ ok: true, value: ballotRequest });
  });

  it('rejects a correlationId sent by the client', () => {
    const body = withDetail((d) => (d.correlationId = 'mine'));
    expect(requestErrors(body)).toEqual([{ path: '/detail/correlationId', message: 'is not an allowed property' }]);
  });

  it.each(['Vote Cast', 'Ballot Verified', 'ballot submitted', 42])('rejects the type %j', (type) => {
    expect(requestErrors({ ...ballotRequest, type })).toEqual([
      { path: '/type', message: 'must be "Ballot Submitted"' },
    ]);
  });

  it('requires type and detail', () => {
    expect(requestErrors({})).toEqual([
      { path: '/detail', message: 'is required' },
      { path: '/type', message: 'is required' },
    ]);
  });

  it.each([null, 'Ballot Submitted', [ballotRequest], 1, true])(
    'rejects the non-object body %j at the root',
    (body) => {
      expect(requestErrors(body)).toEqual([{ path: '', message: 'must be an object' }]);
    },
  );

  it('rejects properties beside type and detail (e.g. a source)', () => {
    expect(requestErrors({ ...ballotRequest, source: 'evote.voters' })).toEqual([
      { path: '/source', message: 'is not an allowed property' },
    ]);
  });

  it('gives paths from the body root', () => {
    const body = withDetail((d) => {
      d.votes = [
        { electionId: 'e1', candidateId: 'c1' },
        { electionId: 'e1', candidateId: 'c2' },
        { electionId: 'e3' },
      ];
      d.voterId = 'x'.repeat(65);
    });
    expect(requestErrors(body)).toEqual([
      { path: '/detail/voterId', message: IDENTIFIER_RULE },
      { path: '/detail/votes/1/electionId', message: expect.stringContaining('at /detail/votes/0') },
      { path: '/detail/votes/2/candidateId', message: 'is required' },
    ]);
  });

  it('rejects empty votes', () => {
    expect(requestErrors(withDetail((d) => (d.votes = [])))).toEqual([
      { path: '/detail/votes', message: 'must contain 1 to 50 items' },
    ]);
  });

  it('escapes odd property names in paths (RFC 6901)', () => {
    expect(requestErrors(withDetail((d) => (d['a/b~c'] = 1)))).toEqual([
      { path: '/detail/a~1b~0c', message: 'is not an allowed property' },
    ]);
  });
});

function busEvent(detailType: string, detail: unknown) {
  return {
    version: '0',
    id: 'f00d',
    'detail-type': detailType,
    source: 'evote.elections',
    account: '000000000000',
    time: '2025-01-01T00:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

describe('parseBusEvent', () => {
  it('returns a valid event, typed', () => {
    const event = busEvent(DetailType.VoteCast, voteCast);
    const parsed = parseBusEvent(DetailType.VoteCast, event);
    expect(parsed).toBe(event);
    expect(parsed.detail.vote.candidateId).toBe('c00001');
  });

  it('throws ValidationError for another detail-type, even with a valid detail for it', () => {
    const event = busEvent(DetailType.BallotVerified, validDetails['Ballot Verified']);
    expect(() => parseBusEvent(DetailType.VoteCast, event)).toThrow(ValidationError);
    try {
      parseBusEvent(DetailType.VoteCast, event);
    } catch (err) {
      expect((err as ValidationError).errors).toEqual([{ path: '/detail-type', message: 'must be "Vote Cast"' }]);
      expect((err as ValidationError).code).toBe('VALIDATION_FAILED');
    }
  });

  it('throws ValidationError with paths under /detail for an invalid detail', () => {
    const { vote: _vote, ...withoutVote } = voteCast;
    const error = catchError(() => parseBusEvent(DetailType.VoteCast, busEvent(DetailType.VoteCast, withoutVote)));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ path: '/detail/vote', message: 'is required' }]);
    expect((error as ValidationError).message).toContain('/detail/vote is required');
  });

  it('does not check source (the rule did)', () => {
    const event = { ...busEvent(DetailType.VoteCast, voteCast), source: 'somebody.else' };
    expect(parseBusEvent(DetailType.VoteCast, event).source).toBe('somebody.else');
  });

  it.each([undefined, null, 'event', []])('throws for the non-event %j', (event) => {
    const error = catchError(() => parseBusEvent(DetailType.VoteCast, event));
    expect((error as ValidationError).errors).toEqual([
      { path: '', message: expect.stringMatching(/^must be an object/) },
    ]);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
