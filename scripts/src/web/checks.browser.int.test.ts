/**
 * The browser tests' own checks, on pages made for the purpose (no stack): a check that never
 * fails would let the page tests pass whatever the pages do.
 */
import {
  BrowserMissingError,
  chromiumExecutable,
  launchBrowser,
  seriousAccessibilityViolations,
  type TestBrowser,
} from '../testing/browser';

/** An origin no server answers: every request to it is fulfilled by the test itself. */
const ORIGIN = 'http://pages.test';

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('chromiumExecutable', () => {
  it('fails at once, saying how to install chromium, when there is none', () => {
    const missing = () => chromiumExecutable({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(missing).toThrow(BrowserMissingError);
    expect(missing).toThrow(/none at \/nonexistent\/chromium \(CHROMIUM_PATH\)/);
    expect(missing).toThrow(/sudo apt-get install chromium/);
  });
});

describe('seriousAccessibilityViolations', () => {
  it('reports serious and critical violations with the element, and leaves lesser ones out', async () => {
    const page = await browser.newPage();
    // A button with no name is critical; text outside any landmark (`region`) is moderate.
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>t</title></head><body><p>outside</p><main><h1>t</h1><button data-testid="nameless"></button></main></body></html>',
    );
    const violations = await seriousAccessibilityViolations(page);
    expect(violations.map((violation) => violation.id)).toEqual(['button-name']);
    expect(violations[0]?.impact).toBe('critical');
    expect(violations[0]?.nodes[0]?.html).toContain('data-testid="nameless"');
    browser.expectNoPageErrors();
  });
});

describe('expectNoPageErrors', () => {
  it('fails on a console error, an uncaught exception and a 5xx; a 4xx the page handles is not an error', async () => {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/missing') return route.fulfill({ status: 404, body: '{}' });
      if (path === '/broken') return route.fulfill({ status: 503, body: '{}' });
      return route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><title>t</title><script>
          fetch('/missing').then(() => fetch('/broken')).then(() => {
            console.error('boom');
            setTimeout(() => { throw new Error('kaboom'); });
          });
        </script></html>`,
      });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForEvent('pageerror');
    let thrown: Error | undefined;
    try {
      browser.expectNoPageErrors();
    } catch (error) {
      thrown = error as Error;
    }
    // Three errors, the 503 reported once (not again as the console line the browser also logs).
    expect(thrown?.message).toMatch(/reported 3 error/);
    expect(thrown?.message).toMatch(/GET http:\/\/pages\.test\/broken answered 503/);
    expect(thrown?.message).toMatch(/console error: boom/);
    expect(thrown?.message).toMatch(/uncaught Error: kaboom/);
    expect(thrown?.message).not.toMatch(/missing|status of 404/);
    // What was reported is reported once: the next test starts clean.
    expect(() => browser.expectNoPageErrors()).not.toThrow();
  });
});
