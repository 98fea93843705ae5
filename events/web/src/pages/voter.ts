/**
 * The voter page (`/`): sign in, see the ballot issued to you and the elections, submit, then
 * watch the ballot's tracker until every vote is counted.
 *
 * Over 250 lines because the page is one flow (sign-in, ballot, submit, tracker) whose steps share the page's state; the rules it follows live in the pure modules beside it.
 */
import { Api, ApiError, ballotBody, type Election, type IssuedBallot, type Vote } from '../api';
import { attemptFor, attemptStorageKey, readAttempt } from '../attempt';
import type { AppConfig } from '../config';
import { byId, h, loadConfig, showMessage, startPage } from '../dom';
import { describeFailure, reasonInWords } from '../messages';
import { clearSession, loadSession, saveSession, sessionOf, type Session } from '../session';
import { finishCognitoSignIn, signInLocally, startCognitoSignIn } from '../signin';
import {
  foldEvents,
  isSettled,
  newTrack,
  trackSummary,
  votesToCheck,
  withVoteStatus,
  type BallotTrack,
} from '../tracker';

/** How often the tracker asks: a ballot takes about a second to go through locally. */
const TRACK_INTERVAL_MS = 1000;
/** A 409 (the same attempt still running) is retried this many times, after the API's retry-after. */
const CONFLICT_RETRIES = 5;

startPage(async () => {
  const config = await loadConfig();
  const returned = await finishCognitoSignIn(config).catch((error: Error) => {
    showMessage(`Sign-in failed: ${error.message}`);
    return undefined;
  });
  if (returned) saveSession(sessionStorage, sessionOf(returned));
  const session = loadSession(sessionStorage, 'voter');
  if (session?.voterId) await showVoter(config, session);
  else showSignIn(config);
});

const app = (): HTMLElement => byId('app');

function showSignIn(config: AppConfig): void {
  const button = h('button', { type: 'submit', 'data-testid': 'sign-in' }, 'Sign in');
  const form = h('form', { 'aria-labelledby': 'sign-in-heading', 'data-testid': 'sign-in-form' });
  if (config.signIn === 'local') {
    const voters = config.seedVoters ?? [];
    const chooser = voters.length
      ? h(
          'select',
          { id: 'voter', name: 'voter', 'data-testid': 'voter-select' },
          ...voters.map((voter) => h('option', { value: voter.voterId }, `${voter.fullName} (${voter.voterId})`)),
        )
      : h('input', { id: 'voter', name: 'voter', required: true, 'data-testid': 'voter-select' });
    form.append(
      h('p', {}, 'Local stack: choose a voter; the local issuer signs you in as them.'),
      h('label', { for: 'voter' }, 'Voter'),
      chooser,
      ' ',
      button,
    );
  } else form.append(h('p', {}, 'You sign in on the election’s sign-in page and come back here.'), button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    const voterId = (form.elements.namedItem('voter') as HTMLInputElement | null)?.value ?? '';
    const signIn =
      config.signIn === 'cognito'
        ? startCognitoSignIn(config)
        : signInLocally(config, { voterId }).then((token) => {
            const session = sessionOf(token);
            saveSession(sessionStorage, session);
            showMessage(undefined);
            return showVoter(config, session);
          });
    signIn.catch((error: unknown) => {
      button.disabled = false;
      showMessage(describeFailure(error, 'signIn'));
    });
  });
  app().replaceChildren(
    h('section', { 'aria-labelledby': 'sign-in-heading' }, h('h2', { id: 'sign-in-heading' }, 'Sign in'), form),
  );
}

function signOut(config: AppConfig, why?: string): void {
  clearSession(sessionStorage, 'voter');
  history.replaceState(null, '', location.pathname);
  showSignIn(config);
  showMessage(why);
}

async function showVoter(config: AppConfig, session: Session): Promise<void> {
  const voterId = session.voterId as string;
  const api = new Api(config, () => session.token);
  const signOutButton = h('button', { type: 'button', 'data-testid': 'sign-out' }, 'Sign out');
  signOutButton.addEventListener('click', () => signOut(config));
  const who = h('span', { 'data-testid': 'signed-in-as' }, `Signed in as voter ${voterId}`);
  const ballotList = h('ul', { 'data-testid': 'ballots' });
  const work = h('div', { id: 'work' });
  app().replaceChildren(
    h('p', { class: 'who' }, who, ' ', signOutButton),
    h(
      'section',
      { 'aria-labelledby': 'ballots-heading' },
      h('h2', { id: 'ballots-heading' }, 'Your ballots'),
      ballotList,
    ),
    work,
  );
  const [ballots, elections] = await Promise.allSettled([api.voterBallots(voterId), api.elections()]);
  if (ballots.status === 'rejected') {
    const error = ballots.reason as unknown;
    if (error instanceof ApiError && error.status === 401) return signOut(config, describeFailure(error, 'ballots'));
    showMessage(describeFailure(error, 'ballots'));
    return;
  }
  if (elections.status === 'rejected') showMessage(describeFailure(elections.reason, 'elections'));
  const electionList = elections.status === 'fulfilled' ? elections.value : [];
  who.textContent = `Signed in as ${ballots.value.fullName} (${voterId})`;
  const context: VoterContext = { api, config, voterId, elections: electionList, ballotList, work };
  renderBallots(context, ballots.value.ballots);
  const asked = new URLSearchParams(location.search).get('ballot');
  const issued = ballots.value.ballots.find((ballot) => ballot.ballotState === 'ISSUED');
  if (asked && asked !== issued?.ballotId) {
    const listed = ballots.value.ballots.some((ballot) => ballot.ballotId === asked);
    track(context, newTrack(asked), listed ? 'listed' : 'lookup');
  } else if (issued && electionList.length) renderBallotForm(context, issued.ballotId);
  else if (!issued) work.replaceChildren(h('p', { 'data-testid': 'no-ballot' }, 'You have no ballot left to submit.'));
}

