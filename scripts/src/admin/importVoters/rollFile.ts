/**
 * Reads a voter roll (CSV) as a stream with csv-parse: one record at a time, never the whole
 * file. Each data row comes with the file line it starts on (the header is line 1), so a
 * problem is reported where an editor shows it, even after a quoted field that spans lines.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { judgeRollRow, rollColumns, RollHeaderError, type RowVerdict } from '@evote/voters';
import { unifyLineBreaks } from './lineBreaks';

/** One data row of the roll, judged by the voters' roll rules. */
export interface RollRow {
  /** The file line the row starts on (1 is the header). */
  readonly line: number;
  readonly verdict: RowVerdict;
}

/** The file is not CSV from `line` on (an unclosed quote, a stray quote...): nothing after it can be read. */
export class RollSyntaxError extends Error {
  readonly code = 'ROLL_NOT_CSV';
  constructor(
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'RollSyntaxError';
  }
}

/** Opens the roll for reading; a missing file fails here with its name. */
export function openRoll(file: string): Readable {
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  return fs.createReadStream(file);
}

/**
 * The data rows of a roll, judged one by one. Throws RollHeaderError when the header is
 * unusable (or the file empty) and RollSyntaxError when the file stops being CSV.
 */
export async function* readRoll(source: Readable): AsyncGenerator<RollRow> {
  const unified = unifyLineBreaks();
  const parser = source
    .pipe(unified)
    .pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  source.on('error', (error) => parser.destroy(error));
  let columns: ReturnType<typeof rollColumns> | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines - newlinesIn(record);
      if (columns === undefined) {
        columns = rollColumns(record);
        continue;
      }
      yield { line, verdict: judgeRollRow(columns, record) };
    }
  } catch (error) {
    throw asRollError(error);
  } finally {
    source.destroy();
    unified.destroy();
  }
  if (columns === undefined) throw new RollHeaderError('the file is empty: a roll starts with a header row');
}

/** A record ends on `info.lines`; the line breaks inside its quoted fields say where it began. */
function newlinesIn(record: readonly string[]): number {
  return record.reduce((count, field) => count + (field.match(/\n/g)?.length ?? 0), 0);
}

function asRollError(error: unknown): unknown {
  const csv = error as { code?: string; lines?: number; message?: string };
  if (typeof csv.code === 'string' && csv.code.startsWith('CSV_'))
    return new RollSyntaxError(csv.lines, `not valid CSV: ${csv.message ?? csv.code}`);
  return error;
}
