import { ApiError, type Fetch } from './api';
import { EtagPoller } from './poller';

interface Call {
  url: string;
  ifNoneMatch: string | null;
}

/** A fake results API: answers 304 while the caller's ETag matches the current version. */
function fakeApi() {
  const state = { version: 1, status: 200, calls: [] as Call[] };
  const fetch: Fetch = async (url, init) => {
    const ifNoneMatch = new Headers(init?.headers).get('if-none-match');
    state.calls.push({ url, ifNoneMatch });
    if (state.status !== 200) return new Response(JSON.stringify({ message: 'down' }), { status: state.status });
    const etag = `"v${state.version}"`;
    if (ifNoneMatch === etag) return new Response(null, { status: 304, headers: { etag } });
    return new Response(JSON.stringify({ version: state.version }), { status: 200, headers: { etag } });
  };
  return { state, fetch };
}

function poller(fetch: Fetch) {
  const changes: unknown[] = [];
  const errors: ApiError[] = [];
  const scheduled: (() => void)[] = [];
  const instance = new EtagPoller<{ version: number }>({
    url: '/elections/e1/results',
    fetch,
    intervalMs: 2000,
    onChange: (value) => changes.push(value),
    onError: (error) => errors.push(error),
    schedule: (run) => scheduled.push(run),
    cancel: () => scheduled.splice(0),
  });
  return { instance, changes, errors, scheduled };
}

describe('ETag polling', () => {
  it('sends the last ETag back; a 304 changes nothing, a new version is reported once', async () => {
    const api = fakeApi();
    const { instance, changes } = poller(api.fetch);
    expect(await instance.pollOnce()).toBe('changed');
    expect(await instance.pollOnce()).toBe('unchanged');
    expect(await instance.pollOnce()).toBe('unchanged');
    api.state.version = 2;
    expect(await instance.pollOnce()).toBe('changed');
    expect(changes).toEqual([{ version: 1 }, { version: 2 }]);
    expect(api.state.calls.map((call) => call.ifNoneMatch)).toEqual([null, '"v1"', '"v1"', '"v1"']);
  });

  it('reports a failure and keeps its ETag, so the next answer can still be a 304', async () => {
    const api = fakeApi();
    const { instance, changes, errors } = poller(api.fetch);
    await instance.pollOnce();
    api.state.status = 503;
    expect(await instance.pollOnce()).toBe('failed');
    expect(errors[0]).toMatchObject({ status: 503, message: 'down' });
    api.state.status = 200;
    expect(await instance.pollOnce()).toBe('unchanged');
    expect(changes).toHaveLength(1);
  });

  it('a network failure is an ApiError with status 0', async () => {
    const { instance, errors } = poller(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await instance.pollOnce()).toBe('failed');
    expect(errors[0]).toBeInstanceOf(ApiError);
    expect(errors[0]?.status).toBe(0);
  });

  it('polls again only after each answer, and stops when told', async () => {
    const api = fakeApi();
    const { instance, scheduled } = poller(api.fetch);
    instance.start();
    instance.start(); // a second start is ignored
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(api.state.calls).toHaveLength(1);
    expect(scheduled).toHaveLength(1);
    scheduled.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(api.state.calls).toHaveLength(2);
    instance.stop();
    expect(scheduled).toHaveLength(0);
  });
});
