/**
 * @evote/events' front door: what tools outside the service may use. The intake rule of
 * `POST /events` (which requests become a Ballot Submitted, and why the others are refused), so
 * tests can throw malformed requests at it without a gateway. Anything not exported here is
 * the service's own business.
 */
export {
  isJsonContentType,
  MAX_BODY_BYTES,
  readBallotRequest,
  RefusalReason,
  type Intake,
  type RawRequest,
  type Refusal,
} from './domain/intake';
