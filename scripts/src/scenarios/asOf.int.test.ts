import { startTestStack, type TestStack } from '../testing/harness';
import { runCommand } from '../testing/commands';
import type { BallotRow, ElectionResult } from '../inspect/queries';
import { walkthrough } from './ballots';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  await t.seed();
});
afterAll(() => t?.stop());

const tally = (results: ElectionResult[]) =>
  Object.fromEntries(
    results.flatMap((election) => election.candidates.map((candidate) => [candidate.fullName, candidate.voteCount])),
  );

describe('yarn inspect --as-of', () => {
  it('an instant between two ballots shows the tallies and ballot states between them', async () => {
    await t.post('/events', walkthrough.joe);
    await t.settle();
    const between = t.stack.archive
      .list()
      .map(({ event }) => event.time)
      .sort()
      .at(-1) as string;
    // EventBridge times are to the second: the second ballot must land in a later second.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(between) + 1100 - Date.now())));
    await t.post('/events', walkthrough.abby);
    await t.settle();

    const asOf = async <T>(view: string, at: string) =>
      JSON.parse(await runCommand(t, 'inspect.ts', [view, '--as-of', at, '--json'])) as T;
    const resultsBetween = await asOf<ElectionResult[]>('results', between);
    expect(tally(resultsBetween)).toEqual({
      'Beth B Barnes': 1,
      'Carla C Castano': 0,
      'Delores D Dumfries': 1,
      'Elena E Espinoza': 0,
    });
    // Ranked by the counts at that instant, as the results page ranks them: Beth (f5484e) before Carla (16eb70).
    expect(resultsBetween.map((election) => election.candidates.map((candidate) => candidate.fullName))).toEqual([
      ['Beth B Barnes', 'Carla C Castano'],
      ['Delores D Dumfries', 'Elena E Espinoza'],
    ]);
    expect(tally(await asOf<ElectionResult[]>('results', new Date().toISOString()))).toEqual({
      'Beth B Barnes': 1,
      'Carla C Castano': 1,
      'Delores D Dumfries': 1,
      'Elena E Espinoza': 1,
    });
    expect(tally(await asOf<ElectionResult[]>('results', '2000-01-01T00:00:00Z'))).toEqual({
      'Beth B Barnes': 0,
      'Carla C Castano': 0,
      'Delores D Dumfries': 0,
      'Elena E Espinoza': 0,
    });
    const states = Object.fromEntries(
      (await asOf<BallotRow[]>('ballots', between)).map((row) => [row.ballotId, row.ballotState]),
    );
    expect(states).toEqual({ '2a8c1e': 'SUBMITTED', '49aef2': 'SUBMITTED', de2ac4: 'ISSUED', '73a342': 'ISSUED' });
  });
});
