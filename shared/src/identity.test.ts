import { AUDITOR_SCOPE, callerOf, isAuditor } from './identity';

const withClaims = (claims: Record<string, string>, scopes?: string[] | null) => ({
  requestContext: { authorizer: { jwt: { claims, ...(scopes === undefined ? {} : { scopes }) } } },
});

describe('callerOf', () => {
  it('names the voter by the configured claim', () => {
    expect(callerOf(withClaims({ username: 'b7a42e', sub: 'x' }), 'username')).toEqual({
      voterId: 'b7a42e',
      scopes: [],
    });
    expect(callerOf(withClaims({ username: 'b7a42e', sub: 'x' }), 'sub')).toEqual({ voterId: 'x', scopes: [] });
  });

  it('has no voter when the claim is missing or empty', () => {
    expect(callerOf(withClaims({ sub: 'client' }), 'username')).toEqual({ scopes: [] });
    expect(callerOf(withClaims({ username: '' }), 'username')).toEqual({ scopes: [] });
  });

  it('reads scopes from the authorizer, else from the space-separated scope claim', () => {
    expect(callerOf(withClaims({ scope: 'a b' }, ['evote/audit']), 'username')?.scopes).toEqual(['evote/audit']);
    expect(callerOf(withClaims({ scope: `openid ${AUDITOR_SCOPE}` }, null), 'username')?.scopes).toEqual([
      'openid',
      AUDITOR_SCOPE,
    ]);
    expect(callerOf(withClaims({ scope: `[openid ${AUDITOR_SCOPE}]` }), 'username')?.scopes).toEqual([
      'openid',
      AUDITOR_SCOPE,
    ]);
  });

  it('is undefined without authorizer claims', () => {
    expect(callerOf({}, 'username')).toBeUndefined();
    expect(callerOf({ requestContext: {} }, 'username')).toBeUndefined();
  });
});

describe('isAuditor', () => {
  it('needs the auditor scope', () => {
    expect(isAuditor({ scopes: [AUDITOR_SCOPE] })).toBe(true);
    expect(isAuditor({ voterId: 'b7a42e', scopes: ['openid'] })).toBe(false);
  });
});
