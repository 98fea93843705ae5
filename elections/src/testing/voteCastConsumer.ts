/**
 * What every Vote Cast consumer owes the bus, whatever it then does with the vote: written once
 * here and run by each consumer's test, so the consumers cannot drift apart.
 */
import { DetailType, Source, ValidationError } from '@evote/shared';
import { busEvent, describeEntryPoint } from '@evote/shared/testing';
import { voteCast } from './fixtures';

export interface VoteCastConsumerUnderTest {
  /** The handler, with fakes behind it. */
  run(event: unknown): Promise<void>;
  /** What it has written so far (votes saved, counts made). */
  written(): readonly unknown[];
}

/**
 * A Vote Cast that breaks the contract, or that comes from any service but elections, throws
 * (so it dead-letters) and writes nothing; the entry point fails loudly without its table.
 */
export function describeVoteCastRefusals(
  name: string,
  setup: () => VoteCastConsumerUnderTest,
  entryPoint: (event: unknown) => Promise<void>,
): void {
  const { vote: _vote, ...withoutVote } = voteCast();
  it.each([
    ['without its vote', withoutVote],
    ['with an invalid vote id', voteCast({ voteId: 'not a valid id!' })],
  ])('throws a ValidationError for a Vote Cast %s, writing nothing', async (_case, detail) => {
    const consumer = setup();
    await expect(consumer.run({ ...busEvent(DetailType.VoteCast), detail })).rejects.toBeInstanceOf(ValidationError);
    expect(consumer.written()).toEqual([]);
  });

  it.each([Source.Events, Source.Voters])('throws for a forged Vote Cast from %s, writing nothing', async (source) => {
    const consumer = setup();
    await expect(consumer.run(busEvent(DetailType.VoteCast, { source }))).rejects.toMatchObject({
      code: 'UNEXPECTED_SOURCE',
    });
    expect(consumer.written()).toEqual([]);
  });

  describeEntryPoint({ name, entryPoint, event: () => busEvent(DetailType.VoteCast), missing: ['ELECTIONS_TABLE'] });
}
