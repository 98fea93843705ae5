/**
 * Packages the four services (`sls package`) without AWS credentials, in parallel by default,
 * and reports how long each took. The CloudFormation templates land in each service's
 * `.serverless/` folder, where the template tests read them.
 *
 *   yarn tsx scripts/src/deploy/package-all.ts [--stage ci] [--region us-east-1] [--concurrency N]
 *
 * Packaging is CPU-bound (esbuild, then zipping), so by default as many services run at once
 * as the machine has cores; `--concurrency 1` packages them one after another.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from '../cli/args';
import { repoRoot } from '../local/paths';

/** The service folders, in deployment order (events owns the bus). */
export const SERVICES = ['events', 'voters', 'elections', 'audit'] as const;
export type ServiceDir = (typeof SERVICES)[number];

export interface PackageOptions {
  root: string;
  stage: string;
  region?: string;
  /** How many services to package at once (default: the number of cores, at most 4). */
  concurrency?: number;
}

export interface PackageResult {
  service: ServiceDir;
  ms: number;
  /** The compiled template a deploy would send to CloudFormation. */
  templatePath: string;
}

export interface PackageRun {
  results: PackageResult[];
  /** Wall-clock time of the whole run. */
  totalMs: number;
  concurrency: number;
}

export async function packageAll(options: PackageOptions): Promise<PackageRun> {
  const started = performance.now();
  const concurrency = Math.max(1, Math.min(options.concurrency ?? os.availableParallelism(), SERVICES.length));
  const results: PackageResult[] = [];
  const queue = [...SERVICES];
  const worker = async (): Promise<void> => {
    for (let service = queue.shift(); service !== undefined; service = queue.shift()) {
      results.push(await packageService(service, options));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  results.sort((a, b) => SERVICES.indexOf(a.service) - SERVICES.indexOf(b.service));
  return { results, totalMs: Math.round(performance.now() - started), concurrency };
}

export async function packageService(service: ServiceDir, options: PackageOptions): Promise<PackageResult> {
  const dir = path.join(options.root, service);
  const args = ['package', '--stage', options.stage, '--region', options.region ?? 'us-east-1'];
  const started = performance.now();
  await runServerless(options.root, service, args);
  return {
    service,
    ms: Math.round(performance.now() - started),
    templatePath: path.join(dir, '.serverless', 'cloudformation-template-update-stack.json'),
  };
}

/**
 * Packaging must never need an AWS account (cross-stack values are CloudFormation imports,
 * never `${cf:...}` lookups), so the child gets no credentials to find: if a change ever made
 * the framework call AWS while packaging, this fails instead of quietly using someone's profile.
 */
export function environmentWithoutCredentials(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const stripped = Object.fromEntries(
    Object.entries(env).filter(
      ([name]) =>
        !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|DEFAULT_PROFILE|WEB_IDENTITY_TOKEN_FILE|ROLE_ARN|CONTAINER_CREDENTIALS_.*)$/.test(
          name,
        ),
    ),
  );
  const nowhere = path.join(path.sep, 'nonexistent', 'evote-no-aws-config');
  return {
    ...stripped,
    AWS_SHARED_CREDENTIALS_FILE: nowhere,
    AWS_CONFIG_FILE: nowhere,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * Runs the framework (`sls <args>`) in a service's folder, without AWS credentials; rejects
 * with everything the framework printed when it exits non-zero.
 */
export function runServerless(root: string, service: ServiceDir, args: readonly string[]): Promise<void> {
  const cli = require.resolve('osls/bin/serverless.js', { paths: [root] });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: path.join(root, service),
      env: environmentWithoutCredentials(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `sls ${args.join(' ')} failed for ${service} (exit ${code}):\n${Buffer.concat(output).toString('utf8')}`,
          ),
        );
    });
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, { values: ['stage', 'region', 'concurrency'] });
  const stage = args.values.stage ?? 'dev';
  const concurrency = args.values.concurrency === undefined ? undefined : Number(args.values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0))
    throw new Error('--concurrency needs a positive integer');
  const run = await packageAll({ root: repoRoot(), stage, region: args.values.region, concurrency });
  for (const result of run.results) {
    process.stdout.write(
      `${result.service.padEnd(10)} ${(result.ms / 1000).toFixed(1).padStart(6)} s  ${path.relative(process.cwd(), result.templatePath)}\n`,
    );
  }
  process.stdout.write(
    `${'total'.padEnd(10)} ${(run.totalMs / 1000).toFixed(1).padStart(6)} s  (${run.concurrency} at a time, stage ${stage})\n`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
