/** Contracts of the ballot events: Ballot Submitted, Ballot Verified, Ballot Rejected. */
import type { FromSchema } from 'json-schema-to-ts';
import { BallotRejectionReason, DetailType } from '../names';
import { identifierSchema, instantSchema, messageSchema, voterSchema, votesSchema } from './common';

/** The ballot as the client sent it, without the correlationId the events service assigns. */
export const ballotProperties = {
  ballotId: identifierSchema,
  voterId: identifierSchema,
  votes: votesSchema,
} as const;

/**
 * `acceptedAt` is when the events service accepted the ballot (the instant of its 202). The polls
 * are judged by it, not by when a later service happens to process the ballot.
 */
const submittedProperties = {
  correlationId: identifierSchema,
  ...ballotProperties,
  acceptedAt: instantSchema,
} as const;
const submittedRequired = ['correlationId', 'ballotId', 'voterId', 'votes', 'acceptedAt'] as const;

/** Ballot Submitted (source evote.events): a client's ballot, accepted for verification. */
export const ballotSubmittedSchema = {
  title: DetailType.BallotSubmitted,
  type: 'object',
  additionalProperties: false,
  required: submittedRequired,
  properties: submittedProperties,
} as const;
export type BallotSubmitted = FromSchema<typeof ballotSubmittedSchema>;

/** Ballot Verified (source evote.voters): the ballot was issued to this voter and is now submitted. */
export const ballotVerifiedSchema = {
  title: DetailType.BallotVerified,
  type: 'object',
  additionalProperties: false,
  required: [...submittedRequired, 'voter'],
  properties: { ...submittedProperties, voter: voterSchema },
} as const;
export type BallotVerified = FromSchema<typeof ballotVerifiedSchema>;

/** Ballot Rejected (source evote.voters): the ballot will not be counted, and why. */
export const ballotRejectedSchema = {
  title: DetailType.BallotRejected,
  type: 'object',
  additionalProperties: false,
  required: [...submittedRequired, 'reason', 'message'],
  properties: {
    ...submittedProperties,
    reason: {
      type: 'string',
      enum: [
        BallotRejectionReason.VoterNotFound,
        BallotRejectionReason.BallotNotIssued,
        BallotRejectionReason.BallotAlreadySubmitted,
      ],
    },
    message: messageSchema,
  },
} as const;
export type BallotRejected = FromSchema<typeof ballotRejectedSchema>;
