import { back, currentToken, firstPage, forward, hasNext, hasPrevious, loaded } from './pager';

describe('audit paging', () => {
  it('goes forward with each next token and back to the token each page was fetched with', () => {
    let paging = firstPage();
    expect(currentToken(paging)).toBeUndefined();
    expect(hasPrevious(paging)).toBe(false);
    paging = loaded(paging, 'n1');
    expect(hasNext(paging)).toBe(true);
    paging = forward(paging);
    expect(currentToken(paging)).toBe('n1');
    paging = forward(loaded(paging, 'n2'));
    expect(currentToken(paging)).toBe('n2');
    paging = loaded(paging, undefined);
    expect(hasNext(paging)).toBe(false);
    expect(forward(paging)).toBe(paging);
    paging = back(paging);
    expect(currentToken(paging)).toBe('n1');
    paging = back(loaded(paging, 'n2'));
    expect(currentToken(paging)).toBeUndefined();
    expect(back(paging)).toBe(paging);
  });

  it('forgets the pages after this one when a page answers with another next token', () => {
    let paging = forward(loaded(forward(loaded(firstPage(), 'n1')), 'n2'));
    paging = back(paging);
    paging = forward(loaded(paging, 'other'));
    expect(paging.tokens).toEqual([undefined, 'n1', 'other']);
  });
});
