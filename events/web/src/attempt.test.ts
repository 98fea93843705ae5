import { attemptFor, attemptStorageKey, readAttempt } from './attempt';

describe('the Idempotency-Key of a ballot attempt', () => {
  let counter = 0;
  const newKey = () => `key-${++counter}`;

  it('is kept while the same ballot body is sent again (double click, retry, reload)', () => {
    const first = attemptFor(undefined, 'b1', '{"a":1}', newKey);
    expect(attemptFor(first, 'b1', '{"a":1}', newKey)).toBe(first);
  });

  it('is new when the choice changed (the API refuses a key reused with another body) or for another ballot', () => {
    const first = attemptFor(undefined, 'b1', '{"a":1}', newKey);
    expect(attemptFor(first, 'b1', '{"a":2}', newKey).key).not.toBe(first.key);
    expect(attemptFor(first, 'b2', '{"a":1}', newKey).key).not.toBe(first.key);
  });

  it('is read back from storage, and a damaged entry counts as none', () => {
    const stored = new Map<string, string>([
      [attemptStorageKey('b1'), JSON.stringify({ ballotId: 'b1', body: 'x', key: 'k' })],
      [attemptStorageKey('b2'), '{broken'],
    ]);
    const storage = { getItem: (key: string) => stored.get(key) ?? null };
    expect(readAttempt(storage, 'b1')).toEqual({ ballotId: 'b1', body: 'x', key: 'k' });
    expect(readAttempt(storage, 'b2')).toBeUndefined();
    expect(readAttempt(storage, 'b3')).toBeUndefined();
  });
});
