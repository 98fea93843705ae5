/**
 * HTTP revalidation for polled JSON: a strong ETag computed from the body, `If-None-Match`
 * answered with a bodiless 304, and `cache-control: no-cache` so that a browser keeps the answer
 * but asks again on every poll. An unchanged result then costs a 304 (the handler still reads
 * the table: the tag is of the answer, so it needs the answer).
 */
import { createHash } from 'node:crypto';
import { jsonResponse, type HttpResponse } from '@evote/shared';

/** Kept, but revalidated before every use. */
export const REVALIDATE = 'no-cache';

/** A strong entity tag of a body: the SHA-256 of its bytes, base64url, quoted. */
export function entityTag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/**
 * Whether `If-None-Match` names this tag. The header is `*` or a list of tags; a GET compares
 * weakly (RFC 9110, 13.1.2), so `W/"x"` matches `"x"`.
 */
export function noneMatchHits(ifNoneMatch: string | undefined, tag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (value: string) => value.trim().replace(/^W\//, '');
  return (ifNoneMatch.match(/(W\/)?"[^"]*"/g) ?? []).some((candidate) => opaque(candidate) === opaque(tag));
}

/**
 * A 200 JSON answer with its ETag, or a 304 without a body when the client already holds it.
 * The 304 repeats the ETag and cache-control, as a 200 would have sent them.
 */
export function revalidatedJson(body: unknown, ifNoneMatch: string | undefined): HttpResponse {
  const response = jsonResponse(200, body);
  const etag = entityTag(response.body);
  const caching = { etag, 'cache-control': REVALIDATE };
  if (noneMatchHits(ifNoneMatch, etag)) return { statusCode: 304, headers: caching, body: '' };
  return { ...response, headers: { ...response.headers, ...caching } };
}
