/** The cold-start part of the report: every function on Node 20 and on Node 22, side by side. */
import { renderTable } from '../../inspect/table';
import type { ColdStartResult } from '../cold/coldStart';
import type { ColdStarts } from '../cold/probeColdStarts';

const fixed = (value: number | undefined, digits = 0) =>
  value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
const kb = (bytes: number | undefined) => (bytes === undefined ? '-' : `${(bytes / 1024).toFixed(0)} KB`);
const medianP90 = (median: number, p90: number) => `${fixed(median)} / ${fixed(p90)}`;

export function renderColdStarts(cold: ColdStarts & { bundles: string }, runs: number): string {
  const node22 = 'functions' in cold.node22 ? cold.node22 : undefined;
  const lines = [
    `COLD START (${cold.bundles} bundles; ${runs} fresh processes per function and runtime, ms, median unless "/ p90"; "warm event": a later event in the same process)`,
    renderTable(
      [
        'function',
        'zip',
        'bundle',
        'runtime',
        'node start',
        'load',
        'first event',
        'load + event / p90',
        'CPU ms',
        'warm event',
        'max RSS MB',
        'compiler in bundle',
        'code generated',
        'failed',
      ],
      cold.functions.flatMap((fn) => {
        const on22 = node22?.functions.find((candidate) => candidate.key === fn.key);
        return [
          row(fn, `node ${cold.node}`),
          ...(on22 ? [row(on22, `node ${node22?.version}${cacheNote(on22)}`)] : []),
        ];
      }),
    ),
  ];
  if (!node22) lines.push(`Node 22 not probed: ${'unavailable' in cold.node22 ? cold.node22.unavailable : ''}`);
  else {
    const cache = node22.compileCache;
    lines.push(
      cache.shipped
        ? `Node 22 with a V8 code cache made by a warm-up event (up to ${kb(cache.entryBytes)} per function, "cache hits" of the runs)`
        : `Node 22 without a code cache: ${cache.reason}`,
    );
    lines.push(...compared(node22.withoutCompileCache, node22.functions, 'on Node 22 without its code cache'));
  }
  lines.push(...compared(cold.withoutSourceMaps, cold.functions, 'without --enable-source-maps in NODE_OPTIONS'));
  return lines.join('\n');
}

function cacheNote(fn: ColdStartResult): string {
  return fn.compileCacheHits === undefined ? '' : ` (cache hits ${fn.compileCacheHits}/${fn.runs})`;
}

function row(fn: ColdStartResult, runtime: string): (string | number)[] {
  return [
    fn.key,
    kb(fn.zipBytes),
    kb(fn.bundleBytes),
    runtime,
    fixed(fn.medianMs.boot),
    fixed(fn.medianMs.load),
    `${fixed(fn.medianMs.handle)}${fn.status === undefined ? '' : ` (${fn.status})`}`,
    medianP90(fn.medianMs.loadAndHandle, fn.p90Ms.loadAndHandle),
    fixed(fn.medianMs.cpu),
    fixed(fn.medianMs.warm),
    fixed(fn.maxRssMb),
    fn.compilerMarkers.length ? fn.compilerMarkers.join(' ') : 'no',
    `${fn.generatedAtLoad} / ${fn.generatedInHandler}`,
    fn.failed ? `${fn.failed}: ${fn.errors[0] ?? ''}` : 0,
  ];
}

/** One function probed again under other conditions, beside its figures in the main table. */
function compared(again: ColdStartResult | undefined, functions: readonly ColdStartResult[], what: string): string[] {
  const main = functions.find((fn) => fn.key === again?.key);
  if (!again || !main) return [];
  return [
    `${again.key} ${what}: load ${fixed(again.medianMs.load)} ms (${fixed(main.medianMs.load)} as above), load + first event ${fixed(again.medianMs.loadAndHandle)} ms (${fixed(main.medianMs.loadAndHandle)} as above), CPU ${fixed(again.medianMs.cpu)} ms (${fixed(main.medianMs.cpu)} as above)`,
  ];
}
