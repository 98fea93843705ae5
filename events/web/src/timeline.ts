/** What the audit timeline shows of each event at a glance (the whole envelope is one click away). */
import { DetailType } from '../../../shared/src/names';
import type { AuditEnvelope } from './api';
import { reasonInWords } from './messages';

export const ENTITY_TYPES = ['ballot', 'voter', 'election', 'candidate'] as const;

type Fact = [label: string, value: string];

function field(detail: Record<string, unknown>, name: string): string | undefined {
  const value = detail[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The facts worth a line each: ids, the vote, a rejection's reason in words. */
export function eventFacts(event: AuditEnvelope): Fact[] {
  const detail = event.detail;
  const facts: Fact[] = [];
  const add = (label: string, value: string | undefined) => value !== undefined && facts.push([label, value]);
  add('Ballot', field(detail, 'ballotId'));
  const voter = detail.voter as Record<string, unknown> | undefined;
  add('Voter', field(detail, 'voterId') ?? (voter ? field(voter, 'voterId') : undefined));
  if (event['detail-type'] === DetailType.BallotSubmitted && Array.isArray(detail.votes))
    add('Votes', String(detail.votes.length));
  add('Vote', field(detail, 'voteId'));
  const vote = detail.vote as Record<string, unknown> | undefined;
  if (vote) {
    add('Election', field(vote, 'electionId'));
    add('Candidate', field(vote, 'candidateId'));
  }
  if (detail.reason !== undefined) add('Reason', reasonInWords(field(detail, 'reason')));
  add('Correlation', field(detail, 'correlationId'));
  return facts;
}
