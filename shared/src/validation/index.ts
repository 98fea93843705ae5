export {
  validateDetail,
  validateBallotRequest,
  validateAuditEventsQuery,
  validateElectionResultsQuery,
  parseBusEvent,
} from './validate';
export type { Validation } from './validate';
