import { formatReconciliation } from './report';
import type { Reconciliation } from './reconcile';

const agreeing: Reconciliation = {
  tallies: [{ electionId: 'e1', candidateId: 'c1', voteCount: 2, fromVotes: 2, fromAudit: 2 }],
  counts: { candidates: 1, votes: 2, voteCasts: 2, ballots: 2, verifiedBallots: 2, auditEvents: 6 },
  differences: [],
};

describe('formatReconciliation', () => {
  it('says so when nothing differs', () => {
    const text = formatReconciliation(agreeing, 'the local stack');
    expect(text).toMatch(/^Verified the local stack:/);
    expect(text).toMatch(/e1\s+c1\s+2\s+2\s+2\s+ok/);
    expect(text).toMatch(/No differences/);
  });

  it('lists every difference and marks the tally that differs', () => {
    const drifted: Reconciliation = {
      ...agreeing,
      tallies: [{ electionId: 'e1', candidateId: 'c1', voteCount: 3, fromVotes: 2, fromAudit: 2 }],
      differences: [
        {
          kind: 'tally',
          subject: 'candidate e1/c1',
          detail: 'voteCount 3, 2 saved vote(s), 2 Vote Cast event(s) in the audit log',
        },
      ],
    };
    const text = formatReconciliation(drifted, 'the local stack');
    expect(text).toMatch(/e1\s+c1\s+3\s+2\s+2\s+DIFFERS/);
    expect(text).toMatch(/1 difference\(s\):/);
    expect(text).toMatch(/tally\s+candidate e1\/c1\s+voteCount 3, 2 saved vote\(s\)/);
    expect(text).not.toMatch(/No differences/);
  });
});
