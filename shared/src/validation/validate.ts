/**
 * Validation with the generated standalone validators: no schema is compiled at runtime, so a
 * cold start pays nothing and the Lambda bundles carry no ajv compiler.
 */
import type { BallotRequest, BusEvent, DetailOf } from '../contracts';
import type { AuditEventsQuery, ElectionResultsQuery, VoterBallotsQuery, VoteStatusQuery } from '../contracts/queries';
import { ValidationError, type FieldError } from '../errors';
import type { DetailType } from '../names';
import * as generated from './generated/validators';
import { normaliseFieldErrors, toFieldErrors } from './messages';
import { pointerTokens } from './pointer';
import { compiledSchemas, type ValidatorName } from './schemas';
import { duplicateVoteErrors } from './uniqueVotes';

/** The outcome of a validation: the (unchanged) value, typed, or every reason it was refused. */
export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const DETAIL_VALIDATORS: { readonly [D in DetailType]: ValidatorName } = {
  'Ballot Submitted': 'validateBallotSubmitted',
  'Ballot Verified': 'validateBallotVerified',
  'Ballot Rejected': 'validateBallotRejected',
  'Vote Cast': 'validateVoteCast',
  'Vote Rejected': 'validateVoteRejected',
  'Election Opened': 'validateElectionOpened',
  'Election Closed': 'validateElectionClosed',
  'Election Certified': 'validateElectionCertified',
};

/**
 * Validates the `detail` of an event against its contract, including "at most one vote per
 * election" for the ballot events.
 *
 * @returns paths relative to the detail, e.g. "/votes/0/electionId". An unknown `type` (only
 *   possible from untyped callers) is reported as an error at "" rather than thrown.
 */
export function validateDetail<D extends DetailType>(type: D, detail: unknown): Validation<DetailOf[D]> {
  if (!Object.hasOwn(DETAIL_VALIDATORS, type)) {
    const message = `has no contract: unknown detail-type ${JSON.stringify(type)}`;
    return { ok: false, errors: [{ path: '', message }] };
  }
  return check<DetailOf[D]>(DETAIL_VALIDATORS[type], detail, '/votes');
}

/**
 * Validates the body of `POST /events`: a Ballot Submitted request without a correlationId.
 *
 * @returns paths from the body root, e.g. "/detail/votes/0"; a body that is not an object gets
 *   one error at "".
 */
export function validateBallotRequest(body: unknown): Validation<BallotRequest> {
  return check<BallotRequest>('validateBallotRequest', body, '/detail/votes');
}

/** Validates the parameters of `GET /audit/{entityType}/{entityId}/events` (paths like "/limit"). */
export function validateAuditEventsQuery(input: unknown): Validation<AuditEventsQuery> {
  return check<AuditEventsQuery>('validateAuditEventsQuery', input, '/votes');
}

/** Validates the parameters of `GET /elections/{electionId}/results`. */
export function validateElectionResultsQuery(input: unknown): Validation<ElectionResultsQuery> {
  return check<ElectionResultsQuery>('validateElectionResultsQuery', input, '/votes');
}

/** Validates the parameters of `GET /elections/{electionId}/votes/{voteId}`. */
export function validateVoteStatusQuery(input: unknown): Validation<VoteStatusQuery> {
  return check<VoteStatusQuery>('validateVoteStatusQuery', input, '/votes');
}

/** Validates the parameters of `GET /voters/{voterId}/ballots`. */
export function validateVoterBallotsQuery(input: unknown): Validation<VoterBallotsQuery> {
  return check<VoterBallotsQuery>('validateVoterBallotsQuery', input, '/votes');
}

/**
 * Checks that an EventBridge event is of the expected detail-type and carries a valid detail.
 * It does not check `source`: the rule that delivered the event already matched on it.
 *
 * @throws ValidationError with paths from the event root ("/detail-type", "/detail/votes/0").
 */
export function parseBusEvent<D extends DetailType>(type: D, event: unknown): BusEvent<D> {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new ValidationError([{ path: '', message: 'must be an object (an EventBridge event)' }]);
  }
  const envelope = event as Record<string, unknown>;
  if (envelope['detail-type'] !== type) {
    const errors = [{ path: '/detail-type', message: `must be ${JSON.stringify(type)}` }];
    const got = JSON.stringify(envelope['detail-type']);
    throw new ValidationError(errors, `expected a ${JSON.stringify(type)} event, got ${got}`);
  }
  const result = validateDetail(type, envelope.detail);
  if (!result.ok) {
    const errors = result.errors.map((error) => ({ path: `/detail${error.path}`, message: error.message }));
    throw new ValidationError(errors, `invalid ${JSON.stringify(type)} event: ${describe(errors)}`);
  }
  return event as BusEvent<D>;
}

function check<T>(name: ValidatorName, data: unknown, votesPointer: string): Validation<T> {
  const validator = generated[name];
  const valid = validator(data);
  const schemaErrors = valid ? [] : toFieldErrors(validator.errors ?? [], compiledSchemas[name]);
  if (!valid && schemaErrors.length === 0) schemaErrors.push({ path: '', message: 'is not valid' });
  const voteErrors = duplicateVoteErrors(valueAt(data, votesPointer), votesPointer);
  const errors = normaliseFieldErrors([...schemaErrors, ...voteErrors]);
  return errors.length === 0 ? { ok: true, value: data as T } : { ok: false, errors };
}

/** The value at a JSON pointer (read the way the ajv code reads it), or undefined. */
function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const token of pointerTokens(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function describe(errors: readonly FieldError[]): string {
  return errors.map((error) => `${error.path} ${error.message}`).join('; ');
}
