import { DetailType, PublishError, Source, ValidationError } from '@evote/shared';
import { catalogOf } from '../domain/catalog';
import type { CatalogReader } from '../domain/ports';
import { busEvent, capturingLogger, describeEntryPoint, FakePublisher } from '@evote/shared/testing';
import { verifiedBallot, VOTE_ID_B1_E1 } from '../testing/fixtures';
import { createBallotVerifiedHandler, handler } from './ballotVerified';

const bothElections = catalogOf({
  elections: [{ electionId: 'e00001' }, { electionId: 'e00002' }],
  candidates: [{ electionId: 'e00001', candidateId: 'c00001' }],
});

function setup(catalog: CatalogReader = { loadCatalog: async () => bothElections }) {
  const publisher = new FakePublisher();
  const { logger, lines, raw } = capturingLogger();
  const run = createBallotVerifiedHandler({ catalog, publisher, logger });
  return { run, publisher, lines, raw };
}

const event = () => busEvent(DetailType.BallotVerified);

describe('ballotVerified handler', () => {
  it('publishes one event per vote, all in one publish call, and resolves with nothing', async () => {
    const { run, publisher } = setup();
    const publish = jest.spyOn(publisher, 'publish');
    await expect(run(event())).resolves.toBeUndefined();
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publisher.published.map((e) => [e.detailType, e.detail])).toEqual([
      [
        DetailType.VoteCast,
        expect.objectContaining({ voteId: VOTE_ID_B1_E1, vote: { electionId: 'e00001', candidateId: 'c00001' } }),
      ],
      [DetailType.VoteRejected, expect.objectContaining({ reason: 'CANDIDATE_NOT_FOUND' })],
    ]);
  });

  it('logs one line with counts and rejection reasons, never the voter name', async () => {
    const { run, lines, raw } = setup();
    await run(event());
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        correlationId: 'corr-1',
        ballotId: 'b00001',
        cast: 1,
        rejected: 1,
        rejections: [{ electionId: 'e00002', reason: 'CANDIDATE_NOT_FOUND' }],
      }),
    ]);
    expect(raw.join('\n')).not.toContain('Ada Lovelace');
  });

  it('throws when publishing fails', async () => {
    const { run, publisher, lines } = setup();
    publisher.failure = new PublishError('1 of 2 entries failed', []);
    await expect(run(event())).rejects.toBeInstanceOf(PublishError);
    expect(lines()).toEqual([expect.objectContaining({ level: 'error', correlationId: 'corr-1' })]);
  });

  it('throws when the catalog cannot be read, publishing nothing', async () => {
    const { run, publisher } = setup({ loadCatalog: async () => Promise.reject(new Error('ThrottlingException')) });
    await expect(run(event())).rejects.toThrow('ThrottlingException');
    expect(publisher.published).toEqual([]);
  });

  it('throws a ValidationError for a ballot without its voter', async () => {
    const { run, publisher } = setup();
    const { voter: _voter, ...withoutVoter } = verifiedBallot();
    const bad = { ...event(), detail: withoutVoter };
    await expect(run(bad)).rejects.toBeInstanceOf(ValidationError);
    expect(publisher.published).toEqual([]);
  });

  it('throws for a Ballot Verified from any source but the voters service', async () => {
    const { run } = setup();
    const forged = busEvent(DetailType.BallotVerified, { source: Source.Events });
    await expect(run(forged)).rejects.toMatchObject({ code: 'UNEXPECTED_SOURCE' });
  });
});

describeEntryPoint({
  name: 'ballotVerified',
  entryPoint: handler,
  event,
  missing: ['EVENT_BUS_NAME', 'ELECTIONS_TABLE'],
});
