/**
 * The audit page (`/audit`), for auditors: an entity's history as a timeline with revisions,
 * paged as the audit API pages it.
 */
import { Api, ApiError, type AuditEnvelope } from '../api';
import type { AppConfig } from '../config';
import { byId, h, loadConfig, showMessage, startPage, timeElement } from '../dom';
import { describeFailure } from '../messages';
import { back, currentToken, firstPage, forward, hasNext, hasPrevious, loaded, type Paging } from '../pager';
import { clearSession, loadSession, saveSession, sessionOf, type Session } from '../session';
import { signInLocally } from '../signin';
import { ENTITY_TYPES, eventFacts } from '../timeline';

const PAGE_SIZES = [10, 20, 50, 100];

startPage(async () => {
  const config = await loadConfig();
  const session = loadSession(sessionStorage, 'auditor');
  if (session) showQuery(config, session);
  else showSignIn(config);
});

const app = (): HTMLElement => byId('app');

function showSignIn(config: AppConfig): void {
  const button = h('button', { type: 'submit', 'data-testid': 'auditor-sign-in' }, 'Sign in as auditor');
  const form = h('form', { 'aria-labelledby': 'sign-in-heading', 'data-testid': 'sign-in-form' });
  if (config.signIn === 'local')
    form.append(h('p', {}, 'Local stack: the local issuer signs you in as an auditor.'), button);
  else
    // Auditors hold a client-credentials token (yarn token auditor --stage <s>); no hosted sign-in serves them.
    form.append(
      h('label', { for: 'auditor-token' }, 'Auditor access token'),
      h('input', { id: 'auditor-token', name: 'token', type: 'password', required: true, autocomplete: 'off' }),
      ' ',
      button,
    );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    const pasted = (form.elements.namedItem('token') as HTMLInputElement | null)?.value.trim();
    const token =
      config.signIn === 'local' ? signInLocally(config, { role: 'auditor' }) : Promise.resolve(pasted ?? '');
    token
      .then((value) => {
        const session = sessionOf(value);
        if (session.role !== 'auditor') throw new ApiError(403, 'not an auditor');
        saveSession(sessionStorage, session);
        showMessage(undefined);
        showQuery(config, session);
      })
      .catch((error: unknown) => {
        button.disabled = false;
        showMessage(
          error instanceof ApiError ? describeFailure(error, 'signIn') : 'That is not an auditor’s access token.',
        );
      });
  });
  app().replaceChildren(
    h('section', { 'aria-labelledby': 'sign-in-heading' }, h('h2', { id: 'sign-in-heading' }, 'Sign in'), form),
  );
}

function showQuery(config: AppConfig, session: Session): void {
  const api = new Api(config, () => session.token);
  const query = new URLSearchParams(location.search);
  const typeSelect = h(
    'select',
    { id: 'entity-type', name: 'type', 'data-testid': 'entity-type' },
    ...ENTITY_TYPES.map((type) => h('option', { value: type, selected: query.get('type') === type }, type)),
  );
  const idInput = h('input', {
    id: 'entity-id',
    name: 'id',
    required: true,
    value: query.get('id') ?? '',
    autocomplete: 'off',
    spellcheck: 'false',
    'data-testid': 'entity-id',
  });
  const sizeSelect = h(
    'select',
    { id: 'page-size', name: 'limit', 'data-testid': 'page-size' },
    ...PAGE_SIZES.map((size) => h('option', { value: size, selected: size === 20 }, String(size))),
  );
  const signOut = h('button', { type: 'button', 'data-testid': 'sign-out' }, 'Sign out');
  signOut.addEventListener('click', () => {
    clearSession(sessionStorage, 'auditor');
    showSignIn(config);
  });
  const form = h(
    'form',
    { class: 'query', 'aria-label': 'Which history', 'data-testid': 'audit-form' },
    h('div', {}, h('label', { for: 'entity-type' }, 'Entity type'), typeSelect),
    h('div', {}, h('label', { for: 'entity-id' }, 'Entity id'), idInput),
    h('div', {}, h('label', { for: 'page-size' }, 'Events per page'), sizeSelect),
    h('button', { type: 'submit', 'data-testid': 'show-history' }, 'Show history'),
  );
  const results = h('div', { id: 'history' });
  app().replaceChildren(h('p', { class: 'who' }, 'Signed in as an auditor ', signOut), form, results);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const entity = { type: typeSelect.value, id: idInput.value.trim(), limit: Number(sizeSelect.value) };
    history.replaceState(null, '', `/audit?${new URLSearchParams({ type: entity.type, id: entity.id })}`);
    void showHistory(config, api, results, entity, firstPage());
  });
  if (idInput.value) form.requestSubmit();
}

interface Entity {
  type: string;
  id: string;
  limit: number;
}

async function showHistory(
  config: AppConfig,
  api: Api,
  results: HTMLElement,
  entity: Entity,
  paging: Paging,
): Promise<void> {
  results.setAttribute('aria-busy', 'true');
  try {
    const token = currentToken(paging);
    const page = await api.auditEvents(entity.type, entity.id, {
      limit: entity.limit,
      ...(token ? { next: token } : {}),
    });
    showMessage(undefined);
    renderTimeline(config, api, results, entity, loaded(paging, page.next), page.events);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      clearSession(sessionStorage, 'auditor');
      showSignIn(config);
    }
    results.replaceChildren();
    showMessage(describeFailure(error, 'audit'));
  } finally {
    results.removeAttribute('aria-busy');
  }
}

function renderTimeline(
  config: AppConfig,
  api: Api,
  results: HTMLElement,
  entity: Entity,
  paging: Paging,
  events: AuditEnvelope[],
): void {
  const first = paging.index * entity.limit + 1;
  const previous = h(
    'button',
    { type: 'button', 'data-testid': 'previous-page', disabled: !hasPrevious(paging) },
    'Previous page',
  );
  const next = h('button', { type: 'button', 'data-testid': 'next-page', disabled: !hasNext(paging) }, 'Next page');
  previous.addEventListener('click', () => void showHistory(config, api, results, entity, back(paging)));
  next.addEventListener('click', () => void showHistory(config, api, results, entity, forward(paging)));
  results.replaceChildren(
    h(
      'section',
      { 'aria-labelledby': 'timeline-heading' },
      h('h2', { id: 'timeline-heading' }, `History of ${entity.type} ${entity.id}`),
      h(
        'p',
        { role: 'status', 'aria-live': 'polite', 'data-testid': 'timeline-status' },
        events.length
          ? `Page ${paging.index + 1}: events ${first} to ${first + events.length - 1}${hasNext(paging) ? ', more follow' : ', the last'}.`
          : `Page ${paging.index + 1}: no events.`,
      ),
      h('ol', { class: 'timeline', 'data-testid': 'timeline' }, ...events.map(timelineItem)),
      h('nav', { class: 'pages', 'aria-label': 'Pages of the history' }, previous, ' ', next),
    ),
  );
}

function timelineItem(event: AuditEnvelope): HTMLLIElement {
  const type = event['detail-type'];
  return h(
    'li',
    { 'data-testid': 'timeline-event', 'data-type': type, 'data-revision': event.revision },
    h(
      'p',
      { class: 'event-head' },
      h('span', { class: 'revision' }, event.revision === undefined ? 'Unnumbered' : `Revision ${event.revision}`),
      ' ',
      h('strong', {}, type),
      ' ',
      timeElement(event.time),
    ),
    h('dl', {}, ...eventFacts(event).flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
    h('details', {}, h('summary', {}, 'Whole event'), h('pre', {}, JSON.stringify(event, null, 2))),
  );
}
