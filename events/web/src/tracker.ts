/**
 * The ballot tracker's state, folded from the audit events that name the ballot and the status
 * of each vote. Order-independent on purpose: a stream's revisions follow the order the log
 * recorded events, not causality, so a Vote Cast may come before the Ballot Verified it implies.
 */
import { DetailType } from '../../../shared/src/names';
import type { AuditEnvelope, VoteStatus } from './api';

/** How far one vote has come; each step implies the ones before it. */
export type VoteProgress = 'waiting' | 'cast' | 'saved' | 'counted' | 'rejected';
const PROGRESS_ORDER: VoteProgress[] = ['waiting', 'cast', 'saved', 'counted'];

export interface VoteTrack {
  electionId: string;
  voteId?: string;
  progress: VoteProgress;
  reason?: string;
}

export type Verification = 'waiting' | 'verified' | 'rejected';

export interface BallotTrack {
  ballotId: string;
  /** Seen on the bus (or the page's own POST got a 202). */
  submitted: boolean;
  verification: Verification;
  rejection?: { reason?: string; message?: string };
  votes: VoteTrack[];
}

interface VoteDetail {
  electionId?: string;
}

/** A tracker with nothing seen yet; `votes` are the elections the page itself sent, if it sent the ballot. */
export function newTrack(ballotId: string, electionIds: string[] = [], submitted = false): BallotTrack {
  return {
    ballotId,
    submitted,
    verification: 'waiting',
    votes: electionIds.map((electionId) => ({ electionId, progress: 'waiting' })),
  };
}

/** Folds events (from the ballot's stream and the voter's, duplicates allowed) into the track. */
export function foldEvents(track: BallotTrack, events: AuditEnvelope[]): BallotTrack {
  let next: BallotTrack = { ...track, votes: track.votes.map((vote) => ({ ...vote })) };
  for (const event of events) {
    if (event.detail.ballotId !== track.ballotId) continue;
    next = applyEvent(next, event);
  }
  return next;
}

function applyEvent(track: BallotTrack, event: AuditEnvelope): BallotTrack {
  const detail = event.detail;
  switch (event['detail-type']) {
    case DetailType.BallotSubmitted: {
      const votes = Array.isArray(detail.votes) ? (detail.votes as VoteDetail[]) : [];
      for (const vote of votes) if (vote.electionId) voteOf(track, vote.electionId);
      return { ...track, submitted: true };
    }
    case DetailType.BallotVerified:
      return track.verification === 'rejected' ? track : { ...track, submitted: true, verification: 'verified' };
    case DetailType.BallotRejected:
      return {
        ...track,
        submitted: true,
        verification: 'rejected',
        rejection: { reason: text(detail.reason), message: text(detail.message) },
      };
    case DetailType.VoteCast:
    case DetailType.VoteRejected: {
      const electionId = (detail.vote as VoteDetail | undefined)?.electionId;
      if (!electionId) return track;
      const vote = voteOf(track, electionId);
      vote.voteId = text(detail.voteId) ?? vote.voteId;
      if (event['detail-type'] === DetailType.VoteRejected) {
        vote.progress = 'rejected';
        vote.reason = text(detail.reason);
      } else vote.progress = further(vote.progress, 'cast');
      // A vote exists only for a verified ballot, whatever order the log shows them in.
      return { ...track, submitted: true, verification: 'verified' };
    }
    default:
      return track;
  }
}

function voteOf(track: BallotTrack, electionId: string): VoteTrack {
  let vote = track.votes.find((candidate) => candidate.electionId === electionId);
  if (!vote) {
    vote = { electionId, progress: 'waiting' };
    track.votes.push(vote);
  }
  return vote;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The later of two steps: a poll that answers with an older state never moves a vote back. */
function further(current: VoteProgress, seen: VoteProgress): VoteProgress {
  if (current === 'rejected') return current;
  return PROGRESS_ORDER.indexOf(seen) > PROGRESS_ORDER.indexOf(current) ? seen : current;
}

/** The track with one vote's status from `GET /elections/{id}/votes/{voteId}`. */
export function withVoteStatus(track: BallotTrack, status: VoteStatus): BallotTrack {
  return {
    ...track,
    votes: track.votes.map((vote) =>
      vote.voteId === status.voteId
        ? { ...vote, progress: further(vote.progress, status.counted ? 'counted' : status.saved ? 'saved' : 'cast') }
        : vote,
    ),
  };
}

/** The votes whose status is still worth asking for: cast, not yet counted. */
export function votesToCheck(track: BallotTrack): { electionId: string; voteId: string }[] {
  return track.votes.flatMap((vote) =>
    vote.voteId && (vote.progress === 'cast' || vote.progress === 'saved')
      ? [{ electionId: vote.electionId, voteId: vote.voteId }]
      : [],
  );
}

/** Nothing more will happen: rejected, or every vote counted or rejected. */
export function isSettled(track: BallotTrack): boolean {
  if (track.verification === 'rejected') return true;
  return (
    track.verification === 'verified' &&
    track.votes.length > 0 &&
    track.votes.every((vote) => vote.progress === 'counted' || vote.progress === 'rejected')
  );
}

/** One sentence for the live region: where the ballot is now. */
export function trackSummary(track: BallotTrack): string {
  if (track.verification === 'rejected') return `Ballot ${track.ballotId} was rejected.`;
  if (!track.submitted) return `Looking for ballot ${track.ballotId}…`;
  if (track.verification === 'waiting')
    return `Ballot ${track.ballotId} was submitted and is waiting for verification.`;
  const counted = track.votes.filter((vote) => vote.progress === 'counted').length;
  const rejected = track.votes.filter((vote) => vote.progress === 'rejected').length;
  const total = track.votes.length;
  const tail = rejected ? `, ${rejected} rejected` : '';
  if (isSettled(track))
    return `Ballot ${track.ballotId} is verified and complete: ${counted} of ${total} votes counted${tail}.`;
  return `Ballot ${track.ballotId} is verified: ${counted} of ${total} votes counted so far${tail}.`;
}
