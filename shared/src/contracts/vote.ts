/** Contracts of the vote events: Vote Cast, Vote Rejected. */
import type { FromSchema } from 'json-schema-to-ts';
import { DetailType, VoteRejectionReason } from '../names';
import { identifierSchema, messageSchema, voterSchema, voteSchema } from './common';

const castProperties = {
  correlationId: identifierSchema,
  voteId: identifierSchema,
  ballotId: identifierSchema,
  voter: voterSchema,
  vote: voteSchema,
} as const;
const castRequired = ['correlationId', 'voteId', 'ballotId', 'voter', 'vote'] as const;

/** Vote Cast (source evote.elections): one vote of a verified ballot, to be saved and counted. */
export const voteCastSchema = {
  title: DetailType.VoteCast,
  type: 'object',
  additionalProperties: false,
  required: castRequired,
  properties: castProperties,
} as const;
export type VoteCast = FromSchema<typeof voteCastSchema>;

/** Vote Rejected (source evote.elections): one vote of a verified ballot that cannot count. */
export const voteRejectedSchema = {
  title: DetailType.VoteRejected,
  type: 'object',
  additionalProperties: false,
  required: [...castRequired, 'reason', 'message'],
  properties: {
    ...castProperties,
    reason: {
      type: 'string',
      enum: [
        VoteRejectionReason.ElectionNotFound,
        VoteRejectionReason.CandidateNotFound,
        VoteRejectionReason.PollsNotOpen,
        VoteRejectionReason.PollsClosed,
      ],
    },
    message: messageSchema,
  },
} as const;
export type VoteRejected = FromSchema<typeof voteRejectedSchema>;
