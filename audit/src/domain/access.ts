/**
 * Who may read which audit stream. The audit log links voters to their choices, so the read API
 * shows a stream only to a caller entitled to it:
 *
 * - an auditor (a token with the auditor scope) reads any stream;
 * - a voter reads their own voter stream, and a ballot's stream while every event in it names
 *   them as the voter. POST /events takes only a voter's own ballot, so that is exactly their
 *   ballot once it is verified; a stream that also names someone else is never shown;
 * - everything else a voter asks for (another voter's ballot or voter stream, an election's or a
 *   candidate's stream) is answered exactly as a stream that does not exist, so that ids cannot
 *   be enumerated;
 * - a request without any claims is refused outright (the route's authorizer should have stopped
 *   it; the handler does not rely on that).
 */
import { isAuditor, type Caller } from '@evote/shared';
import { EntityType, type EntityRef } from './entities';

/** The read API's decision for one caller and one stream, before anything is read. */
export type StreamAccess =
  /** No identity at all: 401. */
  | { readonly kind: 'anonymous' }
  /** Read and show the stream. */
  | { readonly kind: 'granted' }
  /** Show the stream only if every event in it names this voter (a voter asking for a ballot). */
  | { readonly kind: 'ifEveryEventNames'; readonly voterId: string }
  /** Answer as for a stream that does not exist, without reading it. */
  | { readonly kind: 'hidden' };

export function streamAccess(caller: Caller | undefined, stream: EntityRef): StreamAccess {
  if (!caller) return { kind: 'anonymous' };
  if (isAuditor(caller)) return { kind: 'granted' };
  const { voterId } = caller;
  if (voterId === undefined) return { kind: 'hidden' };
  if (stream.type === EntityType.Voter && stream.id === voterId) return { kind: 'granted' };
  if (stream.type === EntityType.Ballot) return { kind: 'ifEveryEventNames', voterId };
  return { kind: 'hidden' };
}

/** The voter an audited event names: `detail.voterId` (ballot events) or `detail.voter.voterId` (vote events). */
export function voterNamedBy(event: unknown): string | undefined {
  const detail = field(event, 'detail');
  const direct = field(detail, 'voterId');
  if (typeof direct === 'string') return direct;
  const nested = field(field(detail, 'voter'), 'voterId');
  return typeof nested === 'string' ? nested : undefined;
}

/** One page of a stream, as the store reads it: events in stream order, and where to go on. */
export interface StreamPage<K> {
  readonly events: readonly unknown[];
  readonly lastKey?: K;
}

/**
 * Whether the stream holds at least one event and every event names `voterId`. Reads page after
 * page and stops at the first event naming anyone else (or no one), so a stream that is not the
 * voter's costs no more reads than it takes to find out.
 */
export async function everyEventNames<K>(
  voterId: string,
  readPage: (startKey?: K) => Promise<StreamPage<K>>,
): Promise<boolean> {
  let seen = 0;
  let startKey: K | undefined;
  do {
    const page = await readPage(startKey);
    if (!page.events.every((event) => voterNamedBy(event) === voterId)) return false;
    seen += page.events.length;
    startKey = page.lastKey;
  } while (startKey !== undefined);
  return seen > 0;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
