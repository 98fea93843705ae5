/**
 * Paging through an audit stream as the API pages it: forward with the `next` token the last
 * page returned, back by remembering the token each earlier page was fetched with (the API has
 * no "previous" token).
 */
export interface Paging {
  /** The token each page seen so far was fetched with; the first page has none. */
  tokens: (string | undefined)[];
  /** The page shown, 0-based. */
  index: number;
  /** The `next` of the page shown, if there is a following page. */
  next?: string;
}

export const firstPage = (): Paging => ({ tokens: [undefined], index: 0 });

/** The token to fetch the page shown with. */
export const currentToken = (paging: Paging): string | undefined => paging.tokens[paging.index];

/** The page shown was loaded and answered with `next`. */
export function loaded(paging: Paging, next: string | undefined): Paging {
  const { next: _previous, ...rest } = paging;
  return next ? { ...rest, next } : rest;
}

export const hasNext = (paging: Paging): boolean => paging.next !== undefined;
export const hasPrevious = (paging: Paging): boolean => paging.index > 0;

/** Moves to the following page (to be loaded with `currentToken`). */
export function forward(paging: Paging): Paging {
  if (!paging.next) return paging;
  return { tokens: [...paging.tokens.slice(0, paging.index + 1), paging.next], index: paging.index + 1 };
}

/** Moves to the page before (to be loaded with `currentToken`). */
export function back(paging: Paging): Paging {
  if (paging.index === 0) return paging;
  return { tokens: paging.tokens, index: paging.index - 1 };
}
