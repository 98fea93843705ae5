/**
 * The local stack's metrics: the counts of every embedded-metric-format line the functions write
 * (the lines CloudWatch would turn into the `evote` metrics), plus the two the bus itself knows
 * (events dead-lettered, events redriven). `GET /_evote/metrics` and `yarn stats` read them.
 */
import { MetricName, parseEmfLine, type MetricSample } from '@evote/shared';

/** One counter: a metric name and its dimensions besides service and stage. */
export interface MetricCount {
  name: string;
  /** `reason` or `status` when the metric has one; service and stage are the stack's anyway. */
  dimensions: Record<string, string>;
  service: string;
  value: number;
}

/** The service label of the counts the bus makes itself (dead letters, redrives). */
export const BUS_SERVICE = 'local-bus';

export class LocalMetrics {
  private readonly counts = new Map<string, MetricCount>();

  /** Adds the samples of a function's output line; any other line is ignored. */
  observeLine(line: string): boolean {
    const samples = parseEmfLine(line);
    for (const sample of samples) this.add(sample);
    return samples.length > 0;
  }

  /** A count the bus makes itself. */
  countBus(name: typeof MetricName.EventsDeadLettered | typeof MetricName.EventsRedriven, value: number): void {
    if (value > 0) this.add({ name, value, dimensions: { service: BUS_SERVICE } });
  }

  /** Every counter, by name then dimensions. */
  snapshot(): MetricCount[] {
    return [...this.counts.values()]
      .map((count) => ({ ...count, dimensions: { ...count.dimensions } }))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }

  /** The total of `name` over all its dimensions (e.g. every rejection reason). */
  total(name: string): number {
    return this.snapshot()
      .filter((count) => count.name === name)
      .reduce((sum, count) => sum + count.value, 0);
  }

  private add(sample: MetricSample): void {
    const { service = 'unknown', stage: _stage, ...dimensions } = sample.dimensions;
    const count: MetricCount = { name: sample.name, dimensions, service, value: 0 };
    const key = keyOf(count);
    const existing = this.counts.get(key) ?? count;
    existing.value += sample.value;
    this.counts.set(key, existing);
  }
}

function keyOf(count: Pick<MetricCount, 'name' | 'dimensions' | 'service'>): string {
  return JSON.stringify([count.name, count.service, Object.entries(count.dimensions).sort()]);
}
