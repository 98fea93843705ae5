/**
 * Who is signed in on this tab: the access token and what it says about its holder. Kept in
 * sessionStorage (gone with the tab) per role, so the voter page and the audit page do not
 * overwrite each other's sign-in.
 */
import { AUDITOR_SCOPE } from '../../../shared/src/identity';
import { readJson, send, type Fetch } from './api';
import type { AppConfig } from './config';

export type Role = 'voter' | 'auditor';

export interface Session {
  token: string;
  role: Role;
  /** The voter the token names (claim `username`, as Cognito's access tokens carry it). */
  voterId?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** The claims of a JWT, read without checking the signature: the API checks it, the page only needs to know whose it is. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(
    Array.from(atob(base64), (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
  );
  return JSON.parse(json) as Record<string, unknown>;
}

/** The session a token stands for. */
export function sessionOf(token: string): Session {
  const claims = claimsOf(token);
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  const expiresAt = typeof claims.exp === 'number' ? claims.exp : 0;
  if (scopes.includes(AUDITOR_SCOPE)) return { token, role: 'auditor', expiresAt };
  const voterId = typeof claims.username === 'string' ? claims.username : undefined;
  return { token, role: 'voter', ...(voterId ? { voterId } : {}), expiresAt };
}

const storageKey = (role: Role) => `evote.session.${role}`;

/** The kept session for `role`, unless it expired (with a minute to spare: a request takes time). */
export function loadSession(storage: Pick<Storage, 'getItem'>, role: Role, now = Date.now()): Session | undefined {
  const token = storage.getItem(storageKey(role));
  if (!token) return undefined;
  try {
    const session = sessionOf(token);
    return session.role === role && session.expiresAt * 1000 > now + 60_000 ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(storage: Pick<Storage, 'setItem'>, session: Session): void {
  storage.setItem(storageKey(session.role), session.token);
}

export function clearSession(storage: Pick<Storage, 'removeItem'>, role: Role): void {
  storage.removeItem(storageKey(role));
}

/** Local only: the local issuer's token endpoint stands in for a sign-in page. */
export async function localToken(
  fetcher: Fetch,
  config: AppConfig,
  who: { voterId: string } | { role: 'auditor' },
): Promise<string> {
  const response = await send(fetcher, `${config.issuer.replace(/\/+$/, '')}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  return (await readJson<{ access_token: string }>(response)).access_token;
}
