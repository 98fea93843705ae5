/**
 * Cold start: for every function, the size of what would be deployed and the time a fresh Node
 * process takes to load the bundle and handle one event (median of several fresh processes).
 *
 * Bundles come from `sls package` (the zips in each service's .serverless/, taken apart with
 * zip.ts) or, without packaging, from the local stack's bundles (built by esbuild with the same
 * `custom.esbuild` options). Each process gets the function's own environment, NODE_OPTIONS
 * included, pointed at a running local stack, and a fresh event (a ballot no one submitted yet),
 * so it does the real work: reads, conditional writes, publishing.
 *
 * "No schema compiled at load time" is checked twice: the bundle must not contain ajv's compiler
 * (`new Ajv`, `compileSchema`) nor `new Function(`, and the process counts every code generation
 * from strings (ajv's compile is one) while it loads and handles (coldProbe.js).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FunctionModel, StackModel } from '../../local/model/types';
import { median } from '../throughput/stats';
import { readZip } from './zip';

export interface ColdBundle {
  fn: FunctionModel;
  /** The handler's .js file, ready to require. */
  file: string;
  /** Size of the deployment package (`sls package` zip), when packaged. */
  zipBytes?: number;
  /** The handler bundle itself (what Node parses at a cold start), and its source map. */
  bundleBytes: number;
  mapBytes: number;
}

export interface ColdRun {
  ok: boolean;
  message?: string;
  bootMs: number;
  loadMs: number;
  handleMs: number;
  /** The later events, handled one at a time by the now warm process. */
  warmMs: number[];
  wallMs: number;
  generatedAtLoad: number;
  generatedInHandler: number;
  status?: number;
  maxRssMb: number;
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
   * first event, spawn to exit, and an event handled by the warm process (what Lambda bills).
   */
  medianMs: { boot: number; load: number; handle: number; loadAndHandle: number; wall: number; warm: number };
  maxRssMb: number;
  /** The HTTP status an HTTP function answered (for the record: 4xx/5xx would mean a bad probe event). */
  status?: number;
  /** Markers of a schema compiler found in the bundle (should be none). */
  compilerMarkers: string[];
  /** Code generated from strings (new Function) at load time, and while handling, in the worst run. */
  generatedAtLoad: number;
  generatedInHandler: number;
}

const COMPILER_MARKERS = [/\bnew Ajv\b/, /\bcompileSchema\b/, /\bnew Function\(/];

/** Markers of runtime code generation in a bundle's text. */
export function compilerMarkers(bundleText: string): string[] {
  return COMPILER_MARKERS.filter((marker) => marker.test(bundleText)).map((marker) => marker.source);
}

/** The handler file of a function inside its unpacked package: `src/handlers/x.handler` -> `src/handlers/x.js`. */
function handlerPath(serviceDir: string, fn: FunctionModel): string {
  return `${path.relative(serviceDir, fn.handlerModule).split(path.sep).join('/')}.js`;
}

/** Unpacks each function's `sls package` zip (in `<service>/.serverless/<key>.zip`) into `outDir`. */
export function bundlesFromPackages(model: StackModel, outDir: string): ColdBundle[] {
  return model.services.flatMap((service) =>
    service.functions.map((fn) => {
      const zipFile = path.join(service.dir, '.serverless', `${fn.key}.zip`);
      const zip = fs.readFileSync(zipFile);
      const target = path.join(outDir, service.name, fn.key);
      for (const entry of readZip(zip)) {
        const file = path.join(target, entry.name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, entry.data);
      }
      const file = path.join(target, handlerPath(service.dir, fn));
      if (!fs.existsSync(file)) throw new Error(`${zipFile} holds no ${handlerPath(service.dir, fn)}`);
      return { fn, file, zipBytes: zip.length, bundleBytes: fs.statSync(file).size, mapBytes: sizeOf(`${file}.map`) };
    }),
  );
}

/** The local stack's own bundles (same esbuild options as the deploy), copied so they outlive the stack. */
export function bundlesFromLocalBuild(
  bundled: readonly { fn: FunctionModel; file: string }[],
  outDir: string,
): ColdBundle[] {
  return bundled.map(({ fn, file: built }) => {
    const file = path.join(outDir, fn.service, fn.key, path.basename(built));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(built, file);
    if (fs.existsSync(`${built}.map`)) fs.copyFileSync(`${built}.map`, `${file}.map`);
    return { fn, file, bundleBytes: fs.statSync(file).size, mapBytes: sizeOf(`${file}.map`) };
  });
}

function sizeOf(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

export interface ProbeOptions {
  bundle: ColdBundle;
  /** The first event (cold), then the events the warm process handles one at a time. */
  events: unknown[];
  /** Endpoints, region and credentials of the running local stack. */
  clientEnvironment: Record<string, string>;
  /** Resolves when the stack has done what the last event set off; the next event waits for it. */
  settled: () => Promise<void>;
}

/** One fresh process: load the bundle, handle the event, report. */
export function probeOnce(options: ProbeOptions): Promise<ColdRun> {
  const { fn } = options.bundle;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...options.clientEnvironment,
    ...fn.environment,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    EVOTE_COLD_PROBE: JSON.stringify({
      file: options.bundle.file,
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
      execArgv: [],
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
          ? `probe exited with ${code}: ${Buffer.concat(stderr).toString().trim().slice(-500)}`
          : reply.message;
      const { kind: _kind, ...measured } = (reply ?? {}) as Partial<ColdRun> & { kind?: string };
      resolve({
        bootMs: NaN,
        loadMs: NaN,
        handleMs: NaN,
        warmMs: [],
        generatedAtLoad: 0,
        generatedInHandler: 0,
        maxRssMb: NaN,
        ...measured,
        ok: reply?.ok === true,
        wallMs,
        ...(failure ? { message: failure } : {}),
      });
    });
  });
}

/** Sums up the runs of one function. */
export function summarise(bundle: ColdBundle, runs: readonly ColdRun[], compilerFound: string[]): ColdStartResult {
  const ok = runs.filter((run) => run.ok);
  const of = (pick: (run: ColdRun) => number) => median(ok.map(pick));
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
    },
    maxRssMb: Math.max(0, ...ok.map((run) => run.maxRssMb)),
    ...(ok.find((run) => run.status !== undefined)
      ? { status: ok.find((run) => run.status !== undefined)?.status }
      : {}),
    compilerMarkers: compilerFound,
    generatedAtLoad: Math.max(0, ...ok.map((run) => run.generatedAtLoad)),
    generatedInHandler: Math.max(0, ...ok.map((run) => run.generatedInHandler)),
  };
}
