import { AUDITOR_SCOPE } from '@evote/shared';
import { voterAccess } from './access';

describe('voterAccess', () => {
  it('grants a voter their own ballots and an auditor anyone’s', () => {
    expect(voterAccess({ voterId: 'v1', scopes: [] }, 'v1')).toBe('granted');
    expect(voterAccess({ scopes: [AUDITOR_SCOPE] }, 'v1')).toBe('granted');
  });

  it("hides another voter's, also from a token that names no voter", () => {
    expect(voterAccess({ voterId: 'v2', scopes: [] }, 'v1')).toBe('hidden');
    expect(voterAccess({ scopes: ['other'] }, 'v1')).toBe('hidden');
  });

  it('refuses a request without claims', () => {
    expect(voterAccess(undefined, 'v1')).toBe('anonymous');
  });
});
