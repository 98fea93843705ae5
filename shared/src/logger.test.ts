import { EvoteError } from './errors';
import { createLogger, withInvocation } from './logger';

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

  it("prefers POWERTOOLS_LOG_LEVEL to LOG_LEVEL, and knows Powertools' level names", () => {
    const levelsShown = (env: NodeJS.ProcessEnv) => {
      const lines: string[] = [];
      const logger = createLogger({ service: 's' }, { write: (line) => lines.push(line), env });
      logger.debug('d');
      logger.info('i');
      logger.error('e');
      return lines.map((line) => JSON.parse(line).level);
    };
    expect(levelsShown({ POWERTOOLS_LOG_LEVEL: 'ERROR', LOG_LEVEL: 'debug' })).toEqual(['error']);
    expect(levelsShown({ POWERTOOLS_LOG_LEVEL: '', LOG_LEVEL: 'debug' })).toEqual(['debug', 'info', 'error']);
    expect(levelsShown({ POWERTOOLS_LOG_LEVEL: 'TRACE' })).toEqual(['debug', 'info', 'error']);
    expect(levelsShown({ POWERTOOLS_LOG_LEVEL: 'CRITICAL' })).toEqual(['error']);
    expect(levelsShown({ POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_LOGGER_SAMPLE_RATE: '1' })).toEqual([]);
  });

  it("puts the invocation's request id and correlation id on every line, a bound correlation id first", async () => {
    const { logger, lines, records } = capture();
    const handle = async (requestId: string, correlationId: string) =>
      withInvocation({ requestId, correlationId }, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        logger.info('read');
        logger.child({ correlationId: 'bound' }).info('bound');
      });
    // Two invocations at once, as the local runtime runs them: neither takes the other's ids.
    await Promise.all([handle('req-a', 'corr-a'), handle('req-b', 'corr-b')]);
    logger.info('outside');
    expect(records().map((r) => [r.msg, r.requestId, r.correlationId])).toEqual([
      ['read', 'req-a', 'corr-a'],
      ['bound', 'req-a', 'bound'],
      ['read', 'req-b', 'corr-b'],
      ['bound', 'req-b', 'bound'],
      ['outside', undefined, undefined],
    ]);
    expect(Object.keys(JSON.parse(lines[0] ?? '{}'))).toEqual([
      'level',
      'time',
      'service',
      'correlationId',
      'requestId',
      'msg',
    ]);
  });

  it('writes the debug lines of the sampled share of invocations (POWERTOOLS_LOGGER_SAMPLE_RATE)', () => {
    const lines: string[] = [];
    const env = { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_LOGGER_SAMPLE_RATE: '0.25' };
    const logger = createLogger({ service: 's' }, { write: (line) => lines.push(line), env });
    const draws = [0.1, 0.25, 0.9, 0.24];
    for (const draw of draws)
      withInvocation(
        { requestId: `r${draw}` },
        () => logger.debug('detail'),
        () => draw,
      );
    logger.debug('outside any invocation');
    expect(lines.map((line) => JSON.parse(line).requestId)).toEqual(['r0.1', 'r0.24']);
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
