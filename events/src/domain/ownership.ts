/**
 * Who may submit a ballot: only the voter it belongs to. The token itself was validated by the
 * HTTP API's jwt authorizer (signature, issuer, audience, lifetime) before the handler runs;
 * these rules decide what a valid token may do here.
 */
import { isAuditor, type Caller } from '@evote/shared';
import { RefusalReason, type Refusal } from './intake';

export type Ownership = { allowed: true; voterId: string } | ({ allowed: false } & Refusal);

/**
 * Whether the caller can submit ballots at all, decided before the body is read.
 *
 * @param caller the caller the authorizer's claims name; undefined when the request carries no
 *   claims at all, which only a route without its authorizer can produce: refused as
 *   unauthenticated, never let through.
 */
export function judgeCaller(caller: Caller | undefined): Ownership {
  if (caller === undefined) return refused(RefusalReason.Unauthenticated, 'Unauthorized');
  if (caller.voterId === undefined) {
    const who = isAuditor(caller) ? "an auditor's token" : 'this token';
    return refused(RefusalReason.NotYourBallot, `${who} names no voter; only a voter can submit a ballot, their own`);
  }
  return { allowed: true, voterId: caller.voterId };
}

/** The single judge of "is this the caller's own ballot?" (`ballotVoterId`: its `detail.voterId`). */
export function judgeOwnership(caller: Caller | undefined, ballotVoterId: string): Ownership {
  const admitted = judgeCaller(caller);
  if (!admitted.allowed || admitted.voterId === ballotVoterId) return admitted;
  // The message names neither voter: the caller knows who they are, and whose ballot it is is
  // none of their business.
  const message = 'a voter can submit only their own ballot; detail.voterId names another voter';
  return refused(RefusalReason.NotYourBallot, message, [
    { path: '/detail/voterId', message: 'must be the voter the token names' },
  ]);
}

function refused(reason: RefusalReason, message: string, errors: Refusal['errors'] = []): Ownership {
  return { allowed: false, reason, message, errors };
}
