/**
 * Business metrics as CloudWatch embedded metric format (EMF): one JSON line per count on
 * stdout, which CloudWatch Logs turns into metrics, so counting costs no API call on the hot
 * path. The local stack reads the same lines from function output (`yarn stats`).
 *
 * Dimensions stay low-cardinality: the service and the stage on every metric, plus `reason` or
 * `status` where the metric is named for one. Never an id: each distinct dimension value is a
 * metric CloudWatch bills for.
 */
import { readConfig } from './config';

/** The CloudWatch namespace of every evote metric. */
export const METRICS_NAMESPACE = 'evote';

/** Every business metric, by the name CloudWatch shows. */
export const MetricName = {
  /** POST /events answered 202 with a new ballot (a replayed Idempotency-Key is not counted again). */
  BallotsAccepted: 'BallotsAccepted',
  /** POST /events refused with a 4xx (dimension `status`). */
  PostsRefused: 'PostsRefused',
  /** A ballot verified for the first time (a redelivery is not counted again). */
  BallotsVerified: 'BallotsVerified',
  /** A ballot rejected (dimension `reason`). */
  BallotsRejected: 'BallotsRejected',
  /** A vote added to its candidate's tally (a redelivery is not counted again). */
  VotesCounted: 'VotesCounted',
  /** An event that wrote at least one new item to the audit log. */
  AuditAppends: 'AuditAppends',
  /** Conditional writes of a stream revision that another append won first (the append then retried). */
  AuditRevisionRacesLost: 'AuditRevisionRacesLost',
  /** Events sent from a dead-letter queue back to their rule's target. */
  EventsRedriven: 'EventsRedriven',
  /** Events parked in a dead-letter queue after their last attempt (the local bus counts these). */
  EventsDeadLettered: 'EventsDeadLettered',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** The dimensions a metric may add to service and stage. */
export interface MetricDimensions {
  readonly reason?: string;
  readonly status?: string;
}

/** Dimension names the evote metrics use; the dashboard's test checks its widgets against them. */
export const METRIC_DIMENSIONS = ['service', 'stage', 'reason', 'status'] as const;

export interface Metrics {
  /** Writes one EMF line counting `value` (default 1) of `name`. */
  count(name: MetricName, value?: number, dimensions?: MetricDimensions): void;
}

/**
 * Creates the metrics writer of one service.
 *
 * @param labels `service` (the `SERVICE_NAME` of the logs) and `stage`, on every metric.
 * @param write receives each line without its newline (default: stdout), injectable for tests.
 * @param now the timestamp of each line, injectable for tests.
 */
export function createMetrics(
  labels: { service: string; stage: string },
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => number = Date.now,
): Metrics {
  return {
    count(name, value = 1, dimensions = {}) {
      if (value === 0) return;
      write(JSON.stringify(emfRecord(name, value, { ...labels, ...definedOnly(dimensions) }, now())));
    },
  };
}

/**
 * The metrics writer of a deployed function: the stage comes from `STAGE`, read once; a function
 * deployed without it fails loudly rather than reporting metrics no dashboard shows.
 */
export function metricsFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): Metrics {
  return createMetrics({ service, stage: readConfig(['STAGE'] as const, env).STAGE });
}

/** One EMF document: the metric's value at its name, its dimensions as top-level members. */
export function emfRecord(
  name: MetricName,
  value: number,
  dimensions: Readonly<Record<string, string>>,
  timestamp: number,
): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [Object.keys(dimensions)],
          Metrics: [{ Name: name, Unit: 'Count' }],
        },
      ],
    },
    ...dimensions,
    [name]: value,
  };
}

/** One metric value read back from an EMF line. */
export interface MetricSample {
  readonly name: string;
  readonly value: number;
  /** Every dimension of the sample, `service` and `stage` included. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * The metric values of a log line, if it is an EMF document in the evote namespace; [] for any
 * other line. This is how the local stack reads the lines the functions write.
 */
export function parseEmfLine(line: string): MetricSample[] {
  if (!line.startsWith('{') || !line.includes('"_aws"')) return [];
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return [];
  }
  const directives = (record._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics;
  if (!Array.isArray(directives)) return [];
  return directives.flatMap((directive: { Namespace?: unknown; Dimensions?: unknown; Metrics?: unknown }) => {
    if (directive.Namespace !== METRICS_NAMESPACE || !Array.isArray(directive.Metrics)) return [];
    const names = Array.isArray(directive.Dimensions) ? (directive.Dimensions.flat() as unknown[]) : [];
    const dimensions = Object.fromEntries(
      names.filter((key): key is string => typeof key === 'string').map((key) => [key, String(record[key])]),
    );
    return (directive.Metrics as { Name?: unknown }[]).flatMap(({ Name }) =>
      typeof Name === 'string' && typeof record[Name] === 'number'
        ? [{ name: Name, value: record[Name] as number, dimensions }]
        : [],
    );
  });
}

function definedOnly(dimensions: MetricDimensions): Record<string, string> {
  return Object.fromEntries(Object.entries(dimensions).filter(([, value]) => value !== undefined));
}
