import { DetailType } from '@evote/shared';
import { isJsonContentType, MAX_BODY_BYTES, readBallotRequest, RefusalReason, type RawRequest } from './intake';

const ballot = { ballotId: 'b00001', voterId: 'v00001', votes: [{ electionId: 'e00001', candidateId: 'c00001' }] };

function raw(body: unknown, ...header: [contentType?: string | undefined]): RawRequest {
  const contentType = header.length > 0 ? header[0] : 'application/json';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { contentType, body: Buffer.from(text, 'utf8') };
}

describe('isJsonContentType', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;Charset=UTF-8',
    'application/json;charset="utf-8"',
  ])('accepts %s', (header) => expect(isJsonContentType(header)).toBe(true));

  it.each([
    undefined,
    '',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/jsonp',
    'application/json; charset=latin1',
  ])('refuses %s', (header) => expect(isJsonContentType(header)).toBe(false));
});

describe('readBallotRequest', () => {
  it('accepts a valid ballot request', () => {
    const intake = readBallotRequest(raw({ type: DetailType.BallotSubmitted, detail: ballot }));
    expect(intake).toEqual({ accepted: true, request: { type: DetailType.BallotSubmitted, detail: ballot } });
  });

  it('refuses a missing or non-JSON content type before looking at the body', () => {
    for (const contentType of [undefined, 'text/plain']) {
      const intake = readBallotRequest(raw({ type: DetailType.BallotSubmitted, detail: ballot }, contentType));
      expect(intake).toMatchObject({ accepted: false, reason: RefusalReason.UnsupportedMediaType });
    }
  });

  it('counts bytes, not characters, against the limit', () => {
    // 'é' is two bytes in UTF-8: half the limit in characters is exactly the limit in bytes.
    const atLimit = `"${'é'.repeat((MAX_BODY_BYTES - 2) / 2)}"`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_BODY_BYTES);
    expect(readBallotRequest(raw(atLimit))).toMatchObject({ accepted: false, reason: RefusalReason.InvalidBallot });
    expect(readBallotRequest(raw(`${atLimit} `))).toMatchObject({
      accepted: false,
      reason: RefusalReason.BodyTooLarge,
    });
  });

  it.each([
    ['an empty body', ''],
    ['broken JSON', '{"type": "Ballot Submitted",'],
    ['a body that is not UTF-8', Buffer.from([0x7b, 0xff, 0x7d])],
  ])('refuses %s as malformed', (_label, body) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const intake = readBallotRequest({ contentType: 'application/json', body: bytes });
    expect(intake).toMatchObject({ accepted: false, reason: RefusalReason.MalformedJson, errors: [{ path: '' }] });
  });

  it.each([DetailType.VoteCast, DetailType.BallotVerified, 'Something Else'])(
    'refuses type %s with a /type error',
    (type) => {
      const intake = readBallotRequest(raw({ type, detail: ballot }));
      expect(intake).toMatchObject({
        accepted: false,
        reason: RefusalReason.InvalidBallot,
        errors: [{ path: '/type' }],
      });
    },
  );

  it('refuses a ballot that fails the contract, with JSON pointers from the body root', () => {
    const intake = readBallotRequest(
      raw({ type: DetailType.BallotSubmitted, detail: { ...ballot, votes: [{ electionId: 'e1' }] } }),
    );
    expect(intake.accepted).toBe(false);
    if (intake.accepted) return;
    expect(intake.reason).toBe(RefusalReason.InvalidBallot);
    expect(intake.errors.length).toBeGreaterThan(0);
    expect(intake.errors.filter((error) => !error.path.startsWith('/detail/votes/0'))).toEqual([]);
  });

  it('refuses a client-supplied correlationId (the server assigns it)', () => {
    const intake = readBallotRequest(
      raw({ type: DetailType.BallotSubmitted, detail: { ...ballot, correlationId: 'mine' } }),
    );
    expect(intake).toMatchObject({ accepted: false, reason: RefusalReason.InvalidBallot });
  });

  it('refuses JSON that is not an object', () => {
    for (const body of ['[]', '42', 'null', '"Ballot Submitted"']) {
      expect(readBallotRequest(raw(body))).toMatchObject({ accepted: false, reason: RefusalReason.InvalidBallot });
    }
  });
});
