import { createLogger } from '../logger';
import type { Logger } from '../logger';
import { createMetrics, parseEmfLine, type MetricSample, type Metrics } from '../metrics';
import type { PublishEntry, Publisher } from '../publisher';

/** A publisher that records what it was given, or fails with `failure`. */
export class FakePublisher implements Publisher {
  readonly published: PublishEntry[] = [];
  failure: Error | undefined;

  async publish(entries: readonly PublishEntry[]): Promise<string[]> {
    if (this.failure) throw this.failure;
    this.published.push(...entries);
    return entries.map((_, index) => `event-${this.published.length - entries.length + index}`);
  }
}

/** The real logger, writing into an array: tests read the parsed JSON lines. */
export function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[]; raw: string[] } {
  const raw: string[] = [];
  const logger = createLogger({ service: 'test' }, (line) => raw.push(line));
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** The real metrics writer, writing into an array: tests read back the samples of its EMF lines. */
export function capturingMetrics(): { metrics: Metrics; samples: () => MetricSample[]; raw: string[] } {
  const raw: string[] = [];
  const metrics = createMetrics({ service: 'test', stage: 'test' }, (line) => raw.push(line));
  return { metrics, raw, samples: () => raw.flatMap(parseEmfLine) };
}
