import { DetailType, VoteRejectionReason } from '@evote/shared';
import type { BallotVerified, Vote, VoteCast, VoteRejected } from '@evote/shared';
import type { ElectionCatalog } from './catalog';
import { pollsAt, type PollWindow } from './polls';
import { deriveVoteId } from './voteId';

type RejectionReason = VoteRejected['reason'];

/** What one vote of a verified ballot becomes: a Vote Cast, or a Vote Rejected with its reason. */
export type VoteDecision =
  | { readonly outcome: 'cast'; readonly detailType: typeof DetailType.VoteCast; readonly detail: VoteCast }
  | {
      readonly outcome: 'rejected';
      readonly detailType: typeof DetailType.VoteRejected;
      readonly detail: VoteRejected;
    };

/** One decision per vote of the ballot, in ballot order. */
export function decideVotes(ballot: BallotVerified, catalog: ElectionCatalog): VoteDecision[] {
  return ballot.votes.map((vote) => decideVote(ballot, vote, catalog));
}

/**
 * A vote counts when its election exists, the ballot was accepted while that election's polls
 * were open (by `acceptedAt` only, never the time of processing), and the candidate stands in
 * it. Checked in that order, so one reason is given: the first that applies.
 */
export function decideVote(ballot: BallotVerified, vote: Vote, catalog: ElectionCatalog): VoteDecision {
  const cast = voteCast(ballot, vote);
  if (!catalog.hasElection(vote.electionId)) return rejected(cast, VoteRejectionReason.ElectionNotFound);
  const window = catalog.windowOf(vote.electionId);
  switch (pollsAt(window, ballot.acceptedAt)) {
    case 'notOpen':
      return rejected(cast, VoteRejectionReason.PollsNotOpen, { acceptedAt: ballot.acceptedAt, ...window });
    case 'closed':
      return rejected(cast, VoteRejectionReason.PollsClosed, { acceptedAt: ballot.acceptedAt, ...window });
    case 'open':
      break;
  }
  if (!catalog.hasCandidate(vote)) return rejected(cast, VoteRejectionReason.CandidateNotFound);
  return { outcome: 'cast', detailType: DetailType.VoteCast, detail: cast };
}

/** The Vote Cast detail of one vote: its derived voteId, the ballot, the voter and the vote. */
export function voteCast(ballot: BallotVerified, vote: Vote): VoteCast {
  return {
    correlationId: ballot.correlationId,
    voteId: deriveVoteId(ballot.ballotId, vote.electionId),
    ballotId: ballot.ballotId,
    voter: { voterId: ballot.voter.voterId, fullName: ballot.voter.fullName },
    vote: { electionId: vote.electionId, candidateId: vote.candidateId },
  };
}

/** When a ballot was accepted, and the window it was judged against (for the polls' messages). */
export interface PollsContext extends PollWindow {
  readonly acceptedAt: string;
}

/** The human message of each rejection reason (ids and instants only). */
export function rejectionMessage(vote: Vote, reason: RejectionReason, polls?: PollsContext): string {
  switch (reason) {
    case VoteRejectionReason.ElectionNotFound:
      return `Election ${vote.electionId} does not exist.`;
    case VoteRejectionReason.CandidateNotFound:
      return `Candidate ${vote.candidateId} is not standing in election ${vote.electionId}.`;
    case VoteRejectionReason.PollsNotOpen:
      return polls?.opensAt
        ? `The polls of election ${vote.electionId} open at ${polls.opensAt}; the ballot was accepted at ${polls.acceptedAt}.`
        : `The polls of election ${vote.electionId} were not open yet when the ballot was accepted.`;
    case VoteRejectionReason.PollsClosed:
      return polls?.closesAt
        ? `The polls of election ${vote.electionId} closed at ${polls.closesAt}; the ballot was accepted at ${polls.acceptedAt}.`
        : `The polls of election ${vote.electionId} had closed when the ballot was accepted.`;
  }
}

function rejected(cast: VoteCast, reason: RejectionReason, polls?: PollsContext): VoteDecision {
  return {
    outcome: 'rejected',
    detailType: DetailType.VoteRejected,
    detail: { ...cast, reason, message: rejectionMessage(cast.vote, reason, polls) },
  };
}
