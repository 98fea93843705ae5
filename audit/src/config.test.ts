import { ConfigError } from '@evote/shared';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('reads the table name and the voter claim', () => {
    expect(loadConfig({ AUDIT_TABLE: 'evote-local-audit', VOTER_CLAIM: 'username' })).toEqual({
      auditTable: 'evote-local-audit',
      voterClaim: 'username',
      serviceName: 'evote-audit',
    });
  });

  it('takes the service name from SERVICE_NAME when set', () => {
    expect(loadConfig({ AUDIT_TABLE: 't', VOTER_CLAIM: 'sub', SERVICE_NAME: 'x' }).serviceName).toBe('x');
  });

  it('names every missing variable at once', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ VOTER_CLAIM: ' ' })).toThrow(/AUDIT_TABLE, VOTER_CLAIM/);
  });
});
