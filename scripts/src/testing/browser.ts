/**
 * A real browser for the web app's tests: Debian's chromium (or `CHROMIUM_PATH`) driven by
 * playwright-core, headless. Browsers cannot be downloaded on the machines the tests run on, so
 * none is: a missing chromium fails at once with one message that says how to install it.
 *
 * Every page opened here reports what a person would not see but a test must: console errors,
 * uncaught exceptions and 5xx answers. `expectNoPageErrors()` (in an `afterEach`) fails the test
 * that caused them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { source as axeSource } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { EvoteError } from '@evote/shared';
import { repoRoot } from '../local/paths';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** One viewport for every test, so screenshots taken by different tests look alike. */
export const VIEWPORT = { width: 1024, height: 768 } as const;

/** No chromium where the tests look for it; the message says how to get one. */
export class BrowserMissingError extends EvoteError {
  constructor(executable: string, fromEnvironment: boolean) {
    super(
      'CHROMIUM_MISSING',
      `The browser tests need chromium, and there is none at ${executable}${fromEnvironment ? ' (CHROMIUM_PATH)' : ''}.
Install it:
  Debian/Ubuntu: sudo apt-get install chromium
or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
    this.name = 'BrowserMissingError';
  }
}

/** The chromium the tests drive: `CHROMIUM_PATH`, else Debian's. Throws when it is not there. */
export function chromiumExecutable(env: { CHROMIUM_PATH?: string | undefined } = process.env): string {
  const executable = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  try {
    fs.accessSync(executable, fs.constants.X_OK);
  } catch {
    throw new BrowserMissingError(executable, Boolean(env.CHROMIUM_PATH));
  }
  return executable;
}

export interface TestBrowser {
  /**
   * A page in a context of its own (its own sessionStorage, as another person's browser would
   * have), with the fixed viewport, locale and time zone, watched for errors.
   */
  newPage(): Promise<Page>;
  /** Throws, listing them, if any page showed a console error, an uncaught exception or a 5xx since the last call. */
  expectNoPageErrors(): void;
  /** The errors seen since the last call, forgotten once returned: for a test that causes one on purpose. */
  takePageErrors(): string[];
  /** Closes every page opened so far, so none keeps polling into the next test. */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The browser also logs every 4xx and 5xx a page's `fetch` received as a console error. A 4xx is
 * the pages' to answer (a vote not saved yet is a 404 the tracker waits out; another voter's
 * ballot is a 404 the page words), and the tests assert on those responses, so it is no page
 * error. A 5xx is, and is reported once, from the response itself. A request that got no answer
 * at all (`net::ERR_...`) stays a console error.
 */
const HTTP_STATUS_LOGGED = /^Failed to load resource: the server responded with a status of \d{3}\b/;

export async function launchBrowser(): Promise<TestBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: chromiumExecutable(), headless: true });
  const contexts: BrowserContext[] = [];
  let errors: string[] = [];
  const closePages = async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  };
  const takePageErrors = () => {
    const seen = errors;
    errors = [];
    return seen;
  };
  return {
    async newPage() {
      const context = await browser.newContext({
        viewport: VIEWPORT,
        locale: 'en-GB',
        timezoneId: 'UTC',
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      const page = await context.newPage();
      const where = () => new URL(page.url()).pathname || page.url();
      page.on('console', (message) => {
        if (message.type() === 'error' && !HTTP_STATUS_LOGGED.test(message.text()))
          errors.push(`${where()}: console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`${where()}: uncaught ${error.name}: ${error.message}`));
      page.on('response', (response) => {
        if (response.status() >= 500)
          errors.push(`${where()}: ${response.request().method()} ${response.url()} answered ${response.status()}`);
      });
      return page;
    },
    takePageErrors,
    expectNoPageErrors() {
      const seen = takePageErrors();
      if (seen.length) throw new Error(`the pages reported ${seen.length} error(s):\n  ${seen.join('\n  ')}`);
    },
    closePages,
    async close() {
      await closePages();
      await browser.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/** The impacts that fail a test: what keeps a person from using the page, not advice. */
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe-core (WCAG 2.x A and AA rules and axe's best practices) on the page as it is now and
 * returns the serious and critical violations.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.addScriptTag({ content: axeSource });
  // A string, not a function: the scripts workspace is type-checked without the DOM library.
  const violations = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((results) => results.violations)',
  )) as AxeViolation[];
  return violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''));
}

/** Violations as lines a failing test prints: rule, impact, and each element (selector and HTML). */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} ${violation.helpUrl}\n` +
        violation.nodes.map((node) => `    ${node.target.join(' ')}  ${node.html}`).join('\n'),
    )
    .join('\n');
}

/**
 * Where a screenshot goes. The README's (docs/screenshots) are rewritten only when
 * EVOTE_SCREENSHOTS=1 (`yarn screenshots`): they show clock times and ids, so writing them on
 * every test run would leave the tree modified. Otherwise they go to .evote/screenshots, where a
 * failing run's pictures can still be looked at.
 */
export function screenshotPath(name: string): string {
  const folder = process.env.EVOTE_SCREENSHOTS === '1' ? ['docs', 'screenshots'] : ['.evote', 'screenshots'];
  return path.join(repoRoot(), ...folder, `${name}.png`);
}

/** A screenshot of the viewport (fixed size), where `screenshotPath` says. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = screenshotPath(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The caret blinks and animations run: hiding them keeps two runs' screenshots alike.
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}
