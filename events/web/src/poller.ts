/**
 * Polls one URL with `If-None-Match`: an unchanged result costs the API a 304 and the page
 * nothing (no re-render, no announcement). Timers and fetch are injected so the logic is
 * tested without a browser or a clock.
 */
import { ApiError, readJson, send, type Fetch } from './api';

export type PollOutcome = 'changed' | 'unchanged' | 'failed';

export interface PollerOptions<T> {
  url: string;
  fetch: Fetch;
  intervalMs: number;
  onChange(value: T): void;
  onError(error: ApiError): void;
  /** setTimeout by default; tests pass a fake. */
  schedule?: (run: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
}

export class EtagPoller<T> {
  private etag: string | undefined;
  private handle: unknown;
  private running = false;

  constructor(private readonly options: PollerOptions<T>) {}

  /** One request; a 200 with a new body calls onChange, a 304 changes nothing. */
  async pollOnce(): Promise<PollOutcome> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.etag) headers['if-none-match'] = this.etag;
    try {
      // no-store: the browser's cache must not answer for us, or we would never see the 304 ourselves.
      const response = await send(this.options.fetch, this.options.url, { headers, cache: 'no-store' });
      if (response.status === 304) return 'unchanged';
      const value = await readJson<T>(response);
      this.etag = response.headers.get('etag') ?? undefined;
      this.options.onChange(value);
      return 'changed';
    } catch (error) {
      this.options.onError(error instanceof ApiError ? error : new ApiError(0, String(error)));
      return 'failed';
    }
  }

  /** Polls now, then every interval after each answer (never two requests in flight). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const schedule = this.options.schedule ?? ((run, ms) => setTimeout(run, ms));
    const loop = async () => {
      await this.pollOnce();
      if (this.running) this.handle = schedule(() => void loop(), this.options.intervalMs);
    };
    void loop();
  }

  stop(): void {
    this.running = false;
    const cancel = this.options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    if (this.handle !== undefined) cancel(this.handle);
    this.handle = undefined;
  }
}
