/**
 * The opaque `next` token of the read API: the key to continue after (the stream's name and the
 * last sort key returned), base64url-encoded. It is checked against the entity asked for, so a
 * token cannot be used to read another stream. A sharded stream's token is the same: the next
 * page reads every shard after that sort key.
 */
import type { Key } from './keys';

export function encodePageToken(lastKey: Key): string {
  return Buffer.from(JSON.stringify({ pk: lastKey.pk, sk: lastKey.sk }), 'utf8').toString('base64url');
}

/** The key to continue after, or undefined when the token is not one we issued for `partition`. */
export function decodePageToken(token: string, partition: string): Key | undefined {
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null) return undefined;
    const { pk, sk } = key as Record<string, unknown>;
    return pk === partition && typeof sk === 'string' && Object.keys(key).length === 2 ? { pk, sk } : undefined;
  } catch {
    return undefined;
  }
}
