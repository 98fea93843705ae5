import { ConfigError } from '@evote/shared';
import { loadConfig } from './config';

const env = { EVENT_BUS_NAME: 'evote-test', IDEMPOTENCY_TABLE: 'evote-test-idempotency', VOTER_CLAIM: 'username' };

describe('loadConfig', () => {
  it('reads the bus, the idempotency table and the voter claim', () => {
    expect(loadConfig({ ...env, SERVICE_NAME: 'evote-events' })).toEqual({
      eventBusName: 'evote-test',
      idempotencyTable: 'evote-test-idempotency',
      voterClaim: 'username',
      serviceName: 'evote-events',
    });
  });

  it('names every missing variable at once; only the log label has a default', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(
      'missing environment variables: EVENT_BUS_NAME, IDEMPOTENCY_TABLE, VOTER_CLAIM',
    );
    expect(loadConfig(env).serviceName).toBe('evote-events');
  });
});
