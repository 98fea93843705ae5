import { createMetrics, emfRecord, metricsFromEnv, MetricName, parseEmfLine } from './metrics';
import { ConfigError } from './errors';

function capture() {
  const lines: string[] = [];
  const metrics = createMetrics(
    { service: 'evote-voters', stage: 'dev' },
    (line) => lines.push(line),
    () => 1_700_000_000_000,
  );
  return { metrics, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createMetrics', () => {
  it('writes one embedded-metric-format line per count, in the evote namespace, by service and stage', () => {
    const { metrics, lines, records } = capture();
    metrics.count(MetricName.BallotsVerified);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(records()[0]).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'evote',
            Dimensions: [['service', 'stage']],
            Metrics: [{ Name: 'BallotsVerified', Unit: 'Count' }],
          },
        ],
      },
      service: 'evote-voters',
      stage: 'dev',
      BallotsVerified: 1,
    });
  });

  it('adds a reason or status dimension, each a member of the line as EMF requires', () => {
    const { metrics, records } = capture();
    metrics.count(MetricName.BallotsRejected, 1, { reason: 'VOTER_NOT_FOUND' });
    metrics.count(MetricName.PostsRefused, 2, { status: '415' });
    const [rejected, refused] = records();
    expect(rejected).toMatchObject({ reason: 'VOTER_NOT_FOUND', BallotsRejected: 1 });
    expect(
      (rejected?._aws as { CloudWatchMetrics: { Dimensions: unknown }[] }).CloudWatchMetrics[0]?.Dimensions,
    ).toEqual([['service', 'stage', 'reason']]);
    expect(refused).toMatchObject({ status: '415', PostsRefused: 2 });
  });

  it('writes nothing for a count of zero', () => {
    const { metrics, lines } = capture();
    metrics.count(MetricName.AuditRevisionRacesLost, 0);
    expect(lines).toEqual([]);
  });

  it('every dimension it declares is a member of the line (else CloudWatch drops the metric)', () => {
    for (const dimensions of [{}, { reason: 'r' }, { status: '400' }] as Record<string, string>[]) {
      const record = emfRecord(MetricName.PostsRefused, 1, { service: 's', stage: 'x', ...dimensions }, 0);
      const declared = (record._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] }).CloudWatchMetrics[0];
      for (const name of declared?.Dimensions.flat() ?? []) expect(typeof record[name]).toBe('string');
      expect(record.PostsRefused).toBe(1);
    }
  });
});

describe('metricsFromEnv', () => {
  it('takes the stage from STAGE and fails loudly without it', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      metricsFromEnv('evote-audit', { STAGE: 'prod' }).count(MetricName.AuditAppends);
      expect(parseEmfLine(String(write.mock.calls[0]?.[0]).trim())).toEqual([
        { name: 'AuditAppends', value: 1, dimensions: { service: 'evote-audit', stage: 'prod' } },
      ]);
    } finally {
      write.mockRestore();
    }
    expect(() => metricsFromEnv('evote-audit', {})).toThrow(ConfigError);
  });
});

describe('parseEmfLine', () => {
  it('reads back what the writer wrote', () => {
    const { metrics, lines } = capture();
    metrics.count(MetricName.BallotsRejected, 3, { reason: 'BALLOT_NOT_FOUND' });
    expect(parseEmfLine(lines[0] ?? '')).toEqual([
      {
        name: 'BallotsRejected',
        value: 3,
        dimensions: { service: 'evote-voters', stage: 'dev', reason: 'BALLOT_NOT_FOUND' },
      },
    ]);
  });

  it('ignores log lines, broken JSON and other namespaces', () => {
    expect(parseEmfLine('{"level":"info","msg":"vote counted"}')).toEqual([]);
    expect(parseEmfLine('{"_aws": {')).toEqual([]);
    expect(parseEmfLine('plain text')).toEqual([]);
    const foreign = {
      _aws: { CloudWatchMetrics: [{ Namespace: 'other', Dimensions: [[]], Metrics: [{ Name: 'X' }] }] },
      X: 1,
    };
    expect(parseEmfLine(JSON.stringify(foreign))).toEqual([]);
  });
});
