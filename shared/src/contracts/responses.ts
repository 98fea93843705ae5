/**
 * The bodies the HTTP routes answer with, as JSON Schemas (`as const`) and the types derived
 * from them. The OpenAPI document is built from these; the handlers that build a body check it
 * against its type at compile time. Nothing validates them at run time: a server does not
 * distrust its own answers, so no validator is generated for them. Over 250 lines because every
 * route's body is here, the results' lifecycle fields and the audited events' catalog included.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { BallotState, DetailType } from '../names';
import { ballotRejectedSchema, ballotSubmittedSchema, ballotVerifiedSchema } from './ballot';
import { fullNameSchema, identifierSchema, instantSchema } from './common';
import {
  auditDigestSchema,
  electionCertifiedSchema,
  electionClosedSchema,
  electionOpenedSchema,
  tallySchema,
} from './election';
import { auditEventsQuerySchema } from './queries';
import { voteCastSchema, voteRejectedSchema } from './vote';

/**
 * A response body as a handler may hand it over: deeply read-only, so that the read-only
 * domain values the handlers hold are accepted as they are (a body is only ever serialised).
 */
export type ResponseBody<T> = T extends readonly (infer Item)[]
  ? readonly ResponseBody<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: ResponseBody<T[K]> }
    : T;

/** One problem of a request, at `path` (a JSON pointer from the body or parameter root). */
export const fieldErrorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'message'],
  properties: { path: { type: 'string' }, message: { type: 'string' } },
} as const;

/** What a function answers when it refuses a request or fails: never internal details. */
export const errorResponseSchema = {
  title: 'Error',
  type: 'object',
  additionalProperties: false,
  required: ['message', 'errors'],
  properties: {
    message: { type: 'string' },
    errors: { type: 'array', items: fieldErrorSchema },
    /** On the 5xx of POST /events: the id under which the failure is in the logs. */
    correlationId: identifierSchema,
  },
} as const;
export type ErrorResponse = ResponseBody<FromSchema<typeof errorResponseSchema>>;

/**
 * What API Gateway itself answers (`{"message":"Unauthorized"}`, `Too Many Requests`, `Internal
 * Server Error`) before or instead of a function; the handlers answer a missing caller the same
 * way, so a client sees one 401 whoever refused.
 */
export const gatewayErrorSchema = {
  title: 'Gateway error',
  type: 'object',
  additionalProperties: false,
  required: ['message'],
  properties: { message: { type: 'string' } },
} as const;
export type GatewayError = ResponseBody<FromSchema<typeof gatewayErrorSchema>>;

/** `POST /events` 202: the published Ballot Submitted, correlation id included. */
export const ballotAcceptedResponseSchema = {
  title: 'Ballot accepted',
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'correlationId', 'type', 'detail'],
  properties: {
    eventId: { type: 'string', minLength: 1 },
    correlationId: identifierSchema,
    type: { const: DetailType.BallotSubmitted },
    detail: ballotSubmittedSchema,
  },
} as const;
export type BallotAcceptedResponse = ResponseBody<FromSchema<typeof ballotAcceptedResponseSchema>>;

const electionProperties = {
  electionId: identifierSchema,
  description: { type: 'string' },
  /** The election day, `YYYY-MM-DD`. */
  date: { type: 'string' },
} as const;

/** `GET /elections` 200: every election and its candidates, without tallies. */
export const electionListResponseSchema = {
  title: 'Election list',
  type: 'object',
  additionalProperties: false,
  required: ['elections'],
  properties: {
    elections: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['electionId', 'description', 'date', 'candidates'],
        properties: {
          ...electionProperties,
          candidates: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['candidateId', 'fullName'],
              properties: { candidateId: identifierSchema, fullName: fullNameSchema },
            },
          },
        },
      },
    },
  },
} as const;
export type ElectionListResponse = ResponseBody<FromSchema<typeof electionListResponseSchema>>;

/**
 * `GET /elections/{electionId}/results` 200 (and `GET /audit/elections/{electionId}/results`
 * for auditors): the election's status and its tallies, most votes first. An `after-close`
 * election is embargoed until Election Closed: `embargoed` is true and the candidates come by
 * name without `voteCount`; `turnout` (the votes counted so far) is always shown. Auditors are
 * never embargoed.
 */
