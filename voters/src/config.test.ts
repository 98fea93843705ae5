import { ConfigError } from '@evote/shared';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('reads the bus and table names', () => {
    const env = { EVENT_BUS_NAME: 'evote-local', VOTERS_TABLE: 'evote-voters-local', VOTER_CLAIM: 'username' };
    expect(loadConfig(env)).toEqual({
      eventBusName: 'evote-local',
      votersTable: 'evote-voters-local',
      voterClaim: 'username',
      serviceName: 'evote-voters',
    });
  });

  it('takes the service name from SERVICE_NAME when set', () => {
    const env = { EVENT_BUS_NAME: 'b', VOTERS_TABLE: 't', VOTER_CLAIM: 'c', SERVICE_NAME: 'voters-test' };
    expect(loadConfig(env).serviceName).toBe('voters-test');
  });

  it('names every missing variable at once', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ VOTERS_TABLE: ' ' })).toThrow(/EVENT_BUS_NAME, VOTERS_TABLE, VOTER_CLAIM/);
  });
});
