import type { Vote } from '@evote/shared';
import type { ElectionCatalog } from './catalog';
import type { CountRecord, VoteRecord } from './records';
import type { ElectionSummary } from './listing';
import type { ElectionRecord } from './results';
import type { VoteStatus } from './voteStatus';
import type { LifecycleChange, LifecycleOutcome } from './lifecycle';

/** Reads which elections and candidates exist (implemented in store/dynamodb). */
export interface CatalogReader {
  /** The catalog of every election and candidate the votes name, read as consistently as possible. */
  loadCatalog(votes: readonly Vote[]): Promise<ElectionCatalog>;
}

/** Where votes are saved. */
export interface VoteBook {
  /** Saves the vote once; 'duplicate' when a vote with this voteId is already saved. */
  save(vote: VoteRecord): Promise<'saved' | 'duplicate'>;
}

/** The candidates' tallies. */
export interface Tally {
  /**
   * Adds the vote to its candidate's voteCount exactly once; 'alreadyCounted' when it was.
   * Throws CandidateNotFoundError when the candidate does not exist.
   */
  count(count: CountRecord): Promise<'counted' | 'alreadyCounted'>;
}

/** The tallies the results route shows, and the lifecycle that decides how much it shows. */
export interface ResultsReader {
  /** The election with its lifecycle and candidates' tallies, or undefined when there is no such election. */
  readResults(electionId: string): Promise<ElectionRecord | undefined>;
}

/** Every election with its candidates, for the ballot page. */
export interface ElectionLister {
  listElections(): Promise<ElectionSummary[]>;
}

/** Whether a vote was saved and counted, read from its own items only. */
export interface VoteStatusReader {
  readVoteStatus(electionId: string, voteId: string): Promise<VoteStatus>;
}

/** Where an election's lifecycle is recorded (on its DETAIL item). */
export interface LifecycleBook {
  /**
   * Records the change once, conditionally: 'unchanged' when the item already holds it or a later
   * state (Election Opened after Election Closed, a second certification). Throws
   * ElectionNotFoundError when there is no such election: nothing is created.
   */
  record(change: LifecycleChange): Promise<LifecycleOutcome>;
}
