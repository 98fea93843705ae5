import { streamNameOf } from '@evote/audit';
import type { TestStack, TestTables } from './harness';

/**
 * A table's content with what legitimately differs between two runs taken out (timestamps,
 * correlation ids, event ids, stream revisions, which follow the order events arrived in, and the
 * audit shards, which follow the correlation id), so two runs can be compared item for item.
 */
const VOLATILE = new Set([
  'revision',
  'submittedAt',
  'submittedBy',
  'castAt',
  'countedAt',
  'correlationId',
  'time',
  'eventId',
  'event',
  'sk',
  'gsi1sk',
  'gsi1pk',
  'pk',
]);

export function fingerprint(items: readonly Record<string, unknown>[]): string[] {
  return items.map(describe).sort();
}

function describe(item: Record<string, unknown>): string {
  const stable = Object.fromEntries(
    Object.entries(item)
      .filter(([key]) => !VOLATILE.has(key))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify({ key: stableKey(item), ...stable });
}

/** Keys that carry no event id or time stay as they are; audit keys keep their entity only. */
function stableKey(item: Record<string, unknown>): string {
  if (item.entity === 'AuditEvent') {
    const detail = (item.event as { detail?: Record<string, unknown> } | undefined)?.detail ?? {};
    return `EVENT ${String(detail.ballotId)} ${String(detail.voteId ?? '')}`;
  }
  if (item.entity === 'AuditEntry') return `${streamNameOf(String(item.pk))} @event`;
  return `${String(item.pk)} ${String(item.sk)}`;
}

/** Every table of a test stack, fingerprinted: equal before and after means no item was written, changed or removed. */
export type TableFingerprints = Record<keyof TestTables, string[]>;

export async function fingerprintTables(t: TestStack): Promise<TableFingerprints> {
  const names = Object.keys(t.tables) as (keyof TestTables)[];
  const prints = await Promise.all(
    names.map(async (name) => [name, fingerprint(await t.scan(t.tables[name]))] as const),
  );
  return Object.fromEntries(prints) as TableFingerprints;
}
