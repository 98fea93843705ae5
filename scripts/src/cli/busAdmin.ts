/** Talks to the admin API of a running local bus (`yarn start`), on EVENTBRIDGE_PORT (4010). */
export function busAdminUrl(path: string): string {
  const base = process.env.AWS_ENDPOINT_URL_EVENTBRIDGE ?? `http://127.0.0.1:${process.env.EVENTBRIDGE_PORT ?? '4010'}`;
  return `${base.replace(/\/$/, '')}/_evote/${path}`;
}

export async function callBusAdmin<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(busAdminUrl(path), {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  } catch {
    throw new Error(
      `cannot reach the local bus at ${busAdminUrl('')}: is the local stack running? Start it with \`yarn start\`.`,
    );
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`local bus answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
