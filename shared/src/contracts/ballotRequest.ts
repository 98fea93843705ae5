/** Contract of the client request body of `POST /events`. */
import type { FromSchema } from 'json-schema-to-ts';
import { DetailType } from '../names';
import { ballotProperties } from './ballot';

/**
 * `{ type: 'Ballot Submitted', detail: {ballotId, voterId, votes} }`. Only ballots come from
 * outside, and the correlationId is the server's to assign, so `detail` must not carry one.
 */
export const ballotRequestSchema = {
  title: 'Ballot Request',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'detail'],
  properties: {
    type: { const: DetailType.BallotSubmitted },
    detail: {
      type: 'object',
      additionalProperties: false,
      required: ['ballotId', 'voterId', 'votes'],
      properties: ballotProperties,
    },
  },
} as const;
export type BallotRequest = FromSchema<typeof ballotRequestSchema>;
