/**
 * The read and write routes the pages call, each a small function over `fetch`. Every refusal
 * becomes an `ApiError` carrying the status and the API's own `{message, errors}`, so the pages
 * word every 4xx in one place (`messages.ts`).
 */
// names.ts alone, not the shared package's index: the index also carries the AWS SDK, which no page needs.
import { DetailType } from '../../../shared/src/names';
import { apiUrl, type AppConfig } from './config';

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface FieldError {
  path?: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    /** The HTTP status; 0 when the service could not be reached at all. */
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    /** Seconds the API asked us to wait (`retry-after`), when it said. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface Vote {
  electionId: string;
  candidateId: string;
}

export interface Accepted {
  eventId: string;
  correlationId: string;
}

export interface Candidate {
  candidateId: string;
  fullName: string;
}

export interface Election {
  electionId: string;
  description: string;
  date: string;
  candidates: Candidate[];
}

export interface IssuedBallot {
  ballotId: string;
  ballotState: 'ISSUED' | 'SUBMITTED' | string;
}

export interface VoterBallots {
  voterId: string;
  fullName: string;
  ballots: IssuedBallot[];
}

/** An EventBridge envelope as the audit API returns it. */
export interface AuditEnvelope {
  id?: string;
  'detail-type': string;
  source?: string;
  time: string;
  detail: Record<string, unknown>;
  revision?: number;
}

export interface AuditPage {
  events: AuditEnvelope[];
  next?: string;
}

export interface VoteStatus {
  voteId: string;
  saved: boolean;
  counted: boolean;
}

/** Reads a response: the JSON body on 2xx, an ApiError otherwise. */
export async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body as T;
  const shaped = (typeof body === 'object' && body !== null ? body : {}) as { message?: unknown; errors?: unknown };
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(
    response.status,
    typeof shaped.message === 'string' ? shaped.message : response.statusText || `HTTP ${response.status}`,
    Array.isArray(shaped.errors) ? (shaped.errors as FieldError[]) : [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/** `fetch` whose network failure (offline, refused connection) is an ApiError with status 0. */
export async function send(fetcher: Fetch, url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetcher(url, init);
  } catch (error) {
    throw new ApiError(0, (error as Error).message || 'network error');
  }
}

export class Api {
  constructor(
    private readonly config: AppConfig,
    /** The signed-in caller's access token, if any; read at each call so a new sign-in takes effect. */
    private readonly token: () => string | undefined = () => undefined,
    private readonly fetcher: Fetch = (url, init) => fetch(url, init),
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = this.token();
    return { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
  }

  private async get<T>(url: string): Promise<T> {
    return readJson<T>(await send(this.fetcher, url, { headers: this.headers(), cache: 'no-store' }));
  }

  /** POST /events with the ballot; `idempotencyKey` makes a repeat of the same attempt harmless. */
  async submitBallot(ballotId: string, voterId: string, votes: Vote[], idempotencyKey: string): Promise<Accepted> {
    const response = await send(this.fetcher, apiUrl(this.config, 'events', '/events'), {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', 'idempotency-key': idempotencyKey }),
      body: ballotBody(ballotId, voterId, votes),
    });
    return readJson<Accepted>(response);
  }

  async elections(): Promise<Election[]> {
    return (await this.get<{ elections: Election[] }>(apiUrl(this.config, 'elections', '/elections'))).elections;
  }

  async voterBallots(voterId: string): Promise<VoterBallots> {
    return this.get(apiUrl(this.config, 'voters', `/voters/${encodeURIComponent(voterId)}/ballots`));
  }

  async voteStatus(electionId: string, voteId: string): Promise<VoteStatus> {
    const path = `/elections/${encodeURIComponent(electionId)}/votes/${encodeURIComponent(voteId)}`;
    return this.get(apiUrl(this.config, 'elections', path));
  }

  async auditEvents(
    entityType: string,
    entityId: string,
    page: { limit?: number; next?: string } = {},
  ): Promise<AuditPage> {
    const query = new URLSearchParams();
    if (page.limit) query.set('limit', String(page.limit));
    if (page.next) query.set('next', page.next);
    const path = `/audit/${encodeURIComponent(entityType)}/${encodeURIComponent(entityId)}/events`;
    return this.get(apiUrl(this.config, 'audit', `${path}${query.size ? `?${query}` : ''}`));
  }

  /** Every page of a stream, or undefined when the API answers 404 (no such stream, or not yours). */
  async wholeStream(entityType: string, entityId: string): Promise<AuditEnvelope[] | undefined> {
    const events: AuditEnvelope[] = [];
    let next: string | undefined;
    do {
      let page: AuditPage;
      try {
        page = await this.auditEvents(entityType, entityId, { limit: 100, ...(next ? { next } : {}) });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
      events.push(...page.events);
      next = page.next;
    } while (next);
    return events;
  }

  resultsUrl(electionId: string): string {
    return apiUrl(this.config, 'elections', `/elections/${encodeURIComponent(electionId)}/results`);
  }
}

/**
 * The exact body of a ballot attempt. Built in one place because the Idempotency-Key is tied to
 * it: the API refuses (422) a key it saw with a different body.
 */
export function ballotBody(ballotId: string, voterId: string, votes: Vote[]): string {
  return JSON.stringify({ type: DetailType.BallotSubmitted, detail: { ballotId, voterId, votes } });
}
