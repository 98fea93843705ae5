/**
 * A batch the partition model admits in part: as AWS does, the entries over a partition's limit
 * come back unprocessed (`UnprocessedItems` of BatchWriteItem, `UnprocessedKeys` of BatchGetItem)
 * and the others are done; only a batch of which nothing fits is a ProvisionedThroughputExceededException.
 */
import type { Touch } from './requests';

type Entries = Record<string, unknown[]>;
type GetTables = Record<string, { Keys: unknown[] } & Record<string, unknown>>;

export interface BatchSplit {
  /** The request with only the admitted entries. */
  admitted: Record<string, unknown>;
  /** The refused entries, shaped as the answer's unprocessed map. */
  unprocessed: Record<string, unknown>;
}

/** Splits a batch request by the verdicts of its touches (each touch names its entry). */
export function splitBatch(
  operation: 'BatchWriteItem' | 'BatchGetItem',
  request: Record<string, unknown>,
  touches: readonly Touch[],
  verdicts: readonly boolean[],
): BatchSplit {
  const refused = new Set(
    touches.flatMap((touch, index) => (verdicts[index] || !touch.entry ? [] : [entryId(touch.entry)])),
  );
  const keep = (table: string) => (_: unknown, position: number) => !refused.has(entryId({ table, position }));
  const drop = (table: string) => (_: unknown, position: number) => refused.has(entryId({ table, position }));
  if (operation === 'BatchWriteItem') {
    const tables = request.RequestItems as Entries;
    return {
      admitted: { ...request, RequestItems: pick(tables, (table, entries) => entries.filter(keep(table))) },
      unprocessed: pick(tables, (table, entries) => entries.filter(drop(table))),
    };
  }
  const tables = request.RequestItems as GetTables;
  const part = (filter: (table: string) => (entry: unknown, position: number) => boolean) =>
    pickGets(tables, (table, asked) => ({ ...asked, Keys: asked.Keys.filter(filter(table)) }));
  return { admitted: { ...request, RequestItems: part(keep) }, unprocessed: part(drop) };
}

/** DynamoDB's answer with the refused entries added to its own unprocessed ones. */
export function withUnprocessed(
  operation: 'BatchWriteItem' | 'BatchGetItem',
  answer: Record<string, unknown>,
  unprocessed: Record<string, unknown>,
): Record<string, unknown> {
  const field = operation === 'BatchWriteItem' ? 'UnprocessedItems' : 'UnprocessedKeys';
  const merged = { ...((answer[field] ?? {}) as Record<string, unknown>) };
  for (const [table, refused] of Object.entries(unprocessed)) {
    const already = merged[table];
    if (operation === 'BatchWriteItem') merged[table] = [...((already ?? []) as unknown[]), ...(refused as unknown[])];
    else {
      const asked = refused as { Keys: unknown[] };
      const before = (already ?? { ...asked, Keys: [] }) as { Keys: unknown[] };
      merged[table] = { ...before, Keys: [...before.Keys, ...asked.Keys] };
    }
  }
  return { ...answer, [field]: merged };
}

function entryId(entry: { table: string; position: number }): string {
  return `${entry.position} ${entry.table}`;
}

function pick(tables: Entries, filter: (table: string, entries: unknown[]) => unknown[]): Entries {
  const picked: Entries = {};
  for (const [table, entries] of Object.entries(tables)) {
    const kept = filter(table, entries);
    if (kept.length > 0) picked[table] = kept;
  }
  return picked;
}

function pickGets(
  tables: GetTables,
  filter: (table: string, asked: GetTables[string]) => GetTables[string],
): GetTables {
  const picked: GetTables = {};
  for (const [table, asked] of Object.entries(tables)) {
    const kept = filter(table, asked);
    if (kept.Keys.length > 0) picked[table] = kept;
  }
  return picked;
}
