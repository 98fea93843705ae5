import { AUDITOR_SCOPE } from '@evote/shared';
import { RefusalReason } from './intake';
import { judgeCaller, judgeOwnership } from './ownership';

const voter = { voterId: 'v00001', scopes: ['openid'] };
const auditor = { scopes: [AUDITOR_SCOPE] };

describe('judgeCaller', () => {
  it('refuses a request without claims as unauthenticated', () => {
    expect(judgeCaller(undefined)).toEqual({
      allowed: false,
      reason: RefusalReason.Unauthenticated,
      message: 'Unauthorized',
      errors: [],
    });
  });

  it("refuses an auditor's token, saying it names no voter", () => {
    expect(judgeCaller(auditor)).toMatchObject({
      allowed: false,
      reason: RefusalReason.NotYourBallot,
      message: expect.stringMatching(/^an auditor's token names no voter/),
    });
  });

  it('refuses any other token that names no voter', () => {
    expect(judgeCaller({ scopes: [] })).toMatchObject({
      allowed: false,
      reason: RefusalReason.NotYourBallot,
      message: expect.stringMatching(/^this token names no voter/),
    });
  });

  it('admits a voter', () => {
    expect(judgeCaller(voter)).toEqual({ allowed: true, voterId: 'v00001' });
  });
});

describe('judgeOwnership', () => {
  it("allows the voter's own ballot", () => {
    expect(judgeOwnership(voter, 'v00001')).toEqual({ allowed: true, voterId: 'v00001' });
  });

  it("refuses another voter's ballot, pointing at detail.voterId and naming neither voter", () => {
    const ownership = judgeOwnership(voter, 'v00002');
    expect(ownership).toMatchObject({
      allowed: false,
      reason: RefusalReason.NotYourBallot,
      errors: [{ path: '/detail/voterId' }],
    });
    expect(JSON.stringify(ownership)).not.toMatch(/v00001|v00002/);
  });

  it('compares voter ids exactly (they are case-sensitive identifiers)', () => {
    expect(judgeOwnership(voter, 'V00001')).toMatchObject({ allowed: false, reason: RefusalReason.NotYourBallot });
  });

  it('refuses no claims and voterless tokens whatever the ballot says', () => {
    expect(judgeOwnership(undefined, 'v00001')).toMatchObject({
      allowed: false,
      reason: RefusalReason.Unauthenticated,
    });
    expect(judgeOwnership(auditor, 'v00001')).toMatchObject({ allowed: false, reason: RefusalReason.NotYourBallot });
  });

  it("an auditor who is also named as a voter submits only that voter's ballot", () => {
    const both = { voterId: 'v00001', scopes: ['openid', AUDITOR_SCOPE] };
    expect(judgeOwnership(both, 'v00001')).toEqual({ allowed: true, voterId: 'v00001' });
    expect(judgeOwnership(both, 'v00002')).toMatchObject({ allowed: false });
  });
});
