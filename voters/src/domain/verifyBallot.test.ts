import { EvoteError } from '@evote/shared';
import { FakeRegistry } from '../testing/fakeRegistry';
import { issuedBallot, submission, submittedBallot, voter } from '../testing/fixtures';
import { verifyBallot } from './verifyBallot';

const now = () => new Date('2024-05-01T10:00:00.000Z');

describe('verifyBallot', () => {
  it('submits an ISSUED ballot with this correlationId and time, and verifies it', async () => {
    const registry = new FakeRegistry({ voter, ballot: issuedBallot() });
    const result = await verifyBallot(submission(), { registry, now });
    expect(registry.submissions).toEqual([
      { voterId: 'v00001', ballotId: 'b00001', correlationId: 'corr-1', submittedAt: '2024-05-01T10:00:00.000Z' },
    ]);
    expect(result).toMatchObject({ outcome: 'verified', redelivery: false });
  });

  it('writes nothing for an unknown voter', async () => {
    const registry = new FakeRegistry({ voter: undefined, ballot: undefined });
    const result = await verifyBallot(submission(), { registry, now });
    expect(registry.submissions).toEqual([]);
    expect(result.detail).toMatchObject({ reason: 'VOTER_NOT_FOUND' });
  });

  it('writes nothing for a ballot not issued to this voter', async () => {
    const registry = new FakeRegistry({ voter, ballot: undefined });
    const result = await verifyBallot(submission(), { registry, now });
    expect(registry.submissions).toEqual([]);
    expect(result.detail).toMatchObject({ reason: 'BALLOT_NOT_ISSUED' });
  });

  it('writes nothing when the read already shows the ballot SUBMITTED by this submission', async () => {
    const registry = new FakeRegistry({ voter, ballot: submittedBallot('corr-1') });
    const result = await verifyBallot(submission(), { registry, now });
    expect(registry.submissions).toEqual([]);
    expect(result).toMatchObject({ outcome: 'verified', redelivery: true });
  });

  it('verifies again when the write loses to an earlier delivery of the same submission', async () => {
    const registry = new FakeRegistry(
      { voter, ballot: issuedBallot() },
      { submitted: false, current: submittedBallot('corr-1') },
    );
    const result = await verifyBallot(submission(), { registry, now });
    expect(result).toMatchObject({ outcome: 'verified', redelivery: true });
    expect(result.detail).toMatchObject({ voter: { voterId: 'v00001', fullName: 'Ada Lovelace' } });
  });

  it('rejects with BALLOT_ALREADY_SUBMITTED when the write loses to another submission', async () => {
    const registry = new FakeRegistry(
      { voter, ballot: issuedBallot() },
      { submitted: false, current: submittedBallot('corr-2') },
    );
    const result = await verifyBallot(submission(), { registry, now });
    expect(result.detail).toMatchObject({ reason: 'BALLOT_ALREADY_SUBMITTED' });
  });

  it('rejects with BALLOT_NOT_ISSUED when the ballot vanished before the write', async () => {
    const registry = new FakeRegistry({ voter, ballot: issuedBallot() }, { submitted: false, current: undefined });
    const result = await verifyBallot(submission(), { registry, now });
    expect(result.detail).toMatchObject({ reason: 'BALLOT_NOT_ISSUED' });
  });

  it('throws rather than guess when a failed write reports the ballot still ISSUED', async () => {
    const registry = new FakeRegistry({ voter, ballot: issuedBallot() }, { submitted: false, current: issuedBallot() });
    const failure = verifyBallot(submission(), { registry, now });
    await expect(failure).rejects.toBeInstanceOf(EvoteError);
    await expect(failure).rejects.toMatchObject({ code: 'BALLOT_STATE_CONFLICT' });
  });

  it('passes a store failure through', async () => {
    const registry = new FakeRegistry({ voter, ballot: issuedBallot() });
    jest.spyOn(registry, 'submit').mockRejectedValue(new Error('throttled'));
    await expect(verifyBallot(submission(), { registry, now })).rejects.toThrow('throttled');
  });
});
