/**
 * A small run of `yarn bench --ballots 50` (20 in CI: EVOTE_TEST_POPULATION=ci), called programmatically: every figure must be there
 * and make sense. No timing thresholds: CI machines differ, and the figures are the benchmark's
 * business, not the test's. Packaging is left out here (the local stack's bundles, built with
 * the same esbuild options, are probed instead): `sls package` writes into the services'
 * .serverless/ folders, which the template test packages into at the same time.
 */
import { runBenchmark } from './bench';
import { totals } from './cost/dynamoMeter';
import { renderReport } from './output/report';
import type { BenchResult } from './result';
import { sizeFor } from '../testing/population';

const BALLOTS = sizeFor({ full: 50, ci: 20 });
let result: BenchResult;

beforeAll(async () => {
  result = await runBenchmark({
    ballots: BALLOTS,
    package: false,
    coldRuns: sizeFor({ full: 2, ci: 1 }),
    warmEvents: 1,
    partitionSeconds: 3,
    partitionConcurrency: 8,
  });
}, 600_000);

const VOTES = 2;

describe(`yarn bench --ballots ${BALLOTS}`, () => {
  it('runs the pipeline and the ceiling at the same load, with and without a hot candidate', () => {
    const { uniform, hot, tallies } = result.throughput;
    expect(uniform.pipeline).toMatchObject({ ballots: BALLOTS, failed: 0, concurrency: result.options.concurrency });
    expect(uniform.direct).toMatchObject({
      ballots: result.options.directBallots,
      failed: 0,
      concurrency: result.options.concurrency,
    });
    expect(hot.pipeline).toMatchObject({ ballots: result.options.hotBallots, failed: 0 });
    for (const phase of [uniform.pipeline, uniform.direct, hot.pipeline, hot.direct]) {
      expect(phase.ballotsPerSecond).toBeGreaterThan(0);
      expect(phase.cpuMsPerBallot.node).toBeGreaterThan(0);
      expect(phase.resources.peakRssMb.node).toBeGreaterThan(0);
    }
    expect(uniform.ratio).toBeCloseTo(uniform.pipeline.ballotsPerSecond / uniform.direct.ballotsPerSecond);
    expect(hot.ratio).toBeGreaterThan(0);
    expect(tallies.counted).toBe(tallies.expected);
  });

  it('runs one hot candidate under the partition model, unsharded then sharded, each vote counted exactly once', () => {
    const model = result.partitionModel;
    expect(model).toMatchObject({ scale: result.options.partitionScale, concurrency: 8 });
    expect(model.limits.writeUnits).toBeCloseTo(1000 * result.options.partitionScale);
    expect(model.unsharded.shards).toBe(1);
    expect(model.sharded.shards).toBe(16);
    for (const run of [model.unsharded, model.sharded]) {
      expect(run.votes).toBeGreaterThan(0);
      expect({ layout: run.layout, tallied: run.tallied }).toEqual({ layout: run.layout, tallied: run.votes });
      expect(run.seconds).toBeGreaterThanOrEqual(3);
    }
    // One candidate's single counter over its limit: the model throttled the unsharded layout.
    expect(model.unsharded.throttledWriteUnits).toBeGreaterThan(0);
    expect([model.unsharded.itemReadsPerVote, model.sharded.itemReadsPerVote]).toEqual([0, 0]);
    expect(model.ratio).toBeCloseTo(model.sharded.votesPerSecond / model.unsharded.votesPerSecond);
  });

  it("runs one hot election under the partition model, the fan-out's catalog read first, each vote counted exactly once", () => {
    const model = result.hotElection;
    expect(model).toMatchObject({ scale: result.options.partitionScale, concurrency: 8, candidates: 8 });
    expect([model.unsharded.shards, model.sharded.shards]).toEqual([1, 16]);
    for (const run of [model.unsharded, model.sharded]) {
      expect(run.votes).toBeGreaterThan(0);
      expect({ layout: run.layout, tallied: run.tallied }).toEqual({ layout: run.layout, tallied: run.votes });
    }
    // The fan-out reads the election item alone when it lists its candidates, and the candidate's item too when not.
    expect([model.unsharded.itemReadsPerVote, model.sharded.itemReadsPerVote]).toEqual([2, 1]);
    expect(model.awsVotesPerSecond).toBeCloseTo(model.sharded.votesPerSecond / model.scale);
    expect(model.timesOldCeiling).toBeCloseTo(model.awsVotesPerSecond / 200);
  });

  it('measures latency from the POST: accepted before counted, counted and audited for every ballot', () => {
    const { accepted, counted, audited } = result.throughput.uniform.pipeline.latencyMs;
    expect(accepted?.count).toBe(BALLOTS);
    expect(counted?.count).toBe(BALLOTS);
    expect(audited?.count).toBe(BALLOTS);
    expect(accepted?.p50).toBeLessThanOrEqual(counted?.p50 ?? 0);
    expect(counted?.p50).toBeLessThanOrEqual(counted?.p95 ?? 0);
    expect(counted?.p95).toBeLessThanOrEqual(counted?.p99 ?? 0);
    expect(result.throughput.uniform.direct.latencyMs.written?.count).toBe(result.options.directBallots);
  });

  it('starts every function cold in fresh processes, with no schema compiled', () => {
    const { functions } = result.coldStart;
    expect(functions.map((fn) => fn.key)).toEqual(
      expect.arrayContaining([
        'createEvent',
        'ballotSubmitted',
        'ballotVerified',
        'saveVote',
        'countVote',
        'auditEvent',
      ]),
    );
    for (const fn of functions) {
      expect({ key: fn.key, failed: fn.failed, errors: fn.errors }).toEqual({ key: fn.key, failed: 0, errors: [] });
      expect(fn.bundleBytes).toBeGreaterThan(10_000);
      expect(fn.medianMs.load).toBeGreaterThan(0);
      expect(fn.medianMs.handle).toBeGreaterThan(0);
      expect(fn.medianMs.warm).toBeGreaterThan(0);
      expect(fn.medianMs.loadAndHandle).toBeGreaterThan(Math.min(fn.medianMs.load, fn.medianMs.handle));
      expect(fn.compilerMarkers).toEqual([]);
      expect(fn.generatedAtLoad).toBe(0);
    }
    expect(functions.find((fn) => fn.key === 'createEvent')?.status).toBe(202);
    // The slowest function is probed again without --enable-source-maps only when its NODE_OPTIONS
    // has the flag, and no function's has (each serverless.yml says why): there is no such probe.
    expect(result.coldStart.withoutSourceMaps).toBeUndefined();
  });

  it('starts every function on Node 22 too (or says why not), from a code cache made for its bundle', () => {
    const { node22 } = result.coldStart;
    if (!('functions' in node22)) throw new Error(`Node 22 was not probed: ${node22.unavailable}`);
    expect(node22.version).toMatch(/^v22\./);
    expect(node22.functions.map((fn) => fn.key)).toEqual(result.coldStart.functions.map((fn) => fn.key));
    for (const fn of node22.functions) {
      expect({ key: fn.key, failed: fn.failed, errors: fn.errors }).toEqual({ key: fn.key, failed: 0, errors: [] });
      expect(fn.medianMs.loadAndHandle).toBeGreaterThan(0);
      expect(fn.p90Ms.loadAndHandle).toBeGreaterThanOrEqual(fn.medianMs.loadAndHandle);
      expect(fn.compileCacheHits).toBe(fn.runs);
    }
    expect(node22.withoutCompileCache?.compileCacheHits).toBeUndefined();
    expect(node22.withoutCompileCache?.failed).toBe(0);
  });

  it('counts one ballot of two votes as the design has it', () => {
    const { perBallot, dynamo } = result.traffic;
    expect(perBallot.apiRequests).toBeCloseTo(1);
    expect(perBallot.eventEntries).toEqual({ 'evote.events': 1, 'evote.voters': 1, 'evote.elections': VOTES });
    expect(perBallot.eventChunks).toBe(2 + VOTES);
    const invocations = Object.fromEntries(
      Object.entries(perBallot.functions).map(([key, fn]) => [key, fn.invocations]),
    );
    // At least once each; a retried delivery (a slow machine) adds an invocation, never removes one.
    const expected = {
      createEvent: 1,
      ballotSubmitted: 1,
      ballotVerified: 1,
      saveVote: VOTES,
      countVote: VOTES,
      auditEvent: 2 + VOTES,
    };
    for (const [key, count] of Object.entries(expected)) expect(invocations[key]).toBeGreaterThanOrEqual(count);
    expect(perBallot.dynamo['UpdateItem voters']?.requests).toBe(1);
    expect(perBallot.dynamo['TransactWriteItems elections']?.requests).toBeGreaterThanOrEqual(VOTES);
    expect(perBallot.dynamo['BatchGetItem elections']?.requests).toBe(1);
    expect(perBallot.dynamo['GetItem voters']?.requests).toBe(2);
    // The audit reads the ballot's and the voter's stream per event, and again per lost race.
    expect(perBallot.dynamo['Query audit']?.requests).toBeGreaterThanOrEqual(2 * (2 + VOTES));
    // 1 ballot update + 2 vote puts + 2 x 4 for the count transactions + 28 audit (8 + 10n, GSI
    // included) + 1 per refused stream put (a lost race for a revision).
    const refused = dynamo['PutItem audit']?.errors.ConditionalCheckFailedException ?? 0;
    const otherErrors = totals(dynamo).errors - refused;
    const writeUnits = Object.values(perBallot.dynamo).reduce((sum, op) => sum + op.writeUnits, 0);
    const designed = 1 + VOTES + 4 * VOTES + 8 + 10 * VOTES + refused / result.traffic.ballots;
    const auditPutUnits = (dynamo['PutItem audit']?.localWriteUnits ?? 0) + refused;
    if (otherErrors === 0 && result.traffic.retriedDeliveries === 0) {
      expect(writeUnits).toBeCloseTo(designed);
      expect(dynamo['PutItem audit']?.writeUnits).toBe(auditPutUnits);
    } else {
      // A retried request or delivery only writes again, and a refused write is billed at least one
      // unit: on such a run (a slow machine) the design's figures are floors.
      expect(writeUnits).toBeGreaterThanOrEqual(designed - 1e-9);
      expect(dynamo['PutItem audit']?.writeUnits).toBeGreaterThanOrEqual(auditPutUnits);
    }
  });

  it('prices a million ballots below the original design, and says which targets were met', () => {
    const { ours, original } = result.cost;
    expect(ours.dollarsPerMillionBallots).toBeGreaterThan(0);
    expect(ours.dollarsPerMillionBallots).toBeLessThan(original.dollarsPerMillionBallots);
    expect(original.lines.find((line) => line.item.startsWith('API Gateway REST'))?.perBallot).toBeCloseTo(2 + VOTES);
    expect(result.targets.map((target) => target.name)).toEqual(
      expect.arrayContaining([
        'pipeline/direct throughput, uniform votes',
        'cost per million ballots below the original design',
      ]),
    );
    expect(result.targets.find((target) => target.name === 'every vote counted exactly once')?.met).toBe(true);
  });

  it('renders the report and serialises to JSON', () => {
    const report = renderReport(result);
    for (const heading of [
      'THROUGHPUT AND LATENCY',
      'pipeline / direct:',
      'ONE HOT CANDIDATE UNDER THE PARTITION MODEL',
      'ONE HOT ELECTION UNDER THE PARTITION MODEL',
      'sharded / unsharded:',
      'COLD START',
      'TRAFFIC AND COST',
      'TARGETS',
    ])
      expect(report).toContain(heading);
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ options: { ballots: BALLOTS } });
  });
});
