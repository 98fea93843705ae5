/**
 * Cold start: for every function, the size of what would be deployed and the time a fresh Node
 * process takes to load the bundle and handle one event (median of several fresh processes).
 *
 * Bundles come from bundles.ts. Each process gets the function's own environment, NODE_OPTIONS
 * included, pointed at a running local stack, and a fresh event (a ballot no one submitted yet),
 * so it does the real work: reads, conditional writes, publishing.
 *
 * "No schema compiled at load time" is checked twice: the bundle must not contain ajv's compiler
 * (bundles.ts), and the process counts every code generation from strings (ajv's compile is one)
 * while it loads and handles (coldProbe.js).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { median } from '../throughput/stats';
import type { ColdBundle } from './bundles';
import { CODE_CACHE_DEBUG, codeCacheVerdict, WRITE_CODE_CACHE, type CodeCacheLayout } from './codeCache';

export interface ColdRun {
  ok: boolean;
  message?: string;
  bootMs: number;
  loadMs: number;
  handleMs: number;
  /** CPU time of the process (every thread) over load + first event. */
  cpuMs: number;
  /** The later events, handled one at a time by the now warm process. */
  warmMs: number[];
  wallMs: number;
  generatedAtLoad: number;
  generatedInHandler: number;
  status?: number;
  maxRssMb: number;
  /** Whether the bundle's code came from its code cache (the loader's debug lines say), when one was given. */
  compileCache?: 'accepted' | 'rejected' | 'missing' | 'off';
}

export interface ColdStartResult {
  function: string;
  key: string;
  zipBytes?: number;
  bundleBytes: number;
  runs: number;
  failed: number;
  errors: string[];
  /**
   * Medians over the runs (ms): Node's own start, loading the bundle, the first event, load +
   * first event, spawn to exit, an event handled by the warm process (what Lambda bills), and the
   * CPU time of load + first event (less sensitive than wall time to a busy machine).
   */
  medianMs: {
    boot: number;
    load: number;
    handle: number;
    loadAndHandle: number;
    wall: number;
    warm: number;
    cpu: number;
  };
  /** The 90th percentile (nearest rank) of the same runs. */
  p90Ms: { load: number; handle: number; loadAndHandle: number };
  maxRssMb: number;
  /** The HTTP status an HTTP function answered (for the record: 4xx/5xx would mean a bad probe event). */
  status?: number;
  /** Markers of a schema compiler found in the bundle (should be none). */
  compilerMarkers: string[];
  /** Code generated from strings (new Function) at load time, and while handling, in the worst run. */
  generatedAtLoad: number;
  generatedInHandler: number;
  /** Runs whose bundle was loaded from a shipped code cache, of `runs` (only when one was shipped). */
  compileCacheHits?: number;
}

/** The Node a probe runs on, and what it adds to the function's environment. */
export interface ProbeRuntime {
  /** `node20` (this process's Node) or `node22` (Lambda's nodejs22.x). */
  name: string;
  execPath: string;
  /** Flags for `node` itself (Lambda's, lambdaNodeArgs, for the runtime that stands for Lambda's). */
  execArgv?: string[];
  version: string;
  /** The bundle laid out with the code cache loader (codeCache.ts), as a package would ship it. */
  codeCache?: CodeCacheLayout;
}

export interface ProbeOptions {
  bundle: ColdBundle;
  /** The first event (cold), then the events the warm process handles one at a time. */
  events: unknown[];
  /** Endpoints, region and credentials of the running local stack. */
  clientEnvironment: Record<string, string>;
  /** Resolves when the stack has done what the last event set off; the next event waits for it. */
  settled: () => Promise<void>;
  /** Default: this process's Node, no code cache. */
  runtime?: ProbeRuntime;
  /** The warm-up run that makes the runtime's code cache: the loader writes it at exit. */
  writeCodeCache?: boolean;
}

