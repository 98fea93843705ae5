export {
  validateDetail,
  validateBallotRequest,
  validateAuditEventsQuery,
  validateElectionResultsQuery,
  validateVoteStatusQuery,
  validateVoterBallotsQuery,
  parseBusEvent,
} from './validate';
export type { Validation } from './validate';
