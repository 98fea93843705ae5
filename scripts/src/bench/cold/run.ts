/**
 * The cold-start probes alone, without the throughput phases of `yarn bench`:
 *
 *   yarn tsx scripts/src/bench/cold/run.ts [--cold-runs N (10)] [--warm-events N (2)] [--no-package] [--json]
 *
 * Starts an in-memory local stack on free ports, seeds elections and the probes' fresh ballots,
 * packages the services (`sls package --stage bench`, unless --no-package: then the local
 * stack's bundles, built with the same esbuild options) and probes every function on Node 20 and
 * Node 22 (cold/probeColdStarts.ts). Prints the report's cold-start table, or with --json one
 * object: the machine, the options and `coldStart` as `yarn bench --json` has it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageAll } from '../../deploy/package-all';
import { repoRoot } from '../../local/paths';
import { startLocalStack } from '../../local/stack';
import { optionsFromArgs } from '../args';
import { benchOptions, type BenchOptions } from '../options';
import { renderColdStarts } from '../output/coldReport';
import { progressTo, silent, type Progress } from '../output/progress';
import { machine, type Machine } from '../result';
import { documentClientFor, tablesOf } from '../stack';
import { seedWorkload, WorkloadGenerator } from '../workload/workload';
import { coldProbeBallots, probeColdStarts, type ColdStarts } from './probeColdStarts';

export interface ColdStartRun {
  machine: Machine;
  options: BenchOptions;
  coldStart: ColdStarts & { bundles: 'sls package' | 'local build' };
}

export async function runColdStarts(
  given: Partial<BenchOptions> = {},
  progress: Progress = silent,
): Promise<ColdStartRun> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = benchOptions(given);
  const root = repoRoot();
  const loadAtStart = os.loadavg();
  const workDir = path.join(root, '.evote', 'tmp', `cold-${randomUUID()}`);
  fs.mkdirSync(workDir, { recursive: true });
  try {
    if (options.package) {
      progress.step('sls package --stage bench');
      await packageAll({ root, stage: 'bench' });
    }
    progress.step('starting the local stack');
    const stack = await startLocalStack({
      inMemory: true,
      ports: { http: 0, eventBridge: 0, dynamodb: 0 },
      throttle: 'off',
    });
    const { client, db } = documentClientFor(stack);
    try {
      const generator = new WorkloadGenerator(options.seed);
      const elections = generator.elections(options.votesPerBallot, options.candidatesPerElection);
      const [named, ...fresh] = generator.ballots(
        1 + coldProbeBallots(stack.functions.size, options),
        elections,
        'uniform',
      );
      progress.step('seeding');
      await seedWorkload(db, tablesOf(stack), elections, named ? [named, ...fresh] : fresh);
      const cold = await probeColdStarts(options, stack, elections, named ? [named] : [], fresh, workDir, progress);
      progress.done();
      return {
        machine: machine(loadAtStart),
        options,
        coldStart: { bundles: options.package ? 'sls package' : 'local build', ...cold },
      };
    } finally {
      client.destroy();
      await stack.stop();
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { options, json } = optionsFromArgs(process.argv.slice(2));
  const run = await runColdStarts(options, progressTo(process.stderr));
  const { machine: host } = run;
  const heading = `${host.cpus} cores (${host.cpuModel}), load average ${host.loadAverage.start.join(' ')} at the start, ${host.loadAverage.end.join(' ')} at the end`;
  process.stdout.write(
    json
      ? `${JSON.stringify(run, null, 2)}\n`
      : `${heading}\n${renderColdStarts(run.coldStart, run.options.coldRuns)}\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
