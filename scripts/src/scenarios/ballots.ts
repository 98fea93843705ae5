import type { TestStack } from '../testing/harness';

/** The walkthrough's ballots (README), as clients POST them to /events. */
export function ballot(ballotId: string, voterId: string, votes: [string, string][]): unknown {
  return {
    type: 'Ballot Submitted',
    detail: { ballotId, voterId, votes: votes.map(([electionId, candidateId]) => ({ electionId, candidateId })) },
  };
}

export const walkthrough = {
  joe: ballot('49aef2', 'b7a42e', [
    ['6353a9', 'f5484e'],
    ['cc4822', 'ad0031'],
  ]),
  abby: ballot('de2ac4', 'e579df', [
    ['6353a9', '16eb70'],
    ['cc4822', '3391e4'],
  ]),
  robert: ballot('73a342', 'a3aa4f', [
    ['6353a9', '16eb70'],
    ['cc4822', '3391e4'],
  ]),
  joeOld: ballot('2a8c1e', 'b7a42e', [
    ['6353a9', 'f5484e'],
    ['cc4822', 'ad0031'],
  ]),
};

/**
 * The README walkthrough: loads the seed, POSTs the four ballots in order (each must be
 * accepted) and waits until the bus is idle.
 */
export async function runWalkthrough(t: TestStack): Promise<void> {
  await t.seed();
  for (const body of [walkthrough.joe, walkthrough.abby, walkthrough.robert, walkthrough.joeOld]) {
    const response = await t.post('/events', body);
    if (response.status !== 202)
      throw new Error(`walkthrough ballot answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  await t.settle();
}
