/**
 * `yarn stats [--json]`: the business metrics of the running local stack (`yarn start`), as the
 * functions emitted them in embedded metric format (the lines CloudWatch turns into the `evote`
 * metrics) plus the bus's own dead-letter and redrive counts, read from `GET /_evote/metrics`.
 */
import type { MetricCount } from '../local/eventbridge/metrics';
import { renderTable } from '../inspect/table';
import { parseArgs } from './args';
import { callBusAdmin } from './busAdmin';

/** The counters as table rows: metric, the reason or status it is broken down by, service, count. */
export function statsRows(metrics: readonly MetricCount[]): string[][] {
  return metrics.map((count) => [
    count.name,
    Object.entries(count.dimensions)
      .map(([key, value]) => `${key}=${value}`)
      .join(' '),
    count.service,
    String(count.value),
  ]);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['json'], values: [] });
  const { metrics } = await callBusAdmin<{ metrics: MetricCount[] }>('GET', 'metrics');
  if (args.flags.json) {
    console.log(JSON.stringify(metrics, null, 2));
    return;
  }
  if (metrics.length === 0) {
    console.log('no metrics yet: nothing has been counted since the stack started');
    return;
  }
  console.log(renderTable(['metric', 'by', 'service', 'count'], statsRows(metrics)));
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
