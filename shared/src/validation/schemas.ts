/**
 * The schemas compiled into `generated/validators.js`, keyed by the name each validator is
 * exported under. The generator and the runtime wrapper both read this one table, so a schema
 * cannot be added to one and forgotten in the other.
 */
import { ballotRequestSchema, detailSchemas } from '../contracts';
import {
  auditEventsQuerySchema,
  electionResultsQuerySchema,
  voterBallotsQuerySchema,
  voteStatusQuerySchema,
} from '../contracts/queries';

export const compiledSchemas = {
  validateBallotSubmitted: detailSchemas['Ballot Submitted'],
  validateBallotVerified: detailSchemas['Ballot Verified'],
  validateBallotRejected: detailSchemas['Ballot Rejected'],
  validateVoteCast: detailSchemas['Vote Cast'],
  validateVoteRejected: detailSchemas['Vote Rejected'],
  validateElectionOpened: detailSchemas['Election Opened'],
  validateElectionClosed: detailSchemas['Election Closed'],
  validateElectionCertified: detailSchemas['Election Certified'],
  validateBallotRequest: ballotRequestSchema,
  validateAuditEventsQuery: auditEventsQuerySchema,
  validateElectionResultsQuery: electionResultsQuerySchema,
  validateVoteStatusQuery: voteStatusQuerySchema,
  validateVoterBallotsQuery: voterBallotsQuerySchema,
} as const;

export type ValidatorName = keyof typeof compiledSchemas;
