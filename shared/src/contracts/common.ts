/**
 * Building blocks shared by the event schemas. Each is a plain JSON Schema literal (`as const`)
 * so that json-schema-to-ts can derive the TypeScript type from the very object ajv compiles.
 */
import type { FromSchema } from 'json-schema-to-ts';

/** Identifiers (ids, correlationId): short opaque strings, safe in keys, logs and URLs. */
export const IDENTIFIER_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** What {@link IDENTIFIER_PATTERN} means, in words a client can act on. */
export const IDENTIFIER_RULE = "must be 1 to 64 characters: letters, digits, '-' or '_'";

/** A ballot holds at most this many votes (one per election). */
export const MAX_VOTES = 50;

export const identifierSchema = { type: 'string', pattern: IDENTIFIER_PATTERN } as const;

/**
 * An instant, as `Date.prototype.toISOString()` writes it: UTC, milliseconds, `Z`. One spelling,
 * so instants compare as strings and digests over them are stable.
 */
export const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';
export const instantSchema = { type: 'string', pattern: INSTANT_PATTERN } as const;

export const fullNameSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const messageSchema = { type: 'string', minLength: 1, maxLength: 500 } as const;

/** One choice on a ballot: a candidate in an election. */
export const voteSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['electionId', 'candidateId'],
  properties: { electionId: identifierSchema, candidateId: identifierSchema },
} as const;
export type Vote = FromSchema<typeof voteSchema>;

/** The votes of a ballot. "At most one per election" is checked after the schema (see validation). */
export const votesSchema = { type: 'array', minItems: 1, maxItems: MAX_VOTES, items: voteSchema } as const;

/** The voter a ballot belongs to, as the voters service found them. */
export const voterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['voterId', 'fullName'],
  properties: { voterId: identifierSchema, fullName: fullNameSchema },
} as const;
export type Voter = FromSchema<typeof voterSchema>;
