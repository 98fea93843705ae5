/**
 * Every refusal in words a voter or an auditor can act on: what happened and what to do next.
 * One table per action, because a 404 means "no such ballot" to the tracker and "unknown
 * voter" to the ballot list.
 */
import { BallotRejectionReason, VoteRejectionReason } from '../../../shared/src/names';
import { ApiError } from './api';

export type Action = 'signIn' | 'submit' | 'ballots' | 'elections' | 'track' | 'audit' | 'results';

const NOT_FOUND: Record<Action, string> = {
  signIn: 'The sign-in service was not found.',
  submit: 'The ballot service was not found.',
  ballots: 'No voter with this id is registered.',
  elections: 'No elections were found.',
  track: 'No ballot of yours has this id: it does not exist or it belongs to another voter.',
  audit: 'No event names this entity (or the id is mistyped).',
  results: 'This election was not found.',
};

/** The message for a failed call, in words; `error` is anything a call threw. */
export function describeFailure(error: unknown, action: Action): string {
  if (!(error instanceof ApiError)) return `Something went wrong on this page: ${(error as Error)?.message ?? error}.`;
  const details = error.errors.length ? ` (${error.errors.map(fieldError).join('; ')})` : '';
  switch (error.status) {
    case 0:
      return 'The service cannot be reached. Check your connection and try again.';
    case 400:
      return action === 'submit'
        ? `The ballot was not accepted: ${error.message}${details}.`
        : `The request was not accepted: ${error.message}${details}.`;
    case 401:
      return 'Your sign-in is missing or has expired. Please sign in again.';
    case 403:
      return action === 'submit'
        ? 'You can submit only your own ballot, signed in as its voter.'
        : 'You are signed in, but not allowed to do this.';
    case 404:
      return NOT_FOUND[action];
    case 409:
      return 'Your ballot is still being received. Trying again in a moment.';
    case 413:
      return 'The ballot is too large to send.';
    case 415:
      return 'The page sent the ballot in a format the service does not accept. Reload the page and try again.';
    case 422:
      return 'This attempt was already used for a different choice. Reload the page and submit again.';
    case 429:
      return 'The service is busy. Wait a few seconds and try again.';
    default:
      if (error.status >= 500)
        return `The service had a problem (${error.status}). Nothing is lost: try again in a moment.`;
      return `The request was refused (${error.status}): ${error.message}.`;
  }
}

function fieldError(error: { path?: string; message: string }): string {
  return error.path ? `${error.path} ${error.message}` : error.message;
}

const REASONS: Record<string, string> = {
  [BallotRejectionReason.VoterNotFound]: 'the voter is not on the register',
  [BallotRejectionReason.BallotNotIssued]: 'this ballot was not issued to this voter',
  [BallotRejectionReason.BallotAlreadySubmitted]: 'this ballot had already been submitted',
  [VoteRejectionReason.ElectionNotFound]: 'the election does not exist',
  [VoteRejectionReason.CandidateNotFound]: 'the candidate does not stand in this election',
};

/** A rejection's reason code in words; an unknown code is shown as it is rather than hidden. */
export function reasonInWords(reason: string | undefined): string {
  if (!reason) return 'no reason was given';
  return REASONS[reason] ?? reason.toLowerCase().replace(/_/g, ' ');
}
