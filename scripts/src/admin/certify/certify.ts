/**
 * Certifying one election: the decisions of `yarn admin certify`, apart from where the tables,
 * the log and the bus are. Refuses an unknown election and one whose Election Closed is not
 * recorded; with an existing certification it does nothing (certifying twice is a no-op); then
 * it needs `yarn verify`'s and `yarn run rebuild`'s checks clean for this election before it
 * computes the final tallies and the digest of the election's audit stream and emits Election
 * Certified.
 */
import { auditStreamDigest, type AuditDigest } from '@evote/audit';
import { rankCandidates, type Certification, type ElectionLifecycle } from '@evote/elections';
import type { ElectionCertified } from '@evote/shared';

/** One difference either check found (kind, subject, detail), as `yarn verify` words it. */
export interface CheckDifference {
  kind: string;
  subject: string;
  detail: string;
}

/** What the two checks say about the election. */
export interface ElectionChecks {
  /** Differences of `yarn verify` and `yarn run rebuild` that concern this election. */
  differences: CheckDifference[];
  /** The final count of each of the election's candidates, as the tables and the rebuild agree. */
  tallies: { candidateId: string; voteCount: number }[];
}

export interface CertifyDeps {
  /** The election's lifecycle, or undefined when there is no such election. */
  readElection(electionId: string): Promise<ElectionLifecycle | undefined>;
  runChecks(electionId: string): Promise<ElectionChecks>;
  /** Every event of the election's audit stream, in the order the read API returns them. */
  readAuditStream(electionId: string): Promise<readonly unknown[]>;
  publish(detail: ElectionCertified): Promise<void>;
  now(): Date;
}

export type CertifyOutcome =
  | { kind: 'certified'; detail: ElectionCertified }
  | { kind: 'alreadyCertified'; certification: Certification }
  | { kind: 'notFound' }
  | { kind: 'notClosed'; closesAt?: string }
  | { kind: 'checksFailed'; differences: CheckDifference[] };

export async function certifyElection(electionId: string, deps: CertifyDeps): Promise<CertifyOutcome> {
  const election = await deps.readElection(electionId);
  if (!election) return { kind: 'notFound' };
  if (election.certification) return { kind: 'alreadyCertified', certification: election.certification };
  if (!election.closedAt) return { kind: 'notClosed', ...(election.closesAt ? { closesAt: election.closesAt } : {}) };
  const checks = await deps.runChecks(electionId);
  if (checks.differences.length > 0) return { kind: 'checksFailed', differences: checks.differences };
  const auditDigest: AuditDigest = auditStreamDigest(await deps.readAuditStream(electionId));
  const detail: ElectionCertified = {
    correlationId: electionId,
    electionId,
    certifiedAt: deps.now().toISOString(),
    tallies: rankCandidates(checks.tallies),
    auditDigest,
  };
  await deps.publish(detail);
  return { kind: 'certified', detail };
}

/** The outcome in words, and the exit code: 0 certified or already, 1 refused. */
export function describeOutcome(electionId: string, outcome: CertifyOutcome): { text: string; code: number } {
  switch (outcome.kind) {
    case 'certified':
      return { text: `Election ${electionId} certified.\n${describeCertification(outcome.detail)}`, code: 0 };
    case 'alreadyCertified':
      return {
        text: `Election ${electionId} was already certified; nothing was emitted.\n${describeCertification(outcome.certification)}`,
        code: 0,
      };
    case 'notFound':
      return { text: `There is no election ${electionId}; nothing was emitted.`, code: 1 };
    case 'notClosed':
      return {
        text:
          `Election ${electionId} is not closed yet (no Election Closed is recorded` +
          `${outcome.closesAt ? `; its polls close at ${outcome.closesAt}` : ''}): an election is certified after its close. Nothing was emitted.`,
        code: 1,
      };
    case 'checksFailed':
      return {
        text: [
          `Election ${electionId} was not certified: verify and rebuild found ${outcome.differences.length} difference(s). Nothing was emitted.`,
          ...outcome.differences.map((d) => `  [${d.kind}] ${d.subject}: ${d.detail}`),
        ].join('\n'),
        code: 1,
      };
  }
}

function describeCertification(certification: Certification): string {
  const { auditDigest, certifiedAt, tallies } = certification;
  return [
    `  certified at ${certifiedAt}`,
    ...tallies.map((tally) => `  candidate ${tally.candidateId}: ${tally.voteCount}`),
    `  audit stream digest ${auditDigest.algorithm} ${auditDigest.value} over ${auditDigest.eventCount} event(s)`,
  ].join('\n');
}
