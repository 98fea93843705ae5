/**
 * "At most one vote per election": JSON Schema's uniqueItems compares whole items, so two votes
 * for different candidates in one election would pass. This post-check closes that gap.
 */
import type { FieldError } from '../errors';
import { appendPointer } from './pointer';

/**
 * One error per vote whose election already has an earlier vote on the ballot.
 *
 * @param votes the `votes` value (anything: malformed input is the schema's job, not this one's).
 * @param pointer where `votes` sits, e.g. "/votes" or "/detail/votes".
 */
export function duplicateVoteErrors(votes: unknown, pointer: string): FieldError[] {
  if (!Array.isArray(votes)) return [];
  const firstIndexByElection = new Map<string, number>();
  const errors: FieldError[] = [];
  votes.forEach((vote: unknown, index) => {
    const electionId = electionIdOf(vote);
    if (electionId === undefined) return;
    const first = firstIndexByElection.get(electionId);
    if (first === undefined) {
      firstIndexByElection.set(electionId, index);
      return;
    }
    const firstVote = appendPointer(pointer, first);
    errors.push({
      path: appendPointer(appendPointer(pointer, index), 'electionId'),
      message: `duplicates the vote for election ${JSON.stringify(electionId)} at ${firstVote}: a ballot holds at most one vote per election`,
    });
  });
  return errors;
}

function electionIdOf(vote: unknown): string | undefined {
  if (typeof vote !== 'object' || vote === null) return undefined;
  const electionId = (vote as { electionId?: unknown }).electionId;
  return typeof electionId === 'string' ? electionId : undefined;
}
