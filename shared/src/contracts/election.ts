/**
 * Contracts of an election's lifecycle: Election Opened, Election Closed (emitted on schedule, by
 * EventBridge Scheduler in AWS and by the local stack's scheduler locally, with the same payload)
 * and Election Certified (emitted by `yarn admin certify` once verify and rebuild are clean).
 * Their correlationId is the electionId: the lifecycle of one election is one story.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { DetailType } from '../names';
import { identifierSchema, instantSchema } from './common';

/** An election holds at most this many candidates (one tally each in Election Certified). */
export const MAX_CANDIDATES = 200;

const scheduledProperties = {
  correlationId: identifierSchema,
  electionId: identifierSchema,
  /** The instant the definition file scheduled (opensAt or closesAt), not when it was delivered. */
  scheduledAt: instantSchema,
} as const;
const scheduledRequired = ['correlationId', 'electionId', 'scheduledAt'] as const;

/** Election Opened (source evote.elections): the polls of one election are open. */
export const electionOpenedSchema = {
  title: DetailType.ElectionOpened,
  type: 'object',
  additionalProperties: false,
  required: scheduledRequired,
  properties: scheduledProperties,
} as const;
export type ElectionOpened = FromSchema<typeof electionOpenedSchema>;

/** Election Closed (source evote.elections): the polls of one election are closed. */
export const electionClosedSchema = {
  title: DetailType.ElectionClosed,
  type: 'object',
  additionalProperties: false,
  required: scheduledRequired,
  properties: scheduledProperties,
} as const;
export type ElectionClosed = FromSchema<typeof electionClosedSchema>;

/** One candidate's final count. */
export const tallySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['candidateId', 'voteCount'],
  properties: { candidateId: identifierSchema, voteCount: { type: 'integer', minimum: 0 } },
} as const;

/**
 * The SHA-256 digest of the election's audit stream, in the canonical order documented in
 * docs/certification.md, so anyone holding the log can recompute it.
 */
export const auditDigestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['algorithm', 'value', 'eventCount'],
  properties: {
    algorithm: { type: 'string', const: 'SHA-256' },
    value: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    eventCount: { type: 'integer', minimum: 0 },
  },
} as const;

/** Election Certified (source evote.elections): the result is final. */
export const electionCertifiedSchema = {
  title: DetailType.ElectionCertified,
  type: 'object',
  additionalProperties: false,
  required: ['correlationId', 'electionId', 'certifiedAt', 'tallies', 'auditDigest'],
  properties: {
    correlationId: identifierSchema,
    electionId: identifierSchema,
    certifiedAt: instantSchema,
    tallies: { type: 'array', maxItems: MAX_CANDIDATES, items: tallySchema },
    auditDigest: auditDigestSchema,
  },
} as const;
export type ElectionCertified = FromSchema<typeof electionCertifiedSchema>;
