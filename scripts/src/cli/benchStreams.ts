/**
 * `yarn bench:streams [--votes N (300)] [--concurrency N (25)] [--json]`
 * Measures what numbering a hot stream (an election's) would cost the audit log: appends per
 * second of one election's Vote Casts as designed and with the election stream numbered too.
 * Starts its own DynamoDB Local; about 30 s.
 */
import { parseArgs } from './args';
import { renderStreamBench, runStreamBench } from '../bench/streams/streamBench';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['json'], values: ['votes', 'concurrency'] });
  const numbers: Record<string, number> = {};
  for (const name of ['votes', 'concurrency'] as const) {
    const raw = args.values[name];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name} must be a whole number of at least 1, got "${raw}"`);
    numbers[name] = value;
  }
  if (args.positional.length) throw new Error('usage: yarn bench:streams [--votes N] [--concurrency N] [--json]');
  const result = await runStreamBench(numbers);
  console.log(args.flags.json ? JSON.stringify(result, null, 2) : renderStreamBench(result));
}

main().catch((error: Error) => {
  console.error(`bench:streams failed: ${error.message}`);
  process.exit(1);
});
