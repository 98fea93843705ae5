import fc from 'fast-check';
import { readBallotRequest } from '@evote/events';
import { badRequest, MALFORMED_REQUESTS, MALFORMED_SEED, MAX_BODY_BYTES, validBallot } from './malformed';

const STATUS_OF_REASON: Record<string, number> = {
  UNSUPPORTED_MEDIA_TYPE: 415,
  BODY_TOO_LARGE: 413,
  MALFORMED_JSON: 400,
  INVALID_BALLOT: 400,
};

describe('generated bad requests', () => {
  it('the template they break is itself a valid ballot request', () => {
    expect(
      readBallotRequest({ contentType: 'application/json', body: Buffer.from(JSON.stringify(validBallot())) }).accepted,
    ).toBe(true);
  });

  it('are every one refused by the intake, with the status the case expects', () => {
    fc.assert(
      fc.property(badRequest, (badCase) => {
        const intake = readBallotRequest({ contentType: badCase.contentType, body: badCase.body });
        expect(intake.accepted).toBe(false);
        if (!intake.accepted)
          expect({ category: badCase.category, status: STATUS_OF_REASON[intake.reason] }).toEqual({
            category: badCase.category,
            status: badCase.status,
          });
      }),
      { numRuns: 1_000, seed: 7 },
    );
  });

  it("cover every category, oversized bodies included, even in the chaos suite's smaller CI run", () => {
    // The CI run's cases are the first ones of the full run's (same seed), so covering here covers both.
    const sizes = [MALFORMED_REQUESTS.ci, MALFORMED_REQUESTS.full];
    const full = fc.sample(badRequest, { numRuns: Math.max(...sizes), seed: MALFORMED_SEED });
    const ci = fc.sample(badRequest, { numRuns: Math.min(...sizes), seed: MALFORMED_SEED });
    expect(ci.filter((badCase, index) => !badCase.body.equals(full[index]?.body ?? Buffer.alloc(0)))).toEqual([]);
    const categories = new Set(ci.map((badCase) => badCase.category));
    expect([...categories].sort()).toEqual(
      [
        'JSON that is not an object',
        '__proto__ / constructor keys',
        'a type other than Ballot Submitted',
        'deep nesting',
        'duplicate votes in one election',
        'empty bodies',
        'extra fields',
        'huge arrays',
        'huge strings',
        'invalid JSON',
        'invalid UTF-8',
        'missing fields',
        'oversized bodies',
        'unicode and control characters',
        'wrong content types',
        'wrong types',
      ].sort(),
    );
    expect(ci.some((badCase) => badCase.body.byteLength > MAX_BODY_BYTES)).toBe(true);
  });
});
