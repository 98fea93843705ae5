import { BallotRejectionReason, BallotState, DetailType, PublishError, Source, ValidationError } from '@evote/shared';
import type { BusEvent } from '@evote/shared';
import { FakeRegistry } from '../testing/fakeRegistry';
import { InMemoryRegistry } from '../testing/inMemoryRegistry';
import { busEvent, capturingLogger, capturingMetrics, describeEntryPoint, FakePublisher } from '@evote/shared/testing';
import { issuedBallot, submission, submittedBallot, voter } from '../testing/fixtures';
import type { RegistryFacts } from '../domain/model';
import { createBallotSubmittedHandler, handler } from './ballotSubmitted';

function setup(facts: RegistryFacts = { voter, ballot: issuedBallot() }) {
  const registry = new FakeRegistry(facts);
  const publisher = new FakePublisher();
  const { logger, lines, raw } = capturingLogger();
  const { metrics, samples } = capturingMetrics();
  const now = () => new Date('2024-05-01T10:00:00.000Z');
  const run = createBallotSubmittedHandler({ registry, publisher, logger, metrics, now });
  return { run, registry, publisher, lines, raw, samples };
}

const event = (overrides: Partial<BusEvent<typeof DetailType.BallotSubmitted>> = {}) =>
  busEvent(DetailType.BallotSubmitted, overrides);

describe('ballotSubmitted handler', () => {
  it('publishes Ballot Verified for an issued ballot and resolves with nothing', async () => {
    const { run, publisher } = setup();
    await expect(run(event())).resolves.toBeUndefined();
    expect(publisher.published).toEqual([
      { detailType: DetailType.BallotVerified, detail: { ...submission(), voter } },
    ]);
  });

  it('counts a verified ballot once, a rejected one by its reason, nothing that was not published', async () => {
    const verified = setup();
    await verified.run(event());
    expect(verified.samples()).toEqual([
      { name: 'BallotsVerified', value: 1, dimensions: { service: 'test', stage: 'test' } },
    ]);

    const redelivered = setup({ voter, ballot: submittedBallot('corr-1') });
    await redelivered.run(event());
    expect(redelivered.samples()).toEqual([]);

    const rejected = setup({ voter: undefined, ballot: undefined });
    await rejected.run(event());
    expect(rejected.samples()).toEqual([
      { name: 'BallotsRejected', value: 1, dimensions: { service: 'test', stage: 'test', reason: 'VOTER_NOT_FOUND' } },
    ]);

    const unpublished = setup();
    unpublished.publisher.failure = new PublishError('1 of 1 entries failed', []);
    await expect(unpublished.run(event())).rejects.toBeInstanceOf(PublishError);
    expect(unpublished.samples()).toEqual([]);
  });

  it('publishes Ballot Rejected with its reason for an unknown voter', async () => {
    const { run, publisher } = setup({ voter: undefined, ballot: undefined });
    await run(event());
    expect(publisher.published).toEqual([
      {
        detailType: DetailType.BallotRejected,
        detail: { ...submission(), reason: 'VOTER_NOT_FOUND', message: 'Voter v00001 is not registered.' },
      },
    ]);
  });

  it('publishes Ballot Verified again for a redelivery of the submission that won', async () => {
    const { run, publisher, lines } = setup({ voter, ballot: submittedBallot('corr-1') });
    await run(event());
    expect(publisher.published[0]?.detailType).toBe(DetailType.BallotVerified);
    expect(lines()[0]).toMatchObject({ outcome: 'verified', redelivery: true });
  });

  it('logs one line with the correlation id, ids and outcome, never the voter name or the votes', async () => {
    const { run, raw, lines } = setup({ voter, ballot: submittedBallot('corr-0') });
    await run(event());
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        correlationId: 'corr-1',
        ballotId: 'b00001',
        voterId: 'v00001',
        outcome: 'rejected',
        reason: 'BALLOT_ALREADY_SUBMITTED',
      }),
    ]);
    expect(raw.join('\n')).not.toContain(voter.fullName);
    expect(raw.join('\n')).not.toContain('c00001');
  });

  it('throws when publishing fails, after the state change, so the event is retried', async () => {
    const { run, publisher, registry, lines, raw } = setup();
    publisher.failure = new PublishError('1 of 1 entries failed', []);
    await expect(run(event())).rejects.toBeInstanceOf(PublishError);
    expect(registry.submissions).toHaveLength(1);
    expect(lines()).toEqual([expect.objectContaining({ level: 'error', correlationId: 'corr-1' })]);
    expect(raw.join('\n')).not.toContain(voter.fullName);
  });

  it('throws when the store fails and publishes nothing', async () => {
    const { run, registry, publisher } = setup();
    jest.spyOn(registry, 'find').mockRejectedValue(new Error('ProvisionedThroughputExceeded'));
    await expect(run(event())).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(publisher.published).toEqual([]);
  });

  it('throws a ValidationError for a detail that breaks the contract, touching nothing', async () => {
    const { run, registry, publisher } = setup();
    const bad = event({ detail: submission({ votes: [] }) });
    await expect(run(bad)).rejects.toBeInstanceOf(ValidationError);
    expect(registry.submissions).toEqual([]);
    expect(publisher.published).toEqual([]);
  });

  it('throws for another detail-type', async () => {
    const { run } = setup();
    const wrongType = { ...event(), 'detail-type': DetailType.VoteCast };
    await expect(run(wrongType)).rejects.toBeInstanceOf(ValidationError);
  });

  it('throws for a Ballot Submitted from any source but the events service', async () => {
    const { run, publisher } = setup();
    await expect(run(event({ source: Source.Elections }))).rejects.toMatchObject({
      code: 'UNEXPECTED_SOURCE',
    });
    expect(publisher.published).toEqual([]);
  });
});

