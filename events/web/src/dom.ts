/** The few DOM helpers the pages share: building elements, the config, messages, the page frame. */
import { parseConfig, type AppConfig } from './config';

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

/** An element with attributes (`false`/undefined ones left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined && child !== false) element.append(child);
  return element;
}

/** The element with this id; its absence is a bug in the page's HTML, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return parseConfig(await response.json());
}

/**
 * Shows (or with undefined, clears) the page's one message. role=alert is on the element from
 * the start, so screen readers announce the text as it changes.
 */
export function showMessage(text: string | undefined, kind: 'error' | 'info' = 'error'): void {
  const message = byId('message');
  message.textContent = text ?? '';
  message.dataset.kind = kind;
  message.hidden = !text;
}

/** A date as the reader's locale writes it, inside <time> so machines read the ISO value. */
export function timeElement(
  iso: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium' },
): HTMLTimeElement {
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, options);
  return h('time', { datetime: iso }, text);
}

/** Runs a page's start, showing a failure (a missing config.json, say) instead of a blank page. */
export function startPage(start: () => Promise<void>): void {
  start().catch((error: Error) => showMessage(`The page could not start: ${error.message}`));
}
