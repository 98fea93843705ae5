/**
 * The suite's figures: what was injected and what was found, per scenario and in total. Printed
 * at the end of the run and written to .evote/chaos-figures.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../local/paths';
import { formatAttackTable, type AttackRow } from './attacks';

export interface Figures {
  /** Ballots POSTed (accepted with 202). */
  ballotsSubmitted: number;
  /** Events the bus accepted (its archive grew by this many). */
  eventsPut: number;
  /** Deliveries made: one per event, rule and copy, whatever their outcome. */
  eventsDelivered: number;
  /** Copies beyond the first (the duplicates knob). */
  duplicatesInjected: number;
  /** Attempts the fail-first knob made fail. */
  faultsInjected: number;
  /** Deliveries parked in a dead-letter queue after their last attempt. */
  deadLettered: number;
  /** Dead letters delivered again by `yarn redrive`. */
  redriven: number;
  malformedRequestsSent: number;
  /** Requests with a missing, broken, forged or misused token (the attack table). */
  attackRequestsSent: number;
  /** Differences `yarn verify`'s logic found once a scenario was over (must be 0). */
  driftFound: number;
  /** Vote items, audit event items and audit entries that should exist and do not, plus dead letters left over (must be 0). */
  itemsLost: number;
  /** Differences the reconciliation reported in states the suite made wrong on purpose (must be above 0: it is not blind). */
  plantedDriftDetected: number;
}

export const emptyFigures = (): Figures => ({
  ballotsSubmitted: 0,
  eventsPut: 0,
  eventsDelivered: 0,
  duplicatesInjected: 0,
  faultsInjected: 0,
  deadLettered: 0,
  redriven: 0,
  malformedRequestsSent: 0,
  attackRequestsSent: 0,
  driftFound: 0,
  itemsLost: 0,
  plantedDriftDetected: 0,
});

export interface ScenarioFigures extends Figures {
  scenario: string;
  seconds: number;
  /** Measurements that do not add up across scenarios (memory, request rate). */
  notes?: Record<string, number | string>;
}

export class FigureBook {
  readonly scenarios: ScenarioFigures[] = [];
  /** The attack table's rows, one per attack, once the bad-input scenario ran it. */
  attacks: AttackRow[] = [];
  private readonly started = Date.now();

  record(scenario: string, seconds: number, figures: Partial<Figures>, notes?: Record<string, number | string>): void {
    this.scenarios.push({
      scenario,
      seconds: Math.round(seconds * 10) / 10,
      ...emptyFigures(),
      ...figures,
      ...(notes ? { notes } : {}),
    });
  }

  totals(): Figures {
    const totals = emptyFigures();
    for (const scenario of this.scenarios)
      for (const key of Object.keys(totals) as (keyof Figures)[]) totals[key] += scenario[key];
    return totals;
  }

  /** Writes .evote/chaos-figures.json and returns the text to print. */
  publish(file = path.join(repoRoot(), '.evote', 'chaos-figures.json')): string {
    const report = {
      finishedAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - this.started) / 100) / 10,
      totals: this.totals(),
      scenarios: this.scenarios,
      attacks: this.attacks,
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    const totals = report.totals;
    const rows = this.scenarios.map(
      (s) =>
        `  ${s.scenario.padEnd(28)} ${String(s.seconds).padStart(6)} s  ballots ${s.ballotsSubmitted}, put ${s.eventsPut}, delivered ${s.eventsDelivered}, duplicates ${s.duplicatesInjected}, faults ${s.faultsInjected}, dead-lettered ${s.deadLettered}, redriven ${s.redriven}, malformed ${s.malformedRequestsSent}, attacks ${s.attackRequestsSent}, drift ${s.driftFound}, lost ${s.itemsLost}` +
        (s.notes
          ? `; ${Object.entries(s.notes)
              .map(([key, value]) => `${key} ${value}`)
              .join(', ')}`
          : ''),
    );
    return [
      `chaos figures (${report.seconds} s, written to ${path.relative(repoRoot(), file)}):`,
      `  ballots submitted        ${totals.ballotsSubmitted}`,
      `  events put on the bus    ${totals.eventsPut}`,
      `  events delivered         ${totals.eventsDelivered}`,
      `  duplicates injected      ${totals.duplicatesInjected}`,
      `  faults injected          ${totals.faultsInjected}`,
      `  dead-lettered / redriven ${totals.deadLettered} / ${totals.redriven}`,
      `  malformed requests sent  ${totals.malformedRequestsSent}`,
      `  attack requests sent     ${totals.attackRequestsSent}`,
      `  drift found              ${totals.driftFound} (must be 0)`,
      `  items lost               ${totals.itemsLost} (must be 0)`,
      `  planted drift detected   ${totals.plantedDriftDetected} (verify is not blind)`,
      'per scenario:',
      ...rows,
      ...(this.attacks.length ? [formatAttackTable(this.attacks)] : []),
    ].join('\n');
  }
}
