/**
 * What the workspaces' tests share: fakes for the failure paths, the catalog's example details
 * and the bus events around them. Reached as `@evote/shared/testing`; the package index does
 * not export it, so none of it reaches a Lambda bundle.
 */
export { FakePublisher, capturingLogger, capturingMetrics } from './fakes';
export { fakeDocumentClient, type SentCommand } from './fakeDocumentClient';
export { busEvent, exampleDetail } from './busEvents';
export { describeEntryPoint, type EntryPointSpec } from './entryPoint';
export {
  ballotRejected,
  ballotRequest,
  ballotSubmitted,
  ballotVerified,
  correlationId,
  validDetails,
  voteCast,
  voteRejected,
  voter,
  VOTE_ID_B1_E1,
} from '../contracts/fixtures';
