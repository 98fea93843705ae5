/**
 * One local stack for the whole chaos suite (starting DynamoDB Local and bundling every function
 * costs more than most scenarios), with what the scenarios need around it: the knobs, marks in
 * the delivery log, the archive size, ballots fed in under back-pressure, and the CLI commands.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_KNOBS, injectedFailure, type Knobs } from '../local/eventbridge/knobs';
import type { DeliveryRecord } from '../local/eventbridge/bus';
import { repoRoot } from '../local/paths';
import { startTestStack, type TestStack } from '../testing/harness';
import { verifyTables, type Reconciliation } from '../verify';
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
  /** POSTs each ballot once (`copies` times), keeping at most `maxPending` deliveries in flight. */
  submit(ballots: readonly GeneratedBallot[], options?: { maxPending?: number; copies?: number }): Promise<{ correlationId: string; ballotId: string }[]>;
  verify(): Promise<Reconciliation>;
  /** Runs `tsx scripts/src/cli/<script>` against this stack, without blocking the bus that lives in this process. */
  runCli(script: string, args?: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/**
 * In AWS every invocation has its own CPU; here every delivery shares two cores with DynamoDB
 * Local. Feeding ballots no faster than the stack drains them keeps each attempt well inside the
 * functions' timeouts, so the retries the suite sees are the ones it injects.
 */
const DEFAULT_MAX_PENDING = 250;

export async function startChaosSession(): Promise<ChaosSession> {
  const t = await startTestStack();
  await t.seed();
  const { bus } = t.stack;
  const root = repoRoot();
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
      const maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
      const copies = options.copies ?? 1;
      const queue = ballots.flatMap((ballot) => Array.from({ length: copies }, () => ballot));
      const accepted: { correlationId: string; ballotId: string }[] = [];
      const poster = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          while (bus.pendingDeliveries > maxPending) await sleep(5);
          const response = await t.post('/events', requestOf(next));
          if (response.status !== 202) throw new Error(`ballot ${next.ballotId}: ${response.status} ${JSON.stringify(response.body)}`);
          accepted.push({ correlationId: (response.body as { correlationId: string }).correlationId, ballotId: next.ballotId });
        }
      };
      await Promise.all(Array.from({ length: 4 }, poster));
      await t.settle();
      return accepted;
    },
    verify: () => verifyTables(t.db, t.tables),
    runCli(script, args = []) {
      return new Promise((resolve) => {
        execFile(
          path.join(root, 'node_modules', '.bin', 'tsx'),
          [path.join(root, 'scripts', 'src', 'cli', script), ...args],
          {
            cwd: root,
            env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: t.stack.urls.dynamodb, AWS_ENDPOINT_URL_EVENTBRIDGE: t.stack.urls.eventBridge, EVENTBRIDGE_PORT: new URL(t.stack.urls.eventBridge).port },
            maxBuffer: 16 * 1024 * 1024,
          },
          (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    },
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
