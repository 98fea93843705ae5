/**
 * Pass 1 of an import: reads the whole roll and collects every bad row with its line number,
 * before anything is written. The only thing kept in memory is one entry per voter id (id and
 * line, for the duplicate check): about 100 bytes a voter, some 10 MB for 100,000 voters.
 */
import type { Readable } from 'node:stream';
import { RollHeaderError } from '@evote/voters';
import { readRoll, RollSyntaxError } from './rollFile';

/** One bad row, or the header (line 1) / the place where the file stopped being CSV. */
export interface RollProblem {
  /** Undefined only when the parser could not say where it stopped. */
  readonly line: number | undefined;
  readonly problems: readonly string[];
}

export interface RollCheck {
  /** Data rows read (the header not counted). */
  readonly rows: number;
  /** Distinct voters the roll names (valid rows only). */
  readonly voters: number;
  /** Rows whose voter id was derived from name and e-mail. */
  readonly derivedIds: number;
  /** Every bad row in file order; empty when the roll may be imported. */
  readonly problems: readonly RollProblem[];
}

/**
 * Checks every row: each must pass the voters' roll rules, and no voter id may appear twice.
 * A duplicate is reported on its later line, naming the earlier one.
 */
export async function checkRoll(source: Readable): Promise<RollCheck> {
  const firstLineOf = new Map<string, number>();
  const problems: RollProblem[] = [];
  let rows = 0;
  let derivedIds = 0;
  try {
    for await (const row of readRoll(source)) {
      rows++;
      if (!row.verdict.ok) {
        problems.push({ line: row.line, problems: row.verdict.problems });
        continue;
      }
      const { voter } = row.verdict;
      const earlier = firstLineOf.get(voter.voterId);
      if (earlier !== undefined) {
        problems.push({
          line: row.line,
          problems: [
            voter.derivedId
              ? `same voter as line ${earlier}: no voter id, and the same name and e-mail (derived id ${voter.voterId})`
              : `voter id ${voter.voterId} is already on line ${earlier}`,
          ],
        });
        continue;
      }
      firstLineOf.set(voter.voterId, row.line);
      if (voter.derivedId) derivedIds++;
    }
  } catch (error) {
    if (error instanceof RollHeaderError) problems.push({ line: 1, problems: [error.message] });
    else if (error instanceof RollSyntaxError) problems.push({ line: error.line, problems: [error.message] });
    else throw error;
  }
  return { rows, voters: firstLineOf.size, derivedIds, problems };
}

/** `line 4: full name is missing; e-mail "x" is not an e-mail address`, one line per bad row. */
export function describeProblems(problems: readonly RollProblem[]): string[] {
  return problems.map(
    (problem) => `${problem.line === undefined ? 'somewhere' : `line ${problem.line}`}: ${problem.problems.join('; ')}`,
  );
}
