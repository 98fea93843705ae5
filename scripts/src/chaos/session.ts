/**
 * One local stack for the whole chaos suite (starting DynamoDB Local and bundling every function
 * costs more than most scenarios), with what the scenarios need around it: the knobs, marks in
 * the delivery log, the archive size, ballots fed in waves, and the CLI commands.
 */
import { DEFAULT_KNOBS, injectedFailure, type Knobs } from '../local/eventbridge/knobs';
import type { DeliveryRecord } from '../local/eventbridge/bus';
import { runCli, type CommandResult } from '../testing/commands';
import { startTestStack, type TestStack, type TestStackOptions } from '../testing/harness';
import { verifyTables, type Reconciliation } from '../verify';
import { rebuildTables, type RebuildReport } from '../rebuild';
import { requestOf, type GeneratedBallot } from './population';

export interface ChaosSession {
  t: TestStack;
  /** Replaces the bus's knobs (unset ones take their defaults). */
  setKnobs(knobs: Partial<Knobs>): void;
  /** Deliveries made since `mark` (an index into the delivery log). */
  deliveriesSince(mark: number): DeliveryRecord[];
  mark(): number;
  /** How many events the bus has archived (every accepted PutEvents entry). */
  archivedEvents(): number;
  /** POSTs each ballot once, in waves (see SubmitOptions), and waits until the bus is idle. */
  submit(
    ballots: readonly GeneratedBallot[],
    options?: SubmitOptions,
  ): Promise<{ correlationId: string; ballotId: string }[]>;
  verify(): Promise<Reconciliation>;
  /** The audit log folded stream by stream (revisions checked) against the tables: `yarn run rebuild`'s logic. */
  rebuild(): Promise<RebuildReport>;
  /** Runs `tsx scripts/src/cli/<script>` against this stack, without blocking the bus that lives in this process. */
  runCli(script: string, args?: readonly string[]): Promise<CommandResult>;
  stop(): Promise<void>;
}

/**
 * Ballots go in waves: `wave` at once, then the next when the bus has (almost) drained, so the
 * deliveries waiting for a function (the local FunctionHost runs at most 25 invocations of a function at once) stay bounded while the next wave keeps
 * every function busy.
 */
export interface SubmitOptions {
  /** Ballots posted at once (default 10). */
  wave?: number;
  /** The next wave goes when no more than this many deliveries are pending (default 0). */
  resumeAt?: number;
  /** Wait after posting a wave before looking at the pending deliveries (default 300 ms). */
  gapMs?: number;
}

const DEFAULT_WAVE = 10;

/** `partitionLimits`: the partition model in front of DynamoDB Local (off unless given or set in the environment). */
export async function startChaosSession(
  options: Pick<TestStackOptions, 'partitionLimits'> = {},
): Promise<ChaosSession> {
  // The functions' info lines (one per invocation, tens of thousands here) cost CPU the suite needs.
  const logLevel = process.env.LOG_LEVEL;
  if (!process.env.EVOTE_TEST_LOG) process.env.LOG_LEVEL ??= 'warn';
  const t = await startTestStack(options).finally(() => {
    if (logLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = logLevel;
  });
  await t.seed();
  const { bus } = t.stack;
  return {
    t,
    setKnobs(knobs) {
      bus.knobs = { ...DEFAULT_KNOBS, ...knobs };
    },
    mark: () => bus.deliveries.length,
    deliveriesSince: (mark) => bus.deliveries.slice(mark),
    // A replay limited to no rule lists the archive and delivers nothing.
    archivedEvents: () => bus.replay({ rules: [], name: 'count-only' }).events,
    async submit(ballots, options = {}) {
      const wave = options.wave ?? DEFAULT_WAVE;
      const queue = [...ballots];
      const accepted: { correlationId: string; ballotId: string }[] = [];
      for (let start = 0; start < queue.length; start += wave) {
        const responses = await Promise.all(
          queue
            .slice(start, start + wave)
            .map(async (ballot) => ({ ballot, response: await t.post('/events', requestOf(ballot)) })),
        );
        for (const { ballot, response } of responses) {
          if (response.status !== 202)
            throw new Error(`ballot ${ballot.ballotId}: ${response.status} ${JSON.stringify(response.body)}`);
          accepted.push({
            correlationId: (response.body as { correlationId: string }).correlationId,
            ballotId: ballot.ballotId,
          });
        }
        // Let the wave's cascade unfold, then feed the next one while the last deliveries finish.
        await sleep(options.gapMs ?? 300);
        while (bus.pendingDeliveries > (options.resumeAt ?? 0)) await sleep(10);
      }
      await t.settle();
      return accepted;
    },
    verify: () => verifyTables(t.db, t.tables),
    rebuild: () => rebuildTables(t.db, t.tables),
    runCli: (script, args = []) => runCli(t.stack.urls, script, args),
    stop: () => t.stop(),
  };
}

/** Attempts the knobs made fail, over a slice of the delivery log (dead-lettered ones included). */
export function injectedFaults(deliveries: readonly DeliveryRecord[], knobs: Knobs): number {
  let faults = 0;
  for (const delivery of deliveries) {
    for (let attempt = 1; attempt <= delivery.attempts; attempt++) {
      if (injectedFailure(knobs, [delivery.target, delivery.rule], delivery.eventId, attempt)) faults++;
    }
  }
  return faults;
}

/** Copies beyond the first of each (rule, event) in a slice of the delivery log. */
export function duplicateCopies(deliveries: readonly DeliveryRecord[]): number {
  const seen = new Set<string>();
  let copies = 0;
  for (const delivery of deliveries) {
    const key = `${delivery.rule} ${delivery.eventId}`;
    if (seen.has(key)) copies++;
    else seen.add(key);
  }
  return copies;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
