/**
 * From the counted pass to the bill: the counted totals per ballot, then priced for this design
 * and for the original experiment's (cost.ts has the prices and both formulas).
 */
import { Source } from '@evote/shared';
import type { Counted } from './countedPass';
import {
  originalDesignTraffic,
  priceTraffic,
  PRICES,
  type BallotTraffic,
  type CostModel,
  type OriginalDesignInputs,
  type Prices,
} from './cost';

/** The counted totals per ballot; a function's duration is its warm one from the probes, else the mean seen in the pass. */
export function perBallotTraffic(
  ballots: number,
  counted: Counted,
  warmMs: ReadonlyMap<string, number>,
): BallotTraffic {
  const functions: BallotTraffic['functions'] = {};
  let apiRequests = 0;
  for (const { fn, invocations, durationMs, logBytes } of counted.functions) {
    if (invocations === 0) continue;
    if (fn.http.length > 0) apiRequests += invocations / ballots;
    functions[fn.key] = {
      invocations: invocations / ballots,
      meanMs: warmMs.get(fn.key) ?? durationMs / invocations,
      memoryMb: fn.memorySize,
      architecture: fn.architecture,
      logBytesPerInvocation: logBytes / invocations,
    };
  }
  return {
    api: 'http',
    apiRequests,
    functions,
    eventEntries: Object.fromEntries(
      Object.entries(counted.entries).map(([source, count]) => [source, count / ballots]),
    ),
    eventChunks: counted.chunks / ballots,
    dynamo: Object.fromEntries(
      Object.entries(counted.dynamo).map(([operation, count]) => [
        operation,
        {
          requests: count.requests / ballots,
          writeUnits: count.writeUnits / ballots,
          readUnits: count.readUnits / ballots,
        },
      ]),
    ),
  };
}

/** Where our services sit in the original design's differences (the API, the count, the audit log). */
const ORIGINAL_DESIGN: OriginalDesignInputs = {
  clientSource: Source.Events,
  apiFunction: 'createEvent',
  countTable: 'elections',
  auditTable: 'audit',
};

export interface CostComparison {
  prices: Prices;
  ours: CostModel;
  original: CostModel;
  oursOverOriginal: number;
}

/** One ballot's traffic priced per million ballots, as designed and as the original experiment had it. */
export function costOf(perBallot: BallotTraffic): CostComparison {
  const ours = priceTraffic('this design', perBallot);
  const original = priceTraffic('original experiment', originalDesignTraffic(perBallot, ORIGINAL_DESIGN));
  return {
    prices: PRICES,
    ours,
    original,
    oursOverOriginal: ours.dollarsPerMillionBallots / original.dollarsPerMillionBallots,
  };
}
