/**
 * Signing in from a page: locally by asking the local issuer for a token, in AWS through
 * Cognito's hosted sign-in (authorization code + PKCE). Which one comes from config.json.
 */
import type { AppConfig } from './config';
import { authorizeUrl, challengeOf, exchangeCode, newVerifier } from './pkce';
import { localToken } from './session';

const PKCE_KEY = 'evote.pkce';

/** Where Cognito sends the voter back: the voter page (one of the client's callback URLs). */
const redirectUri = () => `${location.origin}/`;

export async function signInLocally(
  config: AppConfig,
  who: { voterId: string } | { role: 'auditor' },
): Promise<string> {
  return localToken((url, init) => fetch(url, init), config, who);
}

/** Leaves the page for the hosted sign-in; the verifier waits in sessionStorage for the way back. */
export async function startCognitoSignIn(config: AppConfig): Promise<void> {
  const verifier = newVerifier();
  const state = newVerifier();
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  location.assign(
    authorizeUrl({
      cognitoDomain: config.cognitoDomain as string,
      clientId: config.clientId,
      redirectUri: redirectUri(),
      challenge: await challengeOf(verifier),
      state,
    }),
  );
}

/**
 * On the way back from the hosted sign-in (`?code=&state=`): the access token, or undefined when
 * this load is not a sign-in's return. A state that does not match ours is refused.
 */
export async function finishCognitoSignIn(config: AppConfig): Promise<string | undefined> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (config.signIn !== 'cognito' || !code) return undefined;
  const kept = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', location.pathname);
  if (!kept || kept.state !== query.get('state'))
    throw new Error('the sign-in did not start on this page; please sign in again');
  return exchangeCode((url, init) => fetch(url, init), {
    cognitoDomain: config.cognitoDomain as string,
    clientId: config.clientId,
    redirectUri: redirectUri(),
    code,
    verifier: kept.verifier,
  });
}
