/**
 * Who may read a voter's ballots (`GET /voters/{voterId}/ballots`): the voter themself, or an
 * auditor. Anyone else is answered exactly as for a voter that does not exist, so voter ids
 * cannot be probed; a request with no claims at all is refused outright (the route's authorizer
 * should have stopped it; the handler does not rely on that).
 */
import { isAuditor, type Caller } from '@evote/shared';

/** The decision for one caller and one voter, before anything is read. */
export type VoterAccess = 'anonymous' | 'granted' | 'hidden';

export function voterAccess(caller: Caller | undefined, voterId: string): VoterAccess {
  if (!caller) return 'anonymous';
  return isAuditor(caller) || caller.voterId === voterId ? 'granted' : 'hidden';
}
