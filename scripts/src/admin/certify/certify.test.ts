import { auditStreamDigest } from '@evote/audit';
import { DetailType, type ElectionCertified } from '@evote/shared';
import { busEvent } from '@evote/shared/testing';
import { certifyElection, describeOutcome, type CertifyDeps, type ElectionChecks } from './certify';
import { concernsElection } from './checks';

const closed = {
  opensAt: '2026-11-03T08:00:00.000Z',
  closesAt: '2026-11-03T20:00:00.000Z',
  closedAt: '2026-11-03T20:00:00.000Z',
};
const stream = [busEvent(DetailType.ElectionOpened), busEvent(DetailType.ElectionClosed)];
const clean: ElectionChecks = {
  differences: [],
  tallies: [
    { candidateId: 'c1', voteCount: 1 },
    { candidateId: 'c2', voteCount: 3 },
  ],
};

function deps(overrides: Partial<CertifyDeps> = {}) {
  const published: ElectionCertified[] = [];
  const checked: string[] = [];
  const all: CertifyDeps = {
    readElection: async () => closed,
    runChecks: async (electionId) => {
      checked.push(electionId);
      return clean;
    },
    readAuditStream: async () => stream,
    publish: async (detail) => {
      published.push(detail);
    },
    now: () => new Date('2026-11-04T09:00:00.000Z'),
    ...overrides,
  };
  return { all, published, checked };
}

describe('certifyElection', () => {
  it('emits Election Certified with the final tallies (most votes first) and the digest of the stream', async () => {
    const { all, published } = deps();
    const outcome = await certifyElection('e1', all);
    const expected = {
      correlationId: 'e1',
      electionId: 'e1',
      certifiedAt: '2026-11-04T09:00:00.000Z',
      tallies: [
        { candidateId: 'c2', voteCount: 3 },
        { candidateId: 'c1', voteCount: 1 },
      ],
      auditDigest: auditStreamDigest(stream),
    };
    expect(outcome).toEqual({ kind: 'certified', detail: expected });
    expect(published).toEqual([expected]);
    expect(describeOutcome('e1', outcome)).toMatchObject({ code: 0, text: expect.stringContaining('certified') });
  });

  it('refuses an election whose Election Closed is not recorded, before running any check', async () => {
    const { all, published, checked } = deps({ readElection: async () => ({ closesAt: closed.closesAt }) });
    const outcome = await certifyElection('e1', all);
    expect(outcome).toEqual({ kind: 'notClosed', closesAt: closed.closesAt });
    expect(describeOutcome('e1', outcome)).toEqual({
      code: 1,
      text: expect.stringMatching(/not closed yet .*close at 2026-11-03T20:00:00.000Z.*Nothing was emitted/),
    });
    expect([published, checked]).toEqual([[], []]);
  });

  it('refuses an unknown election', async () => {
    const { all, published } = deps({ readElection: async () => undefined });
    const outcome = await certifyElection('e9', all);
    expect(describeOutcome('e9', outcome)).toEqual({ code: 1, text: 'There is no election e9; nothing was emitted.' });
    expect(published).toEqual([]);
  });

  it('refuses when verify or rebuild found a difference, and lists it', async () => {
    const differences = [{ kind: 'tally', subject: 'candidate e1/c1 (rebuild)', detail: 'voteCount 2, rebuilt 1' }];
    const { all, published } = deps({ runChecks: async () => ({ ...clean, differences }) });
    const outcome = await certifyElection('e1', all);
    expect(outcome).toEqual({ kind: 'checksFailed', differences });
    expect(describeOutcome('e1', outcome).text).toMatch(/1 difference.*\n.*\[tally\] candidate e1\/c1/);
    expect(published).toEqual([]);
  });

  it('does nothing for an election already certified, and prints that certification', async () => {
    const certification = {
      certifiedAt: '2026-11-04T08:00:00.000Z',
      tallies: clean.tallies,
      auditDigest: auditStreamDigest(stream),
    };
    const { all, published, checked } = deps({ readElection: async () => ({ ...closed, certification }) });
    const outcome = await certifyElection('e1', all);
    expect(outcome).toEqual({ kind: 'alreadyCertified', certification });
    expect(describeOutcome('e1', outcome)).toMatchObject({
      code: 0,
      text: expect.stringContaining(certification.auditDigest.value),
    });
    expect([published, checked]).toEqual([[], []]);
  });

  it('fails (throws) when the bus refuses the event, rather than report a certification', async () => {
    const { all } = deps({ publish: async () => Promise.reject(new Error('PutEvents failed')) });
    await expect(certifyElection('e1', all)).rejects.toThrow('PutEvents failed');
  });
});

describe('concernsElection', () => {
  it("leaves out other elections' tallies only; every other difference blocks", () => {
    const tally = (subject: string) => ({ kind: 'tally', subject, detail: '' });
    expect(concernsElection(tally('candidate e1/c1 (verify)'), 'e1')).toBe(true);
    expect(concernsElection(tally('candidate e12/c1 (verify)'), 'e1')).toBe(false);
    expect(concernsElection({ kind: 'ballot', subject: 'ballot v/b', detail: '' }, 'e1')).toBe(true);
    expect(concernsElection({ kind: 'audit', subject: 'stream x', detail: '' }, 'e1')).toBe(true);
  });
});
