import { optionsFromArgs } from './args';
import { benchOptions } from './options';
import { progressTo } from './output/progress';
import { closedLoop } from './throughput/closedLoop';
import { median, percentiles } from './throughput/stats';
import { BallotTracker } from './throughput/tracker';
import { ballotRequest, WorkloadGenerator } from './workload/workload';
import type { BusObserver, DeliveryRecord, LocalEventBus } from '../local/eventbridge/bus';
import type { BusEnvelope } from '../local/eventbridge/putEvents';

describe('yarn bench arguments', () => {
  it('reads the load options and flags', () => {
    expect(
      optionsFromArgs(['--ballots', '50', '--concurrency=8', '--votes-per-ballot', '3', '--no-package', '--json']),
    ).toEqual({
      options: { ballots: 50, concurrency: 8, votesPerBallot: 3, package: false },
      json: true,
    });
    expect(optionsFromArgs(['--warmup', '0']).options).toEqual({ warmupBallots: 0 });
  });

  it('reads the partition model phase: a scale in (0, 1], whole seconds and concurrency', () => {
    expect(
      optionsFromArgs(['--partition-scale', '0.002', '--partition-seconds', '5', '--partition-concurrency', '4'])
        .options,
    ).toEqual({ partitionScale: 0.002, partitionSeconds: 5, partitionConcurrency: 4 });
    expect(() => optionsFromArgs(['--partition-scale', '0'])).toThrow('--partition-scale must be a number in (0, 1]');
    expect(() => optionsFromArgs(['--partition-scale', '2'])).toThrow('--partition-scale');
    expect(() => optionsFromArgs(['--partition-scale', 'x'])).toThrow('--partition-scale');
    expect(benchOptions({})).toMatchObject({ partitionScale: 0.005, partitionSeconds: 15, partitionConcurrency: 32 });
  });

  it('refuses what is not a whole number, and unknown options', () => {
    expect(() => optionsFromArgs(['--ballots', '1.5'])).toThrow('--ballots must be a whole number of at least 1');
    expect(() => optionsFromArgs(['--ballots', '0'])).toThrow('--ballots');
    expect(() => optionsFromArgs(['--fast'])).toThrow('unknown option --fast');
  });

  it('derives the other phases from --ballots', () => {
    expect(benchOptions({ ballots: 2000 })).toMatchObject({
      directBallots: 1000,
      hotBallots: 500,
      warmupBallots: 100,
      costBallots: 50,
      concurrency: 16,
      votesPerBallot: 2,
    });
    expect(benchOptions({ ballots: 50 })).toMatchObject({
      directBallots: 25,
      hotBallots: 13,
      warmupBallots: 5,
      costBallots: 50,
    });
    expect(benchOptions()).toMatchObject({ ballots: 600, directBallots: 300, hotBallots: 150, warmupBallots: 60 });
  });
});

describe('percentiles', () => {
  it('takes measured samples by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentiles(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(percentiles([7])).toMatchObject({ p50: 7, p99: 7 });
    expect(percentiles([]).count).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('closedLoop', () => {
  it('keeps exactly `concurrency` tasks in flight until the items run out', async () => {
    let inFlight = 0;
    let most = 0;
    const finished: number[] = [];
    await closedLoop(
      Array.from({ length: 20 }, (_, index) => index),
      4,
      async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
      },
      (done) => finished.push(done),
    );
    expect(most).toBe(4);
    expect(finished).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });
});

describe('WorkloadGenerator', () => {
  it('generates the same unique 6-hex ids from the same seed', () => {
    const make = () => {
      const generator = new WorkloadGenerator(3);
      const elections = generator.elections(2, 4);
      return { elections, ballots: generator.ballots(50, elections, 'uniform') };
    };
    const { elections, ballots } = make();
    expect(make()).toEqual({ elections, ballots });
    const ids = [
      ...elections.flatMap((e) => [e.electionId, ...e.candidates.map((c) => c.candidateId)]),
      ...ballots.flatMap((b) => [b.ballotId, b.voterId]),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[0-9a-f]{6}$/.test(id))).toEqual([]);
    const electionIds = elections.map((e) => e.electionId);
    expect(ballots.filter((b) => b.votes.map((v) => v.electionId).join() !== electionIds.join())).toEqual([]);
  });

  it('puts every vote of a hot set on the first candidate of its election', () => {
    const generator = new WorkloadGenerator();
    const elections = generator.elections(2, 4);
    const hot = generator.ballots(20, elections, 'hot');
    expect(new Set(hot.flatMap((b) => b.votes.map((v) => v.candidateId)))).toEqual(
      new Set(elections.map((e) => e.candidates[0]?.candidateId)),
    );
    expect(ballotRequest(hot[0]!)).toEqual({
      type: 'Ballot Submitted',
      detail: { ballotId: hot[0]!.ballotId, voterId: hot[0]!.voterId, votes: hot[0]!.votes },
    });
  });
});

describe('BallotTracker', () => {
  function fakeBus() {
    let observer: BusObserver = {};
    const bus = {
      observe: (given: BusObserver) => ((observer = given), () => (observer = {})),
    } as unknown as LocalEventBus;
    const deliver = (target: string, ballotId: string, outcome: DeliveryRecord['outcome'] = 'delivered') =>
      observer.delivered?.(
        { rule: 'r', target, eventId: 'e', detailType: 't', source: 's', outcome, attempts: 1, ms: 1 },
        { detail: { ballotId } } as unknown as BusEnvelope,
      );
    return { bus, deliver };
  }

  it('resolves when the votes are counted and saved and every event is audited', async () => {
    const { bus, deliver } = fakeBus();
    const tracker = new BallotTracker(bus);
    const done = tracker.track('b1', 2);
    let resolved = false;
    void done.then(() => (resolved = true));
    for (const target of [
      'ballotSubmitted',
      'auditEvent',
      'ballotVerified',
      'auditEvent',
      'countVote',
      'countVote',
      'saveVote',
      'auditEvent',
      'saveVote',
    ])
      deliver(target, 'b1');
    deliver('auditEvent', 'other-ballot');
    await Promise.resolve();
    expect(resolved).toBe(false);
    deliver('auditEvent', 'b1');
    const times = await done;
    expect(times.countedAt).toBeLessThanOrEqual(times.auditedAt);
    tracker.stop();
  });

  it('rejects when a delivery of the ballot is dead-lettered', async () => {
    const { bus, deliver } = fakeBus();
    const tracker = new BallotTracker(bus);
    const done = tracker.track('b1', 1);
    deliver('countVote', 'b1', 'dead-lettered');
    await expect(done).rejects.toThrow('countVote dead-lettered');
    tracker.stop();
  });
});

describe('progress', () => {
  it('writes plain lines when not on a terminal', () => {
    const lines: string[] = [];
    const stream = { write: (text: string) => lines.push(text), isTTY: false } as unknown as NodeJS.WriteStream;
    const progress = progressTo(stream);
    progress.step('pipeline', 8);
    for (let done = 1; done <= 8; done++) progress.advance(done);
    progress.done();
    expect(lines[0]).toBe('bench: pipeline (8)\n');
    expect(lines.filter((line) => /pipeline \d\/8/.test(line))).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/^bench: done in/);
  });
});