describeEntryPoint({
  name: 'ballotSubmitted',
  entryPoint: handler,
  event,
  missing: ['EVENT_BUS_NAME', 'VOTERS_TABLE'],
});

describe('ballotSubmitted against a registry with real write semantics', () => {
  function stateful() {
    const registry = new InMemoryRegistry([voter], [issuedBallot()]);
    const publisher = new FakePublisher();
    const { logger } = capturingLogger();
    const { metrics } = capturingMetrics();
    const run = createBallotSubmittedHandler({ registry, publisher, logger, metrics, now: () => new Date(0) });
    return { run, registry, publisher };
  }

  it('verifies on the retry after a publish failure, and the ballot stays submitted by that request', async () => {
    const { run, registry, publisher } = stateful();
    publisher.failure = new PublishError('throttled', []);
    await expect(run(event())).rejects.toBeInstanceOf(PublishError);
    publisher.failure = undefined;
    await run(event());
    expect(publisher.published.map((e) => e.detailType)).toEqual([DetailType.BallotVerified]);
    expect(registry.ballot('v00001', 'b00001')).toMatchObject({
      ballotState: BallotState.Submitted,
      submittedBy: 'corr-1',
    });
  });

  it('verifies exactly one of several concurrent submissions of one ballot', async () => {
    const { run, publisher } = stateful();
    const ids = ['corr-a', 'corr-b', 'corr-c', 'corr-d'];
    await Promise.all(ids.map((correlationId) => run(event({ detail: submission({ correlationId }) }))));
    const outcomes = publisher.published.map((e) => e.detailType);
    expect(outcomes.filter((t) => t === DetailType.BallotVerified)).toHaveLength(1);
    expect(publisher.published.filter((e) => e.detailType === DetailType.BallotRejected)).toHaveLength(3);
    expect(
      publisher.published.filter(
        (e) =>
          e.detailType !== DetailType.BallotVerified &&
          (e.detail as { reason: string }).reason !== BallotRejectionReason.BallotAlreadySubmitted,
      ),
    ).toEqual([]);
  });

  it('publishes the same Ballot Verified for every redelivery of the winning submission', async () => {
    const { run, publisher } = stateful();
    await run(event());
    await run(event());
    await run(event());
    expect(publisher.published).toHaveLength(3);
    expect(new Set(publisher.published.map((e) => JSON.stringify(e))).size).toBe(1);
  });
});
