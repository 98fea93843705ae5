import seedFile from '../seed/voters.json';
import { BallotState } from './domain/model';
import { ballotKey, Entity, voterKey } from './domain/keys';

/** A voter of the seed data set, with the ballots issued to them. */
export interface VoterSeed {
  voterId: string;
  fullName: string;
  ballots: { ballotId: string; ballotState: BallotState }[];
}

/** The walkthrough's voters (voters/seed/voters.json); JSON types ballotState as any string, so it is checked here. */
export const voterSeed: readonly VoterSeed[] = seedFile.map((voter) => ({
  ...voter,
  ballots: voter.ballots.map((ballot) => ({ ballotId: ballot.ballotId, ballotState: ballotState(ballot.ballotState) })),
}));

function ballotState(value: string): BallotState {
  if (value !== BallotState.Issued && value !== BallotState.Submitted)
    throw new Error(`voters/seed/voters.json: unknown ballotState ${value}`);
  return value;
}

/** The items `yarn run init` writes into the voters table. */
export function voterSeedItems(seed: readonly VoterSeed[] = voterSeed): Record<string, unknown>[] {
  return seed.flatMap((voter) => [
    { ...voterKey(voter.voterId), entity: Entity.Voter, voterId: voter.voterId, fullName: voter.fullName },
    ...voter.ballots.map((ballot) => ({
      ...ballotKey(voter.voterId, ballot.ballotId),
      entity: Entity.Ballot,
      voterId: voter.voterId,
      ballotId: ballot.ballotId,
      ballotState: ballot.ballotState,
    })),
  ]);
}
