import { readConfig } from './config';
import { ConfigError } from './errors';

describe('readConfig', () => {
  it('returns the named variables, frozen', () => {
    const config = readConfig(['EVENT_BUS_NAME', 'VOTERS_TABLE'] as const, {
      EVENT_BUS_NAME: 'evote-local',
      VOTERS_TABLE: 'evote-voters-local',
      UNRELATED: 'x',
    });
    expect(config).toEqual({ EVENT_BUS_NAME: 'evote-local', VOTERS_TABLE: 'evote-voters-local' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every missing, empty or blank variable in one ConfigError', () => {
    const read = () =>
      readConfig(['A_SET', 'B_MISSING', 'C_EMPTY', 'D_BLANK'], { A_SET: '1', C_EMPTY: '', D_BLANK: '  ' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow('missing environment variables: B_MISSING, C_EMPTY, D_BLANK');
    try {
      read();
    } catch (err) {
      expect(err).toMatchObject({ name: 'ConfigError', code: 'CONFIG_MISSING' });
    }
  });

  it('says "variable" for one', () => {
    expect(() => readConfig(['ONLY'], {})).toThrow('missing environment variable: ONLY');
  });

  it('reads process.env by default', () => {
    process.env.EVOTE_TEST_VAR = 'from-process';
    try {
      expect(readConfig(['EVOTE_TEST_VAR']).EVOTE_TEST_VAR).toBe('from-process');
    } finally {
      delete process.env.EVOTE_TEST_VAR;
    }
  });
});
