import { ConfigError } from '@evote/shared';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('reads the bus and table names', () => {
    const env = { EVENT_BUS_NAME: 'evote-local', ELECTIONS_TABLE: 'evote-elections-local', VOTER_CLAIM: 'username' };
    expect(loadConfig(env)).toEqual({
      eventBusName: 'evote-local',
      electionsTable: 'evote-elections-local',
      voterClaim: 'username',
      serviceName: 'evote-elections',
    });
  });

  it('takes the service name from SERVICE_NAME when set', () => {
    expect(
      loadConfig({ EVENT_BUS_NAME: 'b', ELECTIONS_TABLE: 't', VOTER_CLAIM: 'c', SERVICE_NAME: 'x' }).serviceName,
    ).toBe('x');
  });

  it('names every missing variable at once', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/EVENT_BUS_NAME, ELECTIONS_TABLE, VOTER_CLAIM/);
  });
});
