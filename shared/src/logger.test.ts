import { EvoteError } from './errors';
import { createLogger } from './logger';

function capture(level?: string) {
  const lines: string[] = [];
  const previous = process.env.LOG_LEVEL;
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
  try {
    const logger = createLogger({ service: 'evote-voters' }, (line) => lines.push(line));
    return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  } finally {
    if (previous === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = previous;
  }
}

describe('createLogger', () => {
  it('writes one JSON line per call, level, time, service and msg first', () => {
    const { logger, lines, records } = capture();
    logger.info('ballot verified', { ballotId: 'b1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [record] = records();
    expect(Object.keys(record ?? {})).toEqual(['level', 'time', 'service', 'msg', 'ballotId']);
    expect(record).toMatchObject({ level: 'info', service: 'evote-voters', msg: 'ballot verified', ballotId: 'b1' });
    expect(new Date(String(record?.time)).toISOString()).toBe(record?.time);
  });

  it('carries the correlationId of a child on every line, placed before msg', () => {
    const { logger, lines, records } = capture();
    const child = logger.child({ correlationId: 'c-1' }).child({ ballotId: 'b1' });
    child.warn('ballot already submitted');
    child.error('boom', { attempt: 2 });
    logger.info('parent unchanged');
    expect(records().map((r) => r.correlationId)).toEqual(['c-1', 'c-1', undefined]);
    expect(Object.keys(JSON.parse(lines[0] ?? '{}'))).toEqual([
      'level',
      'time',
      'service',
      'correlationId',
      'msg',
      'ballotId',
    ]);
    expect(records()[1]).toMatchObject({ level: 'error', attempt: 2, ballotId: 'b1' });
  });

  it('serialises an Error as {name, code, message}, also nested', () => {
    const { logger, records } = capture();
    const err = new EvoteError('BALLOT_GONE', 'no such ballot');
    const sdkError = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
      $metadata: { httpStatusCode: 400 },
    });
    logger.error('failed', { err, nested: { cause: sdkError } });
    const [record] = records();
    expect(record?.err).toEqual({ name: 'EvoteError', code: 'BALLOT_GONE', message: 'no such ballot' });
    expect(record?.nested).toEqual({
      cause: { name: 'ConditionalCheckFailedException', message: 'The conditional request failed' },
    });
  });

  it('does not let fields overwrite level, time, service or msg', () => {
    const { logger, records } = capture();
    logger.info('real', { level: 'error', msg: 'fake', service: 'other', time: 'then' });
    expect(records()[0]).toMatchObject({ level: 'info', msg: 'real', service: 'evote-voters' });
    expect(records()[0]?.time).not.toBe('then');
  });

  it('filters by LOG_LEVEL (default info)', () => {
    const byDefault = capture();
    byDefault.logger.debug('hidden');
    byDefault.logger.info('shown');
    expect(byDefault.records().map((r) => r.msg)).toEqual(['shown']);

    const warnOnly = capture('WARN');
    warnOnly.logger.info('hidden');
    warnOnly.logger.child({ correlationId: 'c' }).info('hidden too');
    warnOnly.logger.warn('shown');
    warnOnly.logger.error('shown');
    expect(warnOnly.records().map((r) => r.level)).toEqual(['warn', 'error']);

    const debug = capture('debug');
    debug.logger.debug('shown');
    expect(debug.lines).toHaveLength(1);

    const unknown = capture('verbose');
    unknown.logger.debug('hidden');
    unknown.logger.info('shown');
    expect(unknown.lines).toHaveLength(1);
  });

  it('never throws on fields it cannot serialise', () => {
    const { logger, records } = capture();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => logger.info('still logged', { circular, big: 1n })).not.toThrow();
    expect(records()[0]).toMatchObject({ msg: 'still logged', logError: expect.stringContaining('not serialisable') });
  });

  it('writes to stdout by default', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      createLogger({ service: 's' }).info('hello');
      expect(write).toHaveBeenCalledWith(expect.stringMatching(/^\{.*"msg":"hello".*\}\n$/));
    } finally {
      write.mockRestore();
    }
  });
});
