import { entityTag, noneMatchHits, revalidatedJson } from './revalidation';

describe('entityTag', () => {
  it('is a quoted strong tag that changes with the body and only with it', () => {
    expect(entityTag('{"a":1}')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(entityTag('{"a":1}')).toBe(entityTag('{"a":1}'));
    expect(entityTag('{"a":2}')).not.toBe(entityTag('{"a":1}'));
  });
});

describe('noneMatchHits', () => {
  const tag = '"abc"';
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abd"', false],
    ['abc', false],
    ['', false],
  ])('If-None-Match %j -> %s', (header, hits) => {
    expect(noneMatchHits(header, tag)).toBe(hits);
  });
  it('misses without the header', () => expect(noneMatchHits(undefined, tag)).toBe(false));
});

describe('revalidatedJson', () => {
  it('answers 200 with the body, its ETag and no-cache', () => {
    const response = revalidatedJson({ a: 1 }, undefined);
    expect(response).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        etag: entityTag('{"a":1}'),
        'cache-control': 'no-cache',
      },
      body: '{"a":1}',
    });
  });

  it('answers 304 with no body to the tag of the same answer, 200 to an older one', () => {
    const { headers } = revalidatedJson({ a: 1 }, undefined);
    expect(revalidatedJson({ a: 1 }, headers.etag)).toEqual({
      statusCode: 304,
      headers: { etag: headers.etag, 'cache-control': 'no-cache' },
      body: '',
    });
    expect(revalidatedJson({ a: 2 }, headers.etag).statusCode).toBe(200);
  });
});
