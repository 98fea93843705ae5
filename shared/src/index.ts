/**
 * @evote/shared: the event contracts and the plumbing every evote service shares.
 */
export {
  Source,
  DetailType,
  SourceOf,
  isFromItsSource,
  BallotState,
  BallotRejectionReason,
  VoteRejectionReason,
} from './names';
export type { Vote, Voter, BallotSubmitted, BallotVerified, BallotRejected, VoteCast, VoteRejected } from './contracts';
export type { ElectionOpened, ElectionClosed, ElectionCertified } from './contracts';
export type { BallotRequest, DetailOf, BusEvent } from './contracts';
export { detailSchemas, ballotRequestSchema, IDENTIFIER_PATTERN, IDENTIFIER_RULE } from './contracts';
export { INSTANT_PATTERN, MAX_CANDIDATES } from './contracts';
export {
  validateDetail,
  validateBallotRequest,
  validateAuditEventsQuery,
  validateElectionResultsQuery,
  validateVoteStatusQuery,
  validateVoterBallotsQuery,
  parseBusEvent,
} from './validation';
export { AUDIT_ENTITY_TYPES, MAX_PAGE_SIZE } from './contracts/queries';
export type { AuditEventsQuery, ElectionResultsQuery, VoterBallotsQuery, VoteStatusQuery } from './contracts/queries';
export { jsonResponse, type HttpResponse } from './http';
export type { Validation } from './validation';
export { EvoteError, ValidationError, ConfigError, PublishError } from './errors';
export { isConditionalCheckFailed, cancellationReasons } from './errors';
export type { FieldError, PublishFailure } from './errors';
export { readConfig } from './config';
export { createLogger } from './logger';
export type { Logger } from './logger';
export { documentClient, setDocumentClient } from './dynamo';
export { backoffMs, type Backoff, type Jitter } from './backoff';
export { createPublisher } from './publisher';
export type { PublishEntry, Publisher, PublisherOptions } from './publisher';
export { parseTrustedEvent, lazyHandler } from './lambda';
export { AUDITOR_SCOPE, callerOf, isAuditor } from './identity';
export type { Caller, AuthorizedRequest } from './identity';
export { eventConsumer } from './lambda';
export type { ConsumerSpec } from './lambda';
export { openApiDocument, JWT_SECURITY_SCHEME } from './contracts/openapi';
export type {
  AuditEventsResponse,
  BallotAcceptedResponse,
  ElectionListResponse,
  ElectionResultsResponse,
  ErrorResponse,
  GatewayError,
  ResponseBody,
  VoterBallotsResponse,
  VoteStatusResponse,
} from './contracts/responses';
export { withInvocation } from './logger';
export type { LoggerOptions, Invocation } from './logger';
export type { InvocationContext } from './lambda';
export {
  createMetrics,
  metricsFromEnv,
  parseEmfLine,
  MetricName,
  METRICS_NAMESPACE,
  METRIC_DIMENSIONS,
} from './metrics';
export type { Metrics, MetricDimensions, MetricSample } from './metrics';