/** One fresh process: load the bundle, handle the event, report. */
export function probeOnce(options: ProbeOptions): Promise<ColdRun> {
  const { fn } = options.bundle;
  const codeCache = options.runtime?.codeCache;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...options.clientEnvironment,
    ...fn.environment,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(codeCache ? { NODE_DEBUG: CODE_CACHE_DEBUG, ...(options.writeCodeCache ? WRITE_CODE_CACHE : {}) } : {}),
    EVOTE_COLD_PROBE: JSON.stringify({
      file: codeCache?.loader ?? options.bundle.file,
      handlerExport: fn.handlerExport,
      functionName: fn.name,
      memorySize: fn.memorySize,
      events: options.events,
    }),
  };
  const started = performance.now();
  return new Promise((resolve) => {
    const child = fork(path.join(__dirname, 'coldProbe.js'), [], {
      env,
      // EVOTE_COLD_CPU_PROF=<dir>: a V8 CPU profile of every probe, to see where a cold start goes.
      execArgv: [
        ...(options.runtime?.execArgv ?? []),
        ...(process.env.EVOTE_COLD_CPU_PROF
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.EVOTE_COLD_CPU_PROF}`, '--cpu-prof-interval=100']
          : []),
      ],
      ...(options.runtime ? { execPath: options.runtime.execPath } : {}),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const stderr: Buffer[] = [];
    let reply: Partial<ColdRun> | undefined;
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('message', (message: Partial<ColdRun> & { kind: 'handled' | 'report' }) => {
      if (message.kind === 'report') reply = message;
      else void options.settled().then(() => child.send('next'));
    });
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      const failure =
        reply === undefined
          ? `probe exited with ${code}: ${withoutCacheLines(Buffer.concat(stderr).toString()).slice(-500)}`
          : reply.message;
      const { kind: _kind, ...measured } = (reply ?? {}) as Partial<ColdRun> & { kind?: string };
      resolve({
        bootMs: NaN,
        loadMs: NaN,
        handleMs: NaN,
        cpuMs: NaN,
        warmMs: [],
        generatedAtLoad: 0,
        generatedInHandler: 0,
        maxRssMb: NaN,
        ...measured,
        ok: reply?.ok === true,
        wallMs,
        ...(codeCache ? { compileCache: codeCacheVerdict(Buffer.concat(stderr).toString(), codeCache.bundle) } : {}),
        ...(failure ? { message: failure } : {}),
      });
    });
  });
}

function withoutCacheLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('EVOTE_CODE_CACHE '))
    .join('\n')
    .trim();
}

/** Nearest-rank percentile: a measured sample, never an interpolation. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Sums up the runs of one function. */
export function summarise(bundle: ColdBundle, runs: readonly ColdRun[], compilerFound: string[]): ColdStartResult {
  const ok = runs.filter((run) => run.ok);
  const of = (pick: (run: ColdRun) => number) => median(ok.map(pick));
  const p90 = (pick: (run: ColdRun) => number) => percentile(ok.map(pick), 90);
  const cached = runs.filter((run) => run.compileCache !== undefined);
  return {
    function: bundle.fn.name,
    key: bundle.fn.key,
    ...(bundle.zipBytes === undefined ? {} : { zipBytes: bundle.zipBytes }),
    bundleBytes: bundle.bundleBytes,
    runs: runs.length,
    failed: runs.length - ok.length,
    errors: [...new Set(runs.filter((run) => !run.ok).map((run) => run.message ?? 'failed'))].slice(0, 3),
    medianMs: {
      boot: of((run) => run.bootMs),
      load: of((run) => run.loadMs),
      handle: of((run) => run.handleMs),
      loadAndHandle: of((run) => run.loadMs + run.handleMs),
      wall: of((run) => run.wallMs),
      warm: median(ok.flatMap((run) => run.warmMs)),
      cpu: of((run) => run.cpuMs),
    },
    p90Ms: {
      load: p90((run) => run.loadMs),
      handle: p90((run) => run.handleMs),
      loadAndHandle: p90((run) => run.loadMs + run.handleMs),
    },
    maxRssMb: Math.max(0, ...ok.map((run) => run.maxRssMb)),
    ...(ok.find((run) => run.status !== undefined)
      ? { status: ok.find((run) => run.status !== undefined)?.status }
      : {}),
    compilerMarkers: compilerFound,
    generatedAtLoad: Math.max(0, ...ok.map((run) => run.generatedAtLoad)),
    generatedInHandler: Math.max(0, ...ok.map((run) => run.generatedInHandler)),
    ...(cached.length ? { compileCacheHits: cached.filter((run) => run.compileCache === 'accepted').length } : {}),
  };
}
