/**
 * `yarn bench [--ballots N] [--concurrency N] [--votes-per-ballot N] [--json] [--no-package] [...]`
 *
 * Benchmarks the pipeline on a fresh in-memory local stack against the ceiling of the same
 * DynamoDB writes sent directly, with one hot candidate, the cold start of every function and
 * the cost per million ballots (docs/performance.md explains every figure). A progress bar on
 * a terminal (plain lines otherwise, both on stderr); the results as tables, or with --json as
 * one JSON object on stdout.
 */
import { optionsFromArgs } from '../bench/args';
import { runBenchmark } from '../bench/bench';
import { progressTo } from '../bench/output/progress';
import { renderReport } from '../bench/output/report';

async function main(): Promise<void> {
  const { options, json } = optionsFromArgs(process.argv.slice(2));
  const result = await runBenchmark(options, progressTo(process.stderr));
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${renderReport(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
