/**
 * What a client may send to POST /events, decided without any transport or AWS code: the
 * handler hands over the raw content type and body bytes and gets back either a ballot
 * request or the precise reason it is refused.
 */
import { DetailType, validateBallotRequest, type BallotRequest, type FieldError } from '@evote/shared';

/** Largest body accepted, in bytes (after base64 decoding). Ballots are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Why a request to POST /events is refused (by the intake here, by the ownership rule or by the
 * idempotency rule); the HTTP adapter maps each reason to a status code.
 */
export const RefusalReason = {
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  BodyTooLarge: 'BODY_TOO_LARGE',
  MalformedJson: 'MALFORMED_JSON',
  InvalidBallot: 'INVALID_BALLOT',
  /** The request carries no authorizer claims at all: the route lost its authorizer. */
  Unauthenticated: 'UNAUTHENTICATED',
  /** The token names no voter (an auditor's), or another voter than the ballot's. */
  NotYourBallot: 'NOT_YOUR_BALLOT',
  InvalidIdempotencyKey: 'INVALID_IDEMPOTENCY_KEY',
  /** The key was used before with another body. */
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this key is still being processed. */
  IdempotencyKeyInProgress: 'IDEMPOTENCY_KEY_IN_PROGRESS',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export interface Refusal {
  reason: RefusalReason;
  message: string;
  errors: FieldError[];
}

export type Intake = { accepted: true; request: BallotRequest } | ({ accepted: false } & Refusal);

/** The request as the transport received it. */
export interface RawRequest {
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  /** The body bytes (already base64-decoded), empty when there is no body. */
  body: Uint8Array;
}

/**
 * Decides whether a raw request is an acceptable ballot, checking in order: content type,
 * size, JSON syntax, then the contract (which also rejects any type but Ballot Submitted).
 */
export function readBallotRequest(raw: RawRequest): Intake {
  if (!isJsonContentType(raw.contentType)) {
    return refuse(
      RefusalReason.UnsupportedMediaType,
      'Content-Type must be application/json (charset utf-8, if given)',
    );
  }
  if (raw.body.byteLength > MAX_BODY_BYTES) {
    return refuse(
      RefusalReason.BodyTooLarge,
      `the body is ${raw.body.byteLength} bytes; the limit is ${MAX_BODY_BYTES}`,
    );
  }
  const parsed = parseJson(raw.body);
  if (!parsed.ok) return refuse(RefusalReason.MalformedJson, parsed.message, [{ path: '', message: parsed.message }]);
  return checkBallotRequest(parsed.value);
}

/**
 * True for `application/json`, with or without parameters, as long as a charset, if given, is
 * UTF-8 (JSON exchanged between systems must be UTF-8, RFC 8259). A MISSING content type is
 * refused as well: the client must say what it sends, and a form or text/plain post (what a
 * browser can send cross-site without a preflight) never reaches the parser.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim());
    return name !== 'charset' || ['utf-8', 'utf8', '"utf-8"'].includes(value);
  });
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function parseJson(body: Uint8Array): Parsed {
  if (body.byteLength === 0) return { ok: false, message: 'the body is empty; send a JSON ballot request' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, message: 'the body is not valid UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    // JSON.parse's message says where the syntax broke and contains nothing of ours.
    return { ok: false, message: `the body is not valid JSON: ${(err as Error).message}` };
  }
}

/** Only ballots come from outside: any other `type` is refused with a message that says so. */
function checkBallotRequest(body: unknown): Intake {
  const type = isObject(body) ? body.type : undefined;
  if (typeof type === 'string' && type !== DetailType.BallotSubmitted) {
    const message = `only "${DetailType.BallotSubmitted}" can be submitted; the other event types are emitted by the services`;
    return refuse(RefusalReason.InvalidBallot, message, [{ path: '/type', message }]);
  }
  const validation = validateBallotRequest(body);
  if (validation.ok) return { accepted: true, request: validation.value };
  return refuse(RefusalReason.InvalidBallot, 'the ballot request does not match the contract', validation.errors);
}

function refuse(reason: RefusalReason, message: string, errors: FieldError[] = []): Intake {
  return { accepted: false, reason, message, errors };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
