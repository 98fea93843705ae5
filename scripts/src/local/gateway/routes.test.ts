import { RouteTable } from './routes';

describe('gateway route table', () => {
  const table = new RouteTable<string>();
  table.add({ kind: 'httpApi', method: 'POST', path: '/events' }, 'createEvent');
  table.add({ kind: 'httpApi', method: 'GET', path: '/audit/{entityType}/{entityId}/events' }, 'auditEvents');
  table.add({ kind: 'httpApi', method: 'GET', path: '/elections/{electionId}/results' }, 'results');
  table.add({ kind: 'httpApi', method: 'GET', path: '/elections/mayor/results' }, 'literal');
  table.add({ kind: 'httpApi', method: '*', path: '/files/{proxy+}' }, 'files');

  it('matches method and path, extracting path parameters', () => {
    expect(table.match('POST', '/events')).toMatchObject({ target: 'createEvent', pathParameters: {} });
    expect(table.match('GET', '/audit/ballot/49aef2/events')).toMatchObject({
      target: 'auditEvents',
      pathParameters: { entityType: 'ballot', entityId: '49aef2' },
    });
  });

  it('refuses another method or path', () => {
    expect(table.match('GET', '/events')).toBeUndefined();
    expect(table.match('POST', '/events/extra')).toBeUndefined();
    expect(table.hasPath('/events')).toBe(true);
  });

  it('prefers the literal route and supports greedy parameters', () => {
    expect(table.match('GET', '/elections/mayor/results')?.target).toBe('literal');
    expect(table.match('GET', '/elections/6353a9/results')?.target).toBe('results');
    expect(table.match('DELETE', '/files/a/b%20c')).toMatchObject({
      target: 'files',
      pathParameters: { proxy: 'a/b c' },
    });
  });
});
