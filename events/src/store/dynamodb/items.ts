/**
 * Items of the idempotency table: the key of one (voter, Idempotency-Key) and the mapping
 * between items and the domain's key records. Voter ids and keys are identifiers
 * (`[A-Za-z0-9_-]`), so neither can contain the `#` separator.
 */
import type { KeyRecord } from '../../domain/idempotency';

/** The `entity` attribute every item records. */
export const Entity = { IdempotencyKey: 'IdempotencyKey' } as const;

/** The `keyState` attribute: who holds the key. */
export const KeyState = { InProgress: 'IN_PROGRESS', Completed: 'COMPLETED' } as const;

export interface ItemKey {
  readonly pk: string;
}

/** `VOTER#<voterId>#KEY#<key>`: keys are per voter, so two voters may use the same key. */
export function idempotencyKeyKey(voterId: string, key: string): ItemKey {
  return { pk: `VOTER#${voterId}#KEY#${key}` };
}

type Item = Record<string, unknown>;

/** The record an item holds; throws on an item this code did not write. */
export function toKeyRecord(item: Item): KeyRecord {
  const fingerprint = field(item, 'fingerprint', 'string');
  const expiresAt = field(item, 'expiresAt', 'number');
  if (item.keyState === KeyState.InProgress) {
    return {
      state: KeyState.InProgress,
      fingerprint,
      expiresAt,
      leaseExpiresAt: field(item, 'leaseExpiresAt', 'number'),
    };
  }
  if (item.keyState === KeyState.Completed) {
    const answer = {
      eventId: field(item, 'eventId', 'string'),
      correlationId: field(item, 'correlationId', 'string'),
      acceptedAt: field(item, 'acceptedAt', 'string'),
    };
    return { state: KeyState.Completed, fingerprint, expiresAt, answer };
  }
  throw new Error(`idempotency item ${String(item.pk)} has an unknown keyState`);
}

function field<T extends 'string' | 'number'>(item: Item, name: string, type: T): T extends 'string' ? string : number {
  const value = item[name];
  if (typeof value !== type) throw new Error(`idempotency item ${String(item.pk)} lacks a ${type} ${name}`);
  return value as T extends 'string' ? string : number;
}
