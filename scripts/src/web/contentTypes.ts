/**
 * The Content-Type of each kind of file the web app is built into, by extension: one table for
 * both places that serve the app, the WebBucket in AWS (deploy/web.ts) and the local gateway
 * (local/gateway/site.ts), so a file reaches the browser with the same type in both.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
