import { base64Url } from './pkce';
import { clearSession, loadSession, saveSession, sessionOf } from './session';

const jwt = (claims: Record<string, unknown>) =>
  `e30.${base64Url(new TextEncoder().encode(JSON.stringify(claims)))}.sig`;
const inAnHour = Math.floor(Date.now() / 1000) + 3600;

describe('the signed-in session', () => {
  it('reads whose token it is: a voter by username, an auditor by scope', () => {
    expect(sessionOf(jwt({ username: 'b7a42e', scope: 'openid', exp: inAnHour }))).toMatchObject({
      role: 'voter',
      voterId: 'b7a42e',
    });
    expect(sessionOf(jwt({ scope: 'evote/audit', exp: inAnHour })).role).toBe('auditor');
    expect(sessionOf(jwt({ username: 'Zoë', exp: inAnHour })).voterId).toBe('Zoë');
  });

  it('keeps one token per role and forgets an expired one', () => {
    const stored = new Map<string, string>();
    const storage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
      removeItem: (key: string) => void stored.delete(key),
    };
    saveSession(storage, sessionOf(jwt({ username: 'b7a42e', exp: inAnHour })));
    expect(loadSession(storage, 'voter')?.voterId).toBe('b7a42e');
    expect(loadSession(storage, 'auditor')).toBeUndefined();
    expect(loadSession(storage, 'voter', (inAnHour - 30) * 1000)).toBeUndefined();
    clearSession(storage, 'voter');
    expect(loadSession(storage, 'voter')).toBeUndefined();
  });
});
