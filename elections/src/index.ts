/**
 * @evote/elections' front door: what tools outside the service may use. Keys and entity names
 * of the elections table and how tallies are sharded and summed, the vote id rule, the seed, election definitions (format, parser, checks), the records and requests that save and
 * count a vote and the store that sends them (for benchmarks that write as the service does), and the Vote Cast the fan-out
 * would emit. Anything not exported here is the service's own business.
 */
export {
  allShards,
  CANDIDATE_PREFIX,
  candidateKey,
  countMarkerKey,
  electionKey,
  electionPartition,
  electionPartitions,
  Entity as ElectionsEntity,
  markerPartition,
  shardOf,
  TALLY_SHARDS,
  tallyKey,
  tallyKeyOfVote,
  tallyPartition,
  voteKey,
  votePartition,
  type ItemKey,
} from './domain/keys';
export { candidateLabelOf, emptyTallyShards, sumTallyShards, type CandidateCount } from './domain/tallies';
export { deriveVoteId } from './domain/voteId';
export { voteCast } from './domain/fanOut';
export { countRecord, voteRecord, type CountRecord, type VoteRecord } from './domain/records';
export {
  definedElection,
  ELECTION_SEED_FILE,
  electionSeed,
  electionSeedItems,
  SEED_WINDOW,
  type ElectionSeed,
} from './seed';
export { catalogEntry } from './domain/keys';
export {
  checkDefinition,
  electionAttributes,
  electionDefinitionSchema,
  electionDigest,
  RESULTS_POLICIES,
  type DefinedElection,
  type DefinitionProblem,
  type ElectionDefinition,
  type ResultsPolicy,
} from './domain/definition';
export { describeProblems, parseDefinitionText, type PlacedProblem } from './domain/definitionFile';
export { countVoteRequest, putVoteRequest } from './store/dynamodb/requests';
export { DynamoElectionStore, type DynamoElectionStoreOptions } from './store/dynamodb/electionStore';
export { classifyCountFailure, type CountFailure } from './store/dynamodb/countFailure';
export { retryPolicy, type RetryOptions, type RetryPolicy } from './store/dynamodb/retry';
export {
  ElectionStatus,
  isEmbargoed,
  ResultsMode,
  statusOf,
  type Certification,
  type ElectionLifecycle,
} from './domain/lifecycle';
export { pollsAt, type PollWindow } from './domain/polls';
export { rankCandidates } from './domain/results';
export { candidateItems, lifecycleOf } from './store/dynamodb/results';