interface VoterContext {
  api: Api;
  config: AppConfig;
  voterId: string;
  elections: Election[];
  ballotList: HTMLUListElement;
  work: HTMLElement;
}

function renderBallots(context: VoterContext, ballots: IssuedBallot[]): void {
  context.ballotList.replaceChildren(...ballots.map(ballotItem));
  if (!ballots.length) context.ballotList.append(h('li', {}, 'No ballot has been issued to you.'));
}

function ballotItem(ballot: IssuedBallot): HTMLLIElement {
  const submitted = ballot.ballotState === 'SUBMITTED';
  return h(
    'li',
    { 'data-testid': `ballot-${ballot.ballotId}`, 'data-state': ballot.ballotState },
    `Ballot ${ballot.ballotId}: ${submitted ? 'submitted' : 'issued, not yet submitted'} `,
    submitted
      ? h('a', { href: `/?ballot=${encodeURIComponent(ballot.ballotId)}` }, `Track ballot ${ballot.ballotId}`)
      : undefined,
  );
}

function renderBallotForm(context: VoterContext, ballotId: string): void {
  const button = h('button', { type: 'submit', 'data-testid': 'submit-ballot' }, 'Submit ballot');
  const form = h(
    'form',
    { 'aria-labelledby': 'ballot-heading', 'data-testid': 'ballot-form', novalidate: true },
    h('h2', { id: 'ballot-heading' }, `Ballot ${ballotId}`),
    h('p', {}, 'Choose at most one candidate in each election. An election left blank gets no vote from you.'),
    ...context.elections.map(electionFieldset),
    button,
  );
  let inFlight = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // The disabled button stops a second click; this flag stops Enter pressed twice as well.
    if (inFlight) return;
    const votes = chosenVotes(form, context.elections);
    if (!votes.length) return showMessage('Choose a candidate in at least one election before submitting.');
    inFlight = true;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    button.textContent = 'Submitting…';
    submit(context, ballotId, votes)
      .then(() =>
        track(
          context,
          newTrack(
            ballotId,
            votes.map((vote) => vote.electionId),
            true,
          ),
          'posted',
        ),
      )
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401)
          return signOut(context.config, describeFailure(error, 'submit'));
        showMessage(describeFailure(error, 'submit'));
      })
      .finally(() => {
        inFlight = false;
        button.disabled = false;
        form.removeAttribute('aria-busy');
        button.textContent = 'Submit ballot';
      });
  });
  context.work.replaceChildren(form);
}

function electionFieldset(election: Election): HTMLFieldSetElement {
  const name = `election-${election.electionId}`;
  const option = (value: string, label: string, checked = false) => {
    const id = `${name}-${value || 'blank'}`;
    return h(
      'div',
      { class: 'choice' },
      h('input', { type: 'radio', id, name, value, checked }),
      h('label', { for: id }, label),
    );
  };
  return h(
    'fieldset',
    { 'data-testid': name },
    h('legend', {}, `${election.description} (${election.date})`),
    ...election.candidates.map((candidate) => option(candidate.candidateId, candidate.fullName)),
    option('', 'Leave blank', true),
  );
}

function chosenVotes(form: HTMLFormElement, elections: Election[]): Vote[] {
  return elections.flatMap((election) => {
    const chosen = form.querySelector<HTMLInputElement>(`input[name="election-${election.electionId}"]:checked`);
    return chosen?.value ? [{ electionId: election.electionId, candidateId: chosen.value }] : [];
  });
}

/** POST /events once per attempt; the same attempt (same body) always carries the same key. */
async function submit(context: VoterContext, ballotId: string, votes: Vote[]): Promise<void> {
  const body = ballotBody(ballotId, context.voterId, votes);
  const attempt = attemptFor(readAttempt(sessionStorage, ballotId), ballotId, body, () => crypto.randomUUID());
  sessionStorage.setItem(attemptStorageKey(ballotId), JSON.stringify(attempt));
  showMessage(undefined);
  for (let tries = 0; ; tries++) {
    try {
      await context.api.submitBallot(ballotId, context.voterId, votes, attempt.key);
      sessionStorage.removeItem(attemptStorageKey(ballotId));
      return;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409 || tries >= CONFLICT_RETRIES) throw error;
      showMessage(describeFailure(error, 'submit'), 'info');
      await new Promise((resolve) => setTimeout(resolve, (error.retryAfter ?? 1) * 1000));
    }
  }
}

