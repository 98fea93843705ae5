/**
 * @evote/voters' front door: what tools outside the service may use. Keys and entity names of
 * the voters table, ballot states, the seed, the conditional ISSUED -> SUBMITTED request (for
 * benchmarks that write as the service does), and the Ballot Verified the service would emit.
 * Anything not exported here is the service's own business.
 */
export { ballotKey, Entity as VotersEntity, voterKey, voterPartition, type ItemKey } from './domain/keys';
export { BallotState, type BallotSubmission } from './domain/model';
export { verified } from './domain/verification';
export { voterSeed, voterSeedItems, type VoterSeed } from './seed';
export { submitBallotRequest } from './store/dynamodb/requests';
export {
  derivedVoterId,
  importedVoterItems,
  judgeRollRow,
  newBallotId,
  rollColumns,
  RollHeaderError,
  type RollColumns,
  type RollVoter,
  type RowVerdict,
} from './domain/roll';
