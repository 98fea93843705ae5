import { DetailType } from '../../../shared/src/names';
import type { AuditEnvelope } from './api';
import { foldEvents, isSettled, newTrack, trackSummary, votesToCheck, withVoteStatus } from './tracker';

const ballotId = '49aef2';
const envelope = (type: string, detail: Record<string, unknown>, revision?: number): AuditEnvelope => ({
  id: `${type}-${revision}`,
  'detail-type': type,
  time: '2026-11-03T10:00:00Z',
  detail: { ballotId, ...detail },
  ...(revision ? { revision } : {}),
});
const votes = [
  { electionId: 'e1', candidateId: 'c1' },
  { electionId: 'e2', candidateId: 'c9' },
];
const submitted = envelope(DetailType.BallotSubmitted, { voterId: 'b7a42e', votes }, 1);
const verified = envelope(DetailType.BallotVerified, { voterId: 'b7a42e', votes }, 2);
const cast = (electionId: string, voteId: string, revision: number) =>
  envelope(DetailType.VoteCast, { voteId, vote: { electionId, candidateId: 'c1' } }, revision);

describe('ballot tracker', () => {
  it('knows nothing of a ballot it only has the id of', () => {
    const track = foldEvents(newTrack(ballotId), []);
    expect(track).toMatchObject({ submitted: false, verification: 'waiting', votes: [] });
    expect(isSettled(track)).toBe(false);
    expect(trackSummary(track)).toMatch(/Looking for ballot 49aef2/);
  });

  it('a submitted ballot waits for verification with one waiting vote per election', () => {
    const track = foldEvents(newTrack(ballotId), [submitted]);
    expect(track.submitted).toBe(true);
    expect(track.votes.map((vote) => [vote.electionId, vote.progress])).toEqual([
      ['e1', 'waiting'],
      ['e2', 'waiting'],
    ]);
    expect(trackSummary(track)).toMatch(/waiting for verification/);
  });

  it('follows each vote from cast through saved to counted, and settles when all are counted', () => {
    let track = foldEvents(newTrack(ballotId), [submitted, verified, cast('e1', 'v1', 3), cast('e2', 'v2', 4)]);
    expect(track.verification).toBe('verified');
    expect(votesToCheck(track)).toEqual([
      { electionId: 'e1', voteId: 'v1' },
      { electionId: 'e2', voteId: 'v2' },
    ]);
    track = withVoteStatus(track, { voteId: 'v1', saved: true, counted: true });
    track = withVoteStatus(track, { voteId: 'v2', saved: true, counted: false });
    expect(track.votes.map((vote) => vote.progress)).toEqual(['counted', 'saved']);
    expect(isSettled(track)).toBe(false);
    expect(trackSummary(track)).toBe('Ballot 49aef2 is verified: 1 of 2 votes counted so far.');
    track = withVoteStatus(track, { voteId: 'v2', saved: true, counted: true });
    expect(isSettled(track)).toBe(true);
    expect(votesToCheck(track)).toEqual([]);
  });

  it('never moves a vote back when a later poll answers with an older status', () => {
    let track = foldEvents(newTrack(ballotId), [submitted, cast('e1', 'v1', 3)]);
    track = withVoteStatus(track, { voteId: 'v1', saved: true, counted: true });
    track = withVoteStatus(track, { voteId: 'v1', saved: false, counted: false });
    track = foldEvents(track, [cast('e1', 'v1', 3)]);
    expect(track.votes[0]?.progress).toBe('counted');
  });

  it('reads a Vote Cast logged before its Ballot Verified as verified (revisions follow the log, not causality)', () => {
    const track = foldEvents(newTrack(ballotId), [cast('e1', 'v1', 2), submitted]);
    expect(track).toMatchObject({ submitted: true, verification: 'verified' });
    expect(track.votes.find((vote) => vote.electionId === 'e1')).toMatchObject({ voteId: 'v1', progress: 'cast' });
  });

  it('a rejected ballot is settled, with its reason', () => {
    const rejected = envelope(DetailType.BallotRejected, {
      votes,
      reason: 'BALLOT_ALREADY_SUBMITTED',
      message: 'already',
    });
    const track = foldEvents(newTrack(ballotId, ['e1'], true), [rejected, submitted]);
    expect(track).toMatchObject({ verification: 'rejected', rejection: { reason: 'BALLOT_ALREADY_SUBMITTED' } });
    expect(isSettled(track)).toBe(true);
  });

  it('a rejected vote ends that vote; the others still count', () => {
    const voteRejected = envelope(
      DetailType.VoteRejected,
      { voteId: 'v2', vote: { electionId: 'e2', candidateId: 'zz' }, reason: 'CANDIDATE_NOT_FOUND', message: 'x' },
      4,
    );
    let track = foldEvents(newTrack(ballotId), [submitted, verified, cast('e1', 'v1', 3), voteRejected]);
    track = withVoteStatus(track, { voteId: 'v1', saved: true, counted: true });
    expect(track.votes.map((vote) => [vote.progress, vote.reason])).toEqual([
      ['counted', undefined],
      ['rejected', 'CANDIDATE_NOT_FOUND'],
    ]);
    expect(isSettled(track)).toBe(true);
    expect(trackSummary(track)).toMatch(/1 of 2 votes counted, 1 rejected/);
  });

  it("ignores another ballot's events in the voter's stream, and duplicates", () => {
    const other = { ...submitted, detail: { ...submitted.detail, ballotId: 'ffffff' } };
    const track = foldEvents(newTrack(ballotId), [other, other]);
    expect(track.submitted).toBe(false);
    const twice = foldEvents(newTrack(ballotId), [submitted, submitted, verified, verified]);
    expect(twice.votes).toHaveLength(2);
  });
});
