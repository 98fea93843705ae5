/**
 * The three pages in a real browser (chromium) on one local test stack with the seed, as people
 * use them: a voter votes and watches every vote counted while the results move without a
 * reload; another voter's ballot is refused; a double click or a retry after a lost answer
 * submits one ballot; an auditor pages through a ballot's history; an `after-close` election
 * shows its turnout only until Election Closed. Every state a person meets is
 * checked for serious accessibility violations, and the README's screenshots
 * (docs/screenshots/{voter,results,audit}.png) are taken here, so they show the pages as they are.
 * One stack and one browser for the whole file: starting either costs more than the tests.
 *
 * Over 250 lines because each browser scenario drives a whole page flow; they share one stack and one browser.
 */
import type { Page, Response } from 'playwright-core';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { electionSeedItems } from '@evote/elections';
import { BallotState, DetailType, Source } from '@evote/shared';
import { voterSeedItems } from '@evote/voters';
import { startTestStack, submittedEventIds, type TestStack } from '../testing/harness';
import {
  describeViolations,
  launchBrowser,
  saveScreenshot,
  seriousAccessibilityViolations,
  type TestBrowser,
} from '../testing/browser';
import { walkthrough } from '../scenarios/ballots';
import { ensureWebBuilt } from './build';

const JOE = 'b7a42e';
const ROBERT = 'a3aa4f';
const COUNCIL = '6353a9';
const MAYOR = 'cc4822';
const ELECTIONS = [COUNCIL, MAYOR];
const CANDIDATES = {
  beth: { candidateId: 'f5484e', fullName: 'Beth B Barnes' },
  carla: { candidateId: '16eb70', fullName: 'Carla C Castano' },
  delores: { candidateId: 'ad0031', fullName: 'Delores D Dumfries' },
  elena: { candidateId: '3391e4', fullName: 'Elena E Espinoza' },
};

/** The audit test sends Joe's counted ballot again this many times: each is Submitted + Rejected. */
const RETRIES = 4;
/** The history: Submitted, Verified, a Vote Cast per election, then two events per retry. */
const EVENTS = 4 + 2 * RETRIES;
const PAGE_SIZE = 10;