export const electionResultsResponseSchema = {
  title: 'Election results',
  type: 'object',
  additionalProperties: false,
  required: [
    'electionId',
    'description',
    'date',
    'lastChangedAt',
    'candidates',
    'status',
    'results',
    'embargoed',
    'turnout',
  ],
  properties: {
    ...electionProperties,
    /**
     * `certified` once Election Certified is recorded, else `closed` once Election Closed is,
     * else `open` once Election Opened is or `opensAt` has passed (always, for an election without
     * a window), else `scheduled`.
     */
    status: { type: 'string', enum: ['scheduled', 'open', 'closed', 'certified'] },
    /** `live`: tallies while the polls are open; `after-close`: turnout only until the close. */
    results: { type: 'string', enum: ['live', 'after-close'] },
    /** True while the candidates' counts are withheld. */
    embargoed: { type: 'boolean' },
    /** Votes counted for this election so far (one per accepted ballot that names it). */
    turnout: { type: 'integer', minimum: 0 },
    /** The polls' window `[opensAt, closesAt)`, when the election has one. */
    opensAt: instantSchema,
    closesAt: instantSchema,
    /** When the election's last vote was counted (ISO 8601, UTC); null before the first. */
    lastChangedAt: { type: ['string', 'null'] },
    candidates: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['candidateId', 'fullName'],
        properties: {
          candidateId: identifierSchema,
          fullName: fullNameSchema,
          /** Absent while embargoed. */
          voteCount: { type: 'integer', minimum: 0 },
        },
      },
    },
    /** Present once certified: the final tallies and the digest of the election's audit stream. */
    certification: {
      type: 'object',
      additionalProperties: false,
      required: ['certifiedAt', 'tallies', 'auditDigest'],
      properties: {
        certifiedAt: instantSchema,
        tallies: { type: 'array', items: tallySchema },
        auditDigest: auditDigestSchema,
      },
    },
  },
} as const;
export type ElectionResultsResponse = ResponseBody<FromSchema<typeof electionResultsResponseSchema>>;

/** `GET /elections/{electionId}/votes/{voteId}` 200: never the candidate, never the voter. */
export const voteStatusResponseSchema = {
  title: 'Vote status',
  type: 'object',
  additionalProperties: false,
  required: ['voteId', 'saved', 'counted'],
  properties: { voteId: identifierSchema, saved: { type: 'boolean' }, counted: { type: 'boolean' } },
} as const;
export type VoteStatusResponse = ResponseBody<FromSchema<typeof voteStatusResponseSchema>>;

/** `GET /voters/{voterId}/ballots` 200: the voter and the ballots issued to them. */
export const voterBallotsResponseSchema = {
  title: 'Voter ballots',
  type: 'object',
  additionalProperties: false,
  required: ['voterId', 'fullName', 'ballots'],
  properties: {
    voterId: identifierSchema,
    fullName: fullNameSchema,
    ballots: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ballotId', 'ballotState'],
        properties: {
          ballotId: identifierSchema,
          ballotState: { type: 'string', enum: [BallotState.Issued, BallotState.Submitted] },
        },
      },
    },
  },
} as const;
export type VoterBallotsResponse = ResponseBody<FromSchema<typeof voterBallotsResponseSchema>>;

/**
 * One event of an audit stream: the EventBridge envelope as the bus delivered it, its detail one
 * of the catalog's, and `revision` in the streams that number their events (ballot, voter).
 */
export const auditedEventSchema = {
  title: 'Audited event',
  type: 'object',
  required: ['id', 'detail-type', 'source', 'time', 'detail'],
  properties: {
    version: { type: 'string' },
    id: { type: 'string' },
    'detail-type': {
      type: 'string',
      enum: [
        DetailType.BallotSubmitted,
        DetailType.BallotVerified,
        DetailType.BallotRejected,
        DetailType.VoteCast,
        DetailType.VoteRejected,
        DetailType.ElectionOpened,
        DetailType.ElectionClosed,
        DetailType.ElectionCertified,
      ],
    },
    source: { type: 'string' },
    account: { type: 'string' },
    time: { type: 'string' },
    region: { type: 'string' },
    resources: { type: 'array', items: { type: 'string' } },
    detail: {
      anyOf: [
        ballotSubmittedSchema,
        ballotVerifiedSchema,
        ballotRejectedSchema,
        voteCastSchema,
        voteRejectedSchema,
        electionOpenedSchema,
        electionClosedSchema,
        electionCertifiedSchema,
      ],
    },
    'replay-name': { type: 'string' },
    revision: { type: 'integer', minimum: 1 },
  },
} as const;

/** `GET /audit/{entityType}/{entityId}/events` 200: one page of a stream, and where the next starts. */
export const auditEventsResponseSchema = {
  title: 'Audit events page',
  type: 'object',
  additionalProperties: false,
  required: ['events'],
  properties: {
    events: { type: 'array', items: auditedEventSchema },
    /** Absent on the last page; passed back as `?next=` for the following one. */
    next: auditEventsQuerySchema.properties.next,
  },
} as const;
export type AuditEventsResponse = ResponseBody<FromSchema<typeof auditEventsResponseSchema>>;
