/**
 * The read API's requests: path and query parameters, validated like POST /events bodies.
 * Query-string values arrive as strings, so `limit` is a string of digits here.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { identifierSchema } from './common';

/** Entity types whose history `GET /audit/{entityType}/{entityId}/events` serves. */
export const AUDIT_ENTITY_TYPES = ['ballot', 'voter', 'election', 'candidate'] as const;

/** At most this many events a page. */
export const MAX_PAGE_SIZE = 100;

export const auditEventsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['entityType', 'entityId'],
  properties: {
    entityType: { type: 'string', enum: AUDIT_ENTITY_TYPES },
    entityId: identifierSchema,
    limit: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|100)$' },
    next: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^[A-Za-z0-9_-]+$' },
  },
} as const;
export type AuditEventsQuery = FromSchema<typeof auditEventsQuerySchema>;

export const electionResultsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['electionId'],
  properties: { electionId: identifierSchema },
} as const;
export type ElectionResultsQuery = FromSchema<typeof electionResultsQuerySchema>;

/** `GET /elections/{electionId}/votes/{voteId}`: whether one vote was saved and counted. */
export const voteStatusQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['electionId', 'voteId'],
  properties: { electionId: identifierSchema, voteId: identifierSchema },
} as const;
export type VoteStatusQuery = FromSchema<typeof voteStatusQuerySchema>;

/** `GET /voters/{voterId}/ballots`: a voter and the ballots issued to them. */
export const voterBallotsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['voterId'],
  properties: { voterId: identifierSchema },
} as const;
export type VoterBallotsQuery = FromSchema<typeof voterBallotsQuerySchema>;
