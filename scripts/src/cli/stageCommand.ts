/**
 * What `yarn deploy`, `yarn run remove` and `yarn run info` share on the command line: `--stage`
 * (required: none of them guesses a stage), `--region`, any number of `--param key=value`,
 * `--dry-run`; and how they end (exit 2 for a command that cannot run as typed, 1 for a step
 * that failed).
 */
import type { StageOptions } from '../deploy/plan';
import { paramRecord } from '../deploy/protection';
import { parseArgs } from './args';

/** The command line cannot run as typed (a missing option, a refused plan): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
}

export interface StageCommand {
  options: StageOptions;
  dryRun: boolean;
  flags: Record<string, boolean>;
}

export function parseStageCommand(argv: readonly string[], usage: string, flags: readonly string[] = []): StageCommand {
  const params: string[] = [];
  const rest: string[] = [];
  // `--param` may be given many times, which the shared reader does not do.
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg.startsWith('--param=')) params.push(arg.slice('--param='.length));
    else if (arg === '--param') {
      const value = argv[++index];
      if (value === undefined) throw new UsageError(`--param needs key=value\n${usage}`);
      params.push(value);
    } else rest.push(arg);
  }
  let parsed;
  try {
    parsed = parseArgs(rest, { flags: ['dry-run', ...flags], values: ['stage', 'region'] });
    paramRecord(params);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
  const { stage, region } = parsed.values;
  if (!stage) throw new UsageError(`--stage is required\n${usage}`);
  if (parsed.positional.length > 0) throw new UsageError(`unexpected ${parsed.positional.join(' ')}\n${usage}`);
  return {
    options: { stage, ...(region === undefined ? {} : { region }), params },
    dryRun: parsed.flags['dry-run'] === true,
    flags: parsed.flags,
  };
}

/** Runs a command's main, printing a failure's message (no stack trace) and setting the exit code. */
export function runStageCommand(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
}
