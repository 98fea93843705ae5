import { apiUrl, ConfigError, parseConfig } from './config';

const local = {
  signIn: 'local',
  issuer: '/_evote/issuer',
  clientId: 'evote-local-voters',
  apiBase: { events: '', elections: '', audit: '', voters: '' },
  seedVoters: [{ voterId: 'b7a42e', fullName: 'Joe J Jones' }],
};

describe('config.json', () => {
  it('accepts the local configuration and joins API bases with paths', () => {
    const config = parseConfig(local);
    expect(config).toEqual(local);
    expect(apiUrl(config, 'events', '/events')).toBe('/events');
    const cloud = parseConfig({
      ...local,
      signIn: 'cognito',
      cognitoDomain: 'https://x.auth.eu-west-1.amazoncognito.com',
      apiBase: { ...local.apiBase, elections: 'https://api.example/' },
    });
    expect(apiUrl(cloud, 'elections', '/elections')).toBe('https://api.example/elections');
  });

  it('names every problem of a broken one', () => {
    expect(() => parseConfig({ signIn: 'cognito', apiBase: { events: 1 } })).toThrow(ConfigError);
    try {
      parseConfig({ signIn: 'cognito', apiBase: { events: 1 } });
    } catch (error) {
      const message = (error as Error).message;
      for (const problem of ['issuer', 'clientId', 'cognitoDomain', 'apiBase.events', 'apiBase.voters'])
        expect(message).toContain(problem);
    }
    expect(() => parseConfig([])).toThrow(/JSON object/);
    expect(() => parseConfig({ ...local, seedVoters: [{ voterId: 1 }] })).toThrow(/seedVoters/);
  });
});
