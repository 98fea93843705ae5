/**
 * The results page (`/results`): every election's candidates as bars with counts and shares,
 * kept live by polling each election's results with If-None-Match every 2 seconds. An
 * `after-close` election shows its turnout only until its polls close; a certified one says so.
 */
import { Api, type ApiError } from '../api';
import { byId, h, loadConfig, showMessage, startPage, timeElement } from '../dom';
import { describeFailure } from '../messages';
import { EtagPoller } from '../poller';
import { formatShare, formatVotes, shares } from '../shares';

const POLL_INTERVAL_MS = 2000;

interface ElectionResults {
  electionId: string;
  description: string;
  date: string;
  lastChangedAt?: string | null;
  status?: 'scheduled' | 'open' | 'closed' | 'certified';
  embargoed?: boolean;
  turnout?: number;
  candidates: { candidateId: string; fullName: string; voteCount?: number }[];
}

startPage(async () => {
  const config = await loadConfig();
  const api = new Api(config);
  const elections = await api.elections().catch((error: unknown) => {
    showMessage(describeFailure(error, 'elections'));
    return [];
  });
  const live = byId('live');
  const failing = new Set<string>();
  const pollers = elections.map((election) => {
    const section = h(
      'section',
      {
        class: 'election',
        'aria-labelledby': `heading-${election.electionId}`,
        'data-testid': `results-${election.electionId}`,
      },
      h('h2', { id: `heading-${election.electionId}` }, election.description),
      h('p', {}, 'Loading…'),
    );
    byId('app').append(section);
    let seenBefore = false;
    return new EtagPoller<ElectionResults>({
      url: api.resultsUrl(election.electionId),
      fetch: (url, init) => fetch(url, init),
      intervalMs: POLL_INTERVAL_MS,
      onChange: (results) => {
        renderElection(section, results);
        if (failing.delete(election.electionId) && !failing.size) showMessage(undefined);
        const total = results.turnout ?? results.candidates.reduce((sum, c) => sum + (c.voteCount ?? 0), 0);
        // The first load is not news; later changes are announced once each.
        if (seenBefore)
          live.textContent = `${results.description}: ${formatVotes(total)} now, updated ${new Date().toLocaleTimeString()}.`;
        seenBefore = true;
      },
      onError: (error: ApiError) => {
        failing.add(election.electionId);
        showMessage(`${election.description}: ${describeFailure(error, 'results')}`);
      },
    });
  });
  if (!elections.length) byId('app').append(h('p', {}, 'There are no elections to show.'));
  for (const poller of pollers) poller.start();
  // A hidden tab polls nothing; it catches up at once when shown again.
  document.addEventListener('visibilitychange', () => {
    for (const poller of pollers) {
      if (document.hidden) poller.stop();
      else poller.start();
    }
  });
});

function renderElection(section: HTMLElement, results: ElectionResults): void {
  if (results.embargoed) {
    renderEmbargoed(section, results);
    return;
  }
  const counts = results.candidates.map((candidate) => candidate.voteCount ?? 0);
  const percent = shares(counts);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const id = results.electionId;
  const lastChange = results.lastChangedAt
    ? h('span', { 'data-testid': `last-change-${id}` }, 'Last change ', timeElement(results.lastChangedAt))
    : h('span', { 'data-testid': `last-change-${id}` }, 'No vote counted yet');
  section.replaceChildren(
    h('h2', { id: `heading-${id}` }, results.description),
    h(
      'p',
      { class: 'meta' },
      `Election day ${results.date} · `,
      h('span', { 'data-testid': `total-${id}` }, `${formatVotes(total)} in total`),
      ' · ',
      lastChange,
      ...(results.status === 'certified'
        ? [' · ', h('strong', { 'data-testid': `certified-${id}` }, 'Certified')]
        : []),
    ),
    h(
      'ul',
      { class: 'bars', 'aria-label': `Votes per candidate, ${results.description}` },
      ...results.candidates.map((candidate, index) => {
        const share = percent[index] ?? 0;
        const fill = h('span', { class: 'fill' });
        fill.style.width = `${share}%`;
        return h(
          'li',
          {
            'data-testid': `candidate-${candidate.candidateId}`,
            'data-votes': candidate.voteCount ?? 0,
            'data-share': share,
          },
          h('span', { class: 'name' }, candidate.fullName),
          h(
            'span',
            { class: 'figures', 'data-testid': `count-${candidate.candidateId}` },
            `${formatVotes(candidate.voteCount ?? 0)} · ${formatShare(share)}`,
          ),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
        );
      }),
    ),
  );
}

/** Turnout only: no bar, no count, candidates by name (the API already orders them so). */
function renderEmbargoed(section: HTMLElement, results: ElectionResults): void {
  const id = results.electionId;
  section.replaceChildren(
    h('h2', { id: `heading-${id}` }, results.description),
    h(
      'p',
      { class: 'meta', 'data-testid': `embargo-${id}` },
      `Results are hidden until the polls close — ${results.turnout ?? 0} ballots accepted`,
    ),
    h(
      'ul',
      { 'aria-label': `Candidates, ${results.description}` },
      ...results.candidates.map((candidate) =>
        h('li', { 'data-testid': `candidate-${candidate.candidateId}` }, candidate.fullName),
      ),
    ),
  );
}
