import { startTestStack, type TestStack } from '../testing/harness';
import { runWalkthrough } from './ballots';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  await runWalkthrough(t);
});
afterAll(() => t?.stop());

type Page = {
  events: { id: string; 'detail-type': string; detail: { ballotId: string }; revision?: number }[];
  next?: string;
};

async function allPages(path: string, limit: number): Promise<Page['events'][]> {
  const pages: Page['events'][] = [];
  let next: string | undefined;
  do {
    const response = await t.get(`${path}?limit=${limit}${next ? `&next=${next}` : ''}`);
    expect(response.status).toBe(200);
    const page = response.body as Page;
    pages.push(page.events);
    next = page.next;
  } while (next);
  return pages;
}

describe('GET /elections/{electionId}/results', () => {
  it('answers the tallies, most votes first', async () => {
    const response = await t.get('/elections/6353a9/results');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      electionId: '6353a9',
      description: 'City Council Seat 1',
      date: '2022-03-22',
      status: 'open',
      results: 'live',
      embargoed: false,
      turnout: 3,
      opensAt: expect.any(String),
      closesAt: expect.any(String),
      lastChangedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      candidates: [
        { candidateId: '16eb70', fullName: 'Carla C Castano', voteCount: 2 },
        { candidateId: 'f5484e', fullName: 'Beth B Barnes', voteCount: 1 },
      ],
    });
  });

  it('404 for an unknown election, 400 for a malformed id', async () => {
    expect((await t.get('/elections/ffffff/results')).status).toBe(404);
    const bad = await t.get('/elections/not%20an%20id!/results');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ path: '/electionId' }] });
  });
});

describe('GET /audit/{entityType}/{entityId}/events', () => {
  it('returns every event of an election exactly once across pages, in stream order', async () => {
    const pages = await allPages('/audit/election/cc4822/events', 2);
    const events = pages.flat();
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.every((page) => page.length <= 2)).toBe(true);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    const entries = (await t.scan(t.tables.audit)).filter((item) => String(item.pk).startsWith('ELECTION#cc4822#'));
    expect(events.map((event) => event.id).sort()).toEqual(entries.map((entry) => String(entry.eventId)).sort());
    const single = (await t.get('/audit/election/cc4822/events?limit=100')).body as Page;
    expect(single.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });

  it('reads a ballot stream and a voter stream page by page, revisions 1..n each once', async () => {
    const ballot = (await allPages('/audit/ballot/49aef2/events', 1)).flat();
    expect(ballot.map((event) => event.revision)).toEqual([1, 2, 3, 4]);
    expect(ballot.map((event) => event['detail-type']).sort()).toEqual([
      'Ballot Submitted',
      'Ballot Verified',
      'Vote Cast',
      'Vote Cast',
    ]);
    // Joe's voter stream holds both his ballots: 49aef2 (4 events) and the rejected 2a8c1e (2).
    const voter = (await allPages('/audit/voter/b7a42e/events', 4)).flat();
    expect(voter.map((event) => event.revision)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(voter.map((event) => event.id)).size).toBe(6);
    // Election streams carry no revisions (see audit/README.md).
    const [election] = await allPages('/audit/election/cc4822/events', 100);
    expect(election?.every((event) => event.revision === undefined)).toBe(true);
  });

  it('404 for an entity no event names; 400 for a bad type, limit or token', async () => {
    expect((await t.get('/audit/ballot/ffffff/events')).status).toBe(404);
    expect((await t.get('/audit/planet/49aef2/events')).body).toMatchObject({ errors: [{ path: '/entityType' }] });
    expect((await t.get('/audit/ballot/49aef2/events?limit=0')).status).toBe(400);
    expect((await t.get('/audit/ballot/49aef2/events?limit=101')).status).toBe(400);
    expect((await t.get('/audit/ballot/49aef2/events?next=garbage')).body).toMatchObject({
      errors: [{ path: '/next' }],
    });
    const first = (await t.get('/audit/ballot/49aef2/events?limit=1')).body as Page;
    const stolen = await t.get(`/audit/ballot/de2ac4/events?next=${first.next}`);
    expect(stolen.status).toBe(400);
  });
});
