/**
 * The Idempotency-Key of a ballot attempt. One key per (ballot, exact body): a double click, a
 * retry after a timeout or a reload sends the same key with the same body and the API answers
 * the first 202 again without a second ballot; a changed choice is a new attempt with a new key
 * (the API refuses a key reused with another body, 422).
 */
export interface Attempt {
  ballotId: string;
  body: string;
  key: string;
}

/** The attempt for `body`: the remembered one if it sent this very body, else a new one. */
export function attemptFor(
  remembered: Attempt | undefined,
  ballotId: string,
  body: string,
  newKey: () => string,
): Attempt {
  if (remembered && remembered.ballotId === ballotId && remembered.body === body) return remembered;
  return { ballotId, body, key: newKey() };
}

/** Where an attempt is kept between reloads (sessionStorage: it dies with the tab, as the key should). */
export const attemptStorageKey = (ballotId: string): string => `evote.attempt.${ballotId}`;

export function readAttempt(storage: Pick<Storage, 'getItem'>, ballotId: string): Attempt | undefined {
  try {
    const value = JSON.parse(storage.getItem(attemptStorageKey(ballotId)) ?? 'null') as Attempt | null;
    return value && typeof value.key === 'string' && typeof value.body === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
