/**
 * The digest of an election's audit stream that Election Certified carries, defined once so the
 * certifying tool, the tests and anyone holding the log compute the same value. The canonical
 * form (docs/certification.md, with a standalone recipe):
 *
 * 1. the events of the stream `GET /audit/Election/{electionId}/events` returns, every page, in
 *    its order, leaving out every Election Certified (the digest cannot include the event that
 *    carries it, and a second certification must not change what the first one certified);
 * 2. each event as JSON with every object's keys sorted (recursively, by UTF-16 code units, as
 *    JavaScript's default sort orders them) and no whitespace; arrays keep their order;
 * 3. those lines joined with "\n" (no trailing newline), encoded as UTF-8;
 * 4. SHA-256 of those bytes, as 64 lowercase hex digits; `eventCount` is the number of lines.
 */
import { createHash } from 'node:crypto';
import { DetailType } from '@evote/shared';

/** What Election Certified's `auditDigest` holds. */
export interface AuditDigest {
  readonly algorithm: 'SHA-256';
  readonly value: string;
  readonly eventCount: number;
}

/** The digest of an election's audit stream, as the read API returned it (in its order). */
export function auditStreamDigest(events: readonly unknown[]): AuditDigest {
  const digested = events.filter((event) => detailTypeOf(event) !== DetailType.ElectionCertified);
  const text = digested.map(canonicalJson).join('\n');
  return {
    algorithm: 'SHA-256',
    value: createHash('sha256').update(text, 'utf8').digest('hex'),
    eventCount: digested.length,
  };
}

/**
 * JSON with every object's keys sorted and no whitespace. Values JSON cannot hold are refused
 * rather than dropped (JSON.stringify would silently leave out an undefined member).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot digest the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`cannot digest a value of type ${typeof value}`);
}

function detailTypeOf(event: unknown): unknown {
  return typeof event === 'object' && event !== null ? (event as Record<string, unknown>)['detail-type'] : undefined;
}
