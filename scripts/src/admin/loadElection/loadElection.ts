/**
 * `loadElection`: what `yarn admin load-election` does, as a function tests can call. Every
 * election of the definition is judged first (`planLoad`); if any is refused nothing is written.
 * Then each new or changed election gets, in this order, its candidates, its schedules, and its
 * election item with the definition's digest: the digest is written last, so a load cut short
 * is finished by the next one, and a load of the same file again finds every digest equal and
 * writes nothing, creating no schedule twice.
 */
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ElectionDefinition } from '@evote/elections';
import { planLoad, type ElectionDecision } from './plan';
import { applySchedules, scheduleChanges, type ScheduleOutcome, type ScheduleTarget } from './schedules';
import type { DefinitionStore } from './store';

export interface LoadElectionDeps {
  store: DefinitionStore;
  scheduler: SchedulerClient;
  target: ScheduleTarget;
  /** The clock the plan is judged by (default: now). */
  now?: Date;
}

export interface LoadSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** One sentence per refused election; when any, nothing was written. */
  refused: string[];
  schedules: ScheduleOutcome;
  /** Moments not scheduled because they had passed when the load ran (`<electionId>-opens`). */
  notScheduled: string[];
}

export async function loadElection(definition: ElectionDefinition, deps: LoadElectionDeps): Promise<LoadSummary> {
  const now = deps.now ?? new Date();
  const stored = await deps.store.stored(definition.elections.map((election) => election.electionId));
  const decisions = planLoad(definition.elections, stored, now);
  const summary: LoadSummary = {
    created: [],
    updated: [],
    unchanged: decisions.filter((d) => d.kind === 'unchanged').map((d) => d.election.electionId),
    refused: decisions.flatMap((d) => (d.kind === 'refuse' ? [d.reason] : [])),
    schedules: { created: [], updated: [], removed: [] },
    notScheduled: [],
  };
  if (summary.refused.length > 0) return summary;
  for (const decision of decisions) await apply(decision, deps, now, summary);
  return summary;
}

async function apply(
  decision: ElectionDecision,
  deps: LoadElectionDeps,
  now: Date,
  summary: LoadSummary,
): Promise<void> {
  if (decision.kind !== 'create' && decision.kind !== 'update') return;
  const { election } = decision;
  await deps.store.writeCandidates(election, decision.kind === 'update' ? decision.removedCandidates : []);
  const changes = scheduleChanges(election, deps.target, now);
  const outcome = await applySchedules(deps.scheduler, changes);
  summary.schedules.created.push(...outcome.created);
  summary.schedules.updated.push(...outcome.updated);
  summary.schedules.removed.push(...outcome.removed);
  summary.notScheduled.push(...changes.flatMap((change) => (change.action === 'delete' ? [change.name] : [])));
  await deps.store.writeElection(election, decision.kind === 'update' ? decision.stored : undefined, now);
  (decision.kind === 'create' ? summary.created : summary.updated).push(election.electionId);
}
