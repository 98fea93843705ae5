/**
 * What `GET /elections/{electionId}/votes/{voteId}` tells: whether the vote was saved and
 * whether it was counted. Never the candidate, never the voter: a vote's status is the same for
 * every choice, so it reveals nothing about the choice (ballot secrecy). An unknown voteId reads
 * as saved: false, counted: false, exactly as a vote not processed yet.
 */
export interface VoteStatus {
  voteId: string;
  saved: boolean;
  counted: boolean;
}