let t: TestStack;
let browser: TestBrowser;
beforeAll(async () => {
  // The browser first: a missing chromium fails before a stack is started for nothing.
  browser = await launchBrowser();
  await ensureWebBuilt();
  t = await startTestStack();
  await t.seed();
});
afterEach(async () => {
  await browser.closePages();
  browser.expectNoPageErrors();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const url = (path: string) => `${t.stack.urls.http}${path}`;

async function expectAccessible(page: Page): Promise<void> {
  const violations = await seriousAccessibilityViolations(page);
  if (violations.length)
    throw new Error(
      `${new URL(page.url()).pathname}: serious accessibility violations\n${describeViolations(violations)}`,
    );
}

/** A fresh browser (own sessionStorage) signed in as a seed voter on the voter page. */
async function signedIn(voterId: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url('/'));
  await page.getByTestId('sign-in-form').waitFor();
  await expectAccessible(page);
  await page.getByLabel('Voter', { exact: true }).selectOption(voterId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByTestId('signed-in-as')
    .filter({ hasText: `(${voterId})` })
    .waitFor();
  return page;
}

const isBallotPost = (response: Response) =>
  response.request().method() === 'POST' && new URL(response.url()).pathname === '/events';

async function votesOn(page: Page, candidateId: string): Promise<number> {
  return Number(await page.getByTestId(`candidate-${candidateId}`).getAttribute('data-votes'));
}

/** Waits until the results page shows this many votes for the candidate. */
async function showsVotes(page: Page, candidateId: string, votes: number): Promise<void> {
  await page.locator(`[data-testid="candidate-${candidateId}"][data-votes="${votes}"]`).waitFor();
}

async function expectCountedEverywhere(page: Page): Promise<void> {
  await page.locator('[data-testid="tracker"][data-state="settled"]').waitFor();
  expect(await page.getByTestId('step-submitted').getAttribute('data-state')).toBe('done');
  expect(await page.getByTestId('step-verified').getAttribute('data-state')).toBe('done');
  for (const electionId of ELECTIONS)
    expect(await page.getByTestId(`vote-${electionId}`).getAttribute('data-state')).toBe('counted');
}

/** A candidate's tally from the public results route. */
async function tally(electionId: string, candidateId: string): Promise<number> {
  const { body } = await t.get(`/elections/${electionId}/results`);
  const { candidates } = body as { candidates: { candidateId: string; voteCount: number }[] };
  const candidate = candidates.find((entry) => entry.candidateId === candidateId);
  if (!candidate) throw new Error(`no candidate ${candidateId} in election ${electionId}`);
  return candidate.voteCount;
}

/** One data attribute of every event the timeline shows, in order. */
async function shown(page: Page, attribute: 'data-revision' | 'data-type'): Promise<(string | null)[]> {
  const items = await page.getByTestId('timeline-event').all();
  return Promise.all(items.map((item) => item.getAttribute(attribute)));
}

async function revisionsShown(page: Page): Promise<number[]> {
  return (await shown(page, 'data-revision')).map(Number);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

it('a voter votes and sees every vote counted; the results page, open since before, shows it without a reload', async () => {
  const results = await browser.newPage();
  await results.goto(url('/results'));
  await results.getByTestId(`candidate-${CANDIDATES.beth.candidateId}`).waitFor();
  const before = {
    beth: await votesOn(results, CANDIDATES.beth.candidateId),
    delores: await votesOn(results, CANDIDATES.delores.candidateId),
  };
  let navigations = 0;
  results.on('framenavigated', (frame) => {
    if (frame === results.mainFrame()) navigations++;
  });
  // A reload would drop this; the same document must still be there at the end.
  await results.evaluate('window.openedBeforeTheVote = true');

  const voter = await signedIn(JOE);
  await voter.getByTestId('ballot-form').waitFor();
  await voter.getByTestId(`election-${COUNCIL}`).getByRole('radio', { name: CANDIDATES.beth.fullName }).check();
  await voter.getByTestId(`election-${MAYOR}`).getByRole('radio', { name: CANDIDATES.delores.fullName }).check();
  await expectAccessible(voter);
  const posted = voter.waitForResponse(isBallotPost);
  await voter.getByRole('button', { name: 'Submit ballot' }).click();
  expect((await posted).status()).toBe(202);

  await expectCountedEverywhere(voter);
  expect(await voter.getByTestId('tracker').getAttribute('data-ballot-id')).toBe('49aef2');
  expect(await voter.getByTestId('ballot-49aef2').getAttribute('data-state')).toBe('SUBMITTED');
  await expectAccessible(voter);
  await saveScreenshot(voter, 'voter');

  await showsVotes(results, CANDIDATES.beth.candidateId, before.beth + 1);
  await showsVotes(results, CANDIDATES.delores.candidateId, before.delores + 1);
  expect(await results.getByTestId(`total-${COUNCIL}`).textContent()).toMatch(/\d+ votes? in total/);
  expect(await results.getByTestId(`last-change-${COUNCIL}`).textContent()).toMatch(/^Last change /);
  expect(navigations).toBe(0);
  expect(await results.evaluate('window.openedBeforeTheVote')).toBe(true);
  await expectAccessible(results);
});

it("a voter cannot see another voter's ballot: the page says so and the API refused", async () => {
  expect((await t.post('/events', walkthrough.abby)).status).toBe(202);
  await t.settle();
  // The ballot exists and has a history: the refusal below is about whose it is.
  expect((await t.get('/audit/ballot/de2ac4/events', { as: 'auditor' })).status).toBe(200);

  const joe = await signedIn(JOE);
  const refused = joe.waitForResponse((response) => new URL(response.url()).pathname === '/audit/ballot/de2ac4/events');
  await joe.goto(url('/?ballot=de2ac4'));
  expect((await refused).status()).toBe(404);
  await joe.locator('[data-testid="tracker"][data-state="not-found"]').waitFor();
  expect(await joe.getByTestId('tracker-status').textContent()).toMatch(/belongs to another voter/);
  // Nothing of Abby's choices reaches the page.
  expect(await joe.locator('[data-testid^="vote-"]').count()).toBe(0);
  await expectAccessible(joe);
});

it('a double click on submit sends one ballot, counted once', async () => {
  const carlaBefore = await tally(COUNCIL, CANDIDATES.carla.candidateId);

  const robert = await signedIn(ROBERT);
  await robert.getByTestId('ballot-form').waitFor();
  await robert.getByTestId(`election-${COUNCIL}`).getByRole('radio', { name: CANDIDATES.carla.fullName }).check();
  await robert.getByTestId(`election-${MAYOR}`).getByRole('radio', { name: CANDIDATES.elena.fullName }).check();
  const answers: { status: number; eventId: string }[] = [];
  robert.on('response', (response) => {
    if (isBallotPost(response))
      void response
        .json()
        .then((body: { eventId: string }) => answers.push({ status: response.status(), eventId: body.eventId }));
  });
  await robert.getByRole('button', { name: 'Submit ballot' }).dblclick();
  await expectCountedEverywhere(robert);
  await t.settle();

  expect(answers.length).toBeGreaterThanOrEqual(1);
  // Any second request is the same attempt: the first answer replayed, not a second submission.
  expect(answers.every((answer) => answer.status === 202 && answer.eventId === answers[0]?.eventId)).toBe(true);
  expect(submittedEventIds(t, '73a342')).toHaveLength(1);
  const carlaAfter = await tally(COUNCIL, CANDIDATES.carla.candidateId);
  expect(carlaAfter).toBe(carlaBefore + 1);

  // The README's picture of the results, taken once every ballot of this file is counted.
  const results = await browser.newPage();
  await results.goto(url('/results'));
  await showsVotes(results, CANDIDATES.carla.candidateId, carlaAfter);
  await saveScreenshot(results, 'results');
});

it('a retry after a lost answer sends the same ballot again and it is submitted once', async () => {
  // Back to the seed, so Joe's ballot is issued again; the bus's archive keeps what it had.
  await t.seed();
  const submittedBefore = submittedEventIds(t, '49aef2').length;
  const joe = await signedIn(JOE);
  await joe.getByTestId('ballot-form').waitFor();
  await joe.getByTestId(`election-${COUNCIL}`).getByRole('radio', { name: CANDIDATES.beth.fullName }).check();
  // The first POST reaches the API, which accepts it; its answer is lost on the way back.
  let answerLost = false;
  await joe.route(
    (address) => address.pathname === '/events',
    async (route) => {
      if (answerLost || route.request().method() !== 'POST') return route.continue();
      answerLost = true;
      await route.fetch();
      await route.abort('connectionreset');
    },
  );
  await joe.getByRole('button', { name: 'Submit ballot' }).click();
  await joe.getByTestId('message').filter({ hasText: 'cannot be reached' }).waitFor();
  expect(browser.takePageErrors()).toEqual([expect.stringMatching(/ERR_CONNECTION_RESET/)]);
  await t.settle();
  const submitted = submittedEventIds(t, '49aef2').slice(submittedBefore);
  expect(submitted).toHaveLength(1);

  const retried = joe.waitForResponse(isBallotPost);
  await joe.getByRole('button', { name: 'Submit ballot' }).click();
  const answer = await retried;
  expect(answer.status()).toBe(202);
  expect(await answer.headerValue('idempotent-replayed')).toBe('true');
  expect(((await answer.json()) as { eventId: string }).eventId).toBe(submitted[0]);
  await joe.locator('[data-testid="tracker"][data-state="settled"]').waitFor();
  expect(await joe.getByTestId(`vote-${COUNCIL}`).getAttribute('data-state')).toBe('counted');
  await t.settle();
  expect(submittedEventIds(t, '49aef2').slice(submittedBefore)).toEqual(submitted);
  expect(await tally(COUNCIL, CANDIDATES.beth.candidateId)).toBe(1);
});

it("an auditor signs in and pages through a ballot's history, revisions 1..n in order", async () => {
  // From the seed (the audit log emptied): Joe's vote, then his ballot sent again and rejected.
  await t.seed();
  expect((await t.post('/events', walkthrough.joe)).status).toBe(202);
  // The vote goes through first, so its four events are the history's first four.
  await t.settle();
  for (let retry = 0; retry < RETRIES; retry++) expect((await t.post('/events', walkthrough.joe)).status).toBe(202);
  await t.settle();

  const page = await browser.newPage();
  await page.goto(url('/audit'));
  await page.getByTestId('auditor-sign-in').waitFor();
  await expectAccessible(page);
  await page.getByTestId('auditor-sign-in').click();

  await page.getByLabel('Entity type').selectOption('ballot');
  await page.getByLabel('Entity id').fill('49aef2');
  await page.getByLabel('Events per page').selectOption(String(PAGE_SIZE));
  await page.getByRole('button', { name: 'Show history' }).click();
  const status = page.getByTestId('timeline-status');
  await status.filter({ hasText: 'Page 1:' }).waitFor();
  expect(await status.textContent()).toBe(`Page 1: events 1 to ${PAGE_SIZE}, more follow.`);
  expect(await revisionsShown(page)).toEqual(range(1, PAGE_SIZE));
  const types = await shown(page, 'data-type');
  expect(types.slice(0, 4).sort()).toEqual(['Ballot Submitted', 'Ballot Verified', 'Vote Cast', 'Vote Cast']);
  expect(types).toContain('Ballot Rejected');
  expect(await page.getByTestId('previous-page').isDisabled()).toBe(true);
  await expectAccessible(page);
  await saveScreenshot(page, 'audit');

  await page.getByTestId('next-page').click();
  await status.filter({ hasText: 'Page 2:' }).waitFor();
  expect(await status.textContent()).toBe(`Page 2: events ${PAGE_SIZE + 1} to ${EVENTS}, the last.`);
  expect(await revisionsShown(page)).toEqual(range(PAGE_SIZE + 1, EVENTS));
  expect(await page.getByTestId('next-page').isDisabled()).toBe(true);

  await page.getByTestId('previous-page').click();
  await status.filter({ hasText: 'Page 1:' }).waitFor();
  expect(await revisionsShown(page)).toEqual(range(1, PAGE_SIZE));
});

it('an after-close election shows its turnout only while the polls are open, then the counts once closed', async () => {
  const election = { electionId: 'ab0c01', description: 'Harbour Board' };
  const candidate = { candidateId: 'ab0c11', fullName: 'Hana H Hale' };
  const voter = { voterId: 'ab0c21', fullName: 'Ivo I Ives' };
  const opensAt = new Date(Date.now() - 60_000).toISOString();
  const closesAt = new Date(Date.now() + 8_000).toISOString();
  const items = [
    ...electionSeedItems([
      { ...election, date: opensAt.slice(0, 10), opensAt, closesAt, results: 'after-close', candidates: [candidate] },
    ]).map((item) => ({ table: t.tables.elections, item })),
    ...voterSeedItems([{ ...voter, ballots: [{ ballotId: 'ab0c31', ballotState: BallotState.Issued }] }]).map(
      (item) => ({ table: t.tables.voters, item }),
    ),
  ];
  for (const { table, item } of items) await t.db.send(new PutCommand({ TableName: table, Item: item }));
  const ballot = {
    type: DetailType.BallotSubmitted,
    detail: {
      ballotId: 'ab0c31',
      voterId: voter.voterId,
      votes: [{ electionId: election.electionId, candidateId: candidate.candidateId }],
    },
  };
  expect((await t.post('/events', ballot, { as: { voter: voter.voterId } })).status).toBe(202);
  await t.settle();

  const page = await browser.newPage();
  await page.goto(url('/results'));
  const embargo = page.getByTestId(`embargo-${election.electionId}`);
  await embargo.filter({ hasText: '1 ballots accepted' }).waitFor();
  expect(await embargo.textContent()).toMatch(/^Results are hidden until the polls close/);
  const row = page.getByTestId(`candidate-${candidate.candidateId}`);
  expect(await row.textContent()).toBe(candidate.fullName);
  expect(await row.getAttribute('data-votes')).toBeNull();
  await expectAccessible(page);

  // The closing instant passes and Election Closed arrives, as the scheduler sends it.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(closesAt) - Date.now())));
  const closed = await t.stack.bus.putEvents({
    Entries: [
      {
        Source: Source.Elections,
        DetailType: DetailType.ElectionClosed,
        EventBusName: t.stack.model.buses[0],
        Detail: JSON.stringify({
          correlationId: election.electionId,
          electionId: election.electionId,
          scheduledAt: closesAt,
        }),
      },
    ],
  });
  expect(closed.FailedEntryCount).toBe(0);
  await t.settle();
  await showsVotes(page, candidate.candidateId, 1);
  expect(await embargo.count()).toBe(0);
  expect(await page.getByTestId(`total-${election.electionId}`).textContent()).toBe('1 vote in total');
  await expectAccessible(page);
});