/**
 * `posted`: this page got the 202, so the ballot exists even while the log shows nothing yet.
 * `listed`: the voter's list says submitted. `lookup`: only the address names it; if neither
 * stream shows it, it is not (or not yet) this voter's, and the page says so.
 */
type Origin = 'posted' | 'listed' | 'lookup';

function track(context: VoterContext, initial: BallotTrack, origin: Origin): void {
  const { api, voterId } = context;
  const ballotId = initial.ballotId;
  history.replaceState(null, '', `/?ballot=${encodeURIComponent(ballotId)}`);
  const item = context.ballotList.querySelector<HTMLElement>(`[data-testid="ballot-${ballotId}"]`);
  if (origin === 'posted' && item) item.replaceWith(ballotItem({ ballotId, ballotState: 'SUBMITTED' }));
  const status = h('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'tracker-status' });
  const steps = h('ol', { class: 'steps', 'data-testid': 'tracker-steps' });
  const section = h(
    'section',
    { 'aria-labelledby': 'tracker-heading', 'data-testid': 'tracker', 'data-ballot-id': ballotId, tabindex: -1 },
    h('h2', { id: 'tracker-heading' }, `Tracking ballot ${ballotId}`),
    status,
    steps,
  );
  context.work.replaceChildren(section);
  section.focus();
  let state = initial;
  const round = async (): Promise<void> => {
    const [ballotStream, voterStream] = await Promise.all([
      api.wholeStream('ballot', ballotId),
      api.wholeStream('voter', voterId),
    ]);
    state = foldEvents(state, [...(ballotStream ?? []), ...(voterStream ?? [])]);
    for (const vote of votesToCheck(state)) {
      const found = await api.voteStatus(vote.electionId, vote.voteId).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return undefined; // not saved yet
        throw error;
      });
      if (found) state = withVoteStatus(state, found);
    }
    if (!state.submitted && origin !== 'posted') {
      section.dataset.state = 'not-found';
      status.textContent =
        origin === 'lookup'
          ? describeFailure(new ApiError(404, 'Not Found'), 'track')
          : `Ballot ${ballotId} is recorded as submitted, but the log holds no history of it.`;
      return;
    }
    renderTrack(context, state, status, steps, section);
    if (!isSettled(state)) setTimeout(loop, TRACK_INTERVAL_MS);
  };
  const loop = () =>
    // A tracker taken off the page (signed out, another ballot) stops asking.
    section.isConnected &&
    void round().catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401)
        return signOut(context.config, describeFailure(error, 'track'));
      showMessage(describeFailure(error, 'track'));
      setTimeout(loop, TRACK_INTERVAL_MS * 3);
    });
  renderTrack(context, state, status, steps, section);
  loop();
}

const VOTE_WORDS = {
  waiting: 'waiting',
  cast: 'cast, being recorded',
  saved: 'recorded, being counted',
  counted: 'counted',
  rejected: 'rejected',
} as const;

function renderTrack(
  context: VoterContext,
  track: BallotTrack,
  status: HTMLElement,
  steps: HTMLElement,
  section: HTMLElement,
): void {
  const summary = trackSummary(track);
  // Only a change is written: the live region announces every write.
  if (status.textContent !== summary) status.textContent = summary;
  section.dataset.state = isSettled(track) ? 'settled' : 'running';
  const verification =
    track.verification === 'rejected'
      ? `Rejected: ${reasonInWords(track.rejection?.reason)}`
      : track.verification === 'verified'
        ? 'Verified'
        : 'Waiting for verification';
  const election = (electionId: string) =>
    context.elections.find((candidate) => candidate.electionId === electionId)?.description ?? `Election ${electionId}`;
  steps.replaceChildren(
    h(
      'li',
      { 'data-testid': 'step-submitted', 'data-state': track.submitted ? 'done' : 'pending' },
      track.submitted ? 'Submitted' : 'Not yet submitted',
    ),
    h(
      'li',
      {
        'data-testid': 'step-verified',
        'data-state': { waiting: 'pending', verified: 'done', rejected: 'failed' }[track.verification],
      },
      verification,
    ),
    ...(track.verification === 'rejected'
      ? []
      : track.votes.map((vote) =>
          h(
            'li',
            { 'data-testid': `vote-${vote.electionId}`, 'data-state': vote.progress },
            `${election(vote.electionId)}: ${VOTE_WORDS[vote.progress]}${vote.progress === 'rejected' ? `, ${reasonInWords(vote.reason)}` : ''}`,
          ),
        )),
  );
}
