import { authorizeUrl, base64Url, challengeOf, exchangeCode, newVerifier } from './pkce';

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes 43-character base64url verifiers from 32 random bytes', () => {
    const verifier = newVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newVerifier()).not.toBe(verifier);
    expect(newVerifier((bytes) => bytes.fill(255))).toBe('_'.repeat(42) + '8');
    expect(base64Url(new Uint8Array([251, 255]))).toBe('-_8');
  });

  it('sends the voter to the hosted sign-in with the challenge, and exchanges the code with the verifier', async () => {
    const url = new URL(
      authorizeUrl({
        cognitoDomain: 'https://evote-dev.auth.eu-west-1.amazoncognito.com/',
        clientId: 'client1',
        redirectUri: 'https://vote.example/',
        challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        state: 'st',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://evote-dev.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client1',
      redirect_uri: 'https://vote.example/',
      scope: 'openid',
      state: 'st',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const sent: { url: string; body: string }[] = [];
    const token = await exchangeCode(
      async (target, init) => {
        sent.push({ url: target, body: String(init?.body) });
        return new Response(JSON.stringify({ access_token: 'tok' }), { status: 200 });
      },
      {
        cognitoDomain: 'https://evote-dev.auth.eu-west-1.amazoncognito.com',
        clientId: 'client1',
        redirectUri: 'https://vote.example/',
        code: 'abc',
        verifier: 'ver',
      },
    );
    expect(token).toBe('tok');
    expect(sent[0]?.url).toBe('https://evote-dev.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toMatchObject({
      grant_type: 'authorization_code',
      code: 'abc',
      code_verifier: 'ver',
    });
  });
});
