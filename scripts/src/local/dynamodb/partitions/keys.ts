/**
 * Keys as the partition model sees them: which attributes of a table (or of one of its global
 * secondary indexes) form the partition and sort key, the partition an item falls in, and the
 * order of sort keys (DynamoDB's: strings and binaries by their bytes, numbers by value).
 */
import type { AttributeMap, AttributeValue } from '../../../bench/cost/itemSize';

export interface KeySchema {
  hash: string;
  range?: string;
  /** A global secondary index: its partitions are its own, not the table's. */
  global?: boolean;
}

/** A table's key schema and its global secondary indexes' (local ones share the table's partition key). */
export interface TableKeys {
  table: KeySchema;
  indexes: Record<string, KeySchema>;
}

interface DescribedKey {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

/** TableKeys from a DescribeTable answer's `Table`. */
export function tableKeysOf(description: {
  KeySchema?: DescribedKey[];
  GlobalSecondaryIndexes?: { IndexName: string; KeySchema: DescribedKey[] }[];
  LocalSecondaryIndexes?: { IndexName: string; KeySchema: DescribedKey[] }[];
}): TableKeys {
  const schemaOf = (keys: DescribedKey[] = []): KeySchema => {
    const hash = keys.find((key) => key.KeyType === 'HASH')?.AttributeName;
    if (!hash) throw new Error('a key schema without a HASH key');
    const range = keys.find((key) => key.KeyType === 'RANGE')?.AttributeName;
    return range ? { hash, range } : { hash };
  };
  const indexes: Record<string, KeySchema> = {};
  for (const index of description.GlobalSecondaryIndexes ?? [])
    indexes[index.IndexName] = { ...schemaOf(index.KeySchema), global: true };
  for (const index of description.LocalSecondaryIndexes ?? []) indexes[index.IndexName] = schemaOf(index.KeySchema);
  return { table: schemaOf(description.KeySchema), indexes };
}

/** A sort key value comparable in DynamoDB's order. */
export type SortKey = { type: 'S' | 'B'; bytes: Buffer } | { type: 'N'; value: number };

export function sortKeyOf(value: AttributeValue | undefined): SortKey | undefined {
  if (!value) return undefined;
  if (typeof value.S === 'string') return { type: 'S', bytes: Buffer.from(value.S, 'utf8') };
  if (typeof value.N === 'string') return { type: 'N', value: Number(value.N) };
  if (typeof value.B === 'string') return { type: 'B', bytes: Buffer.from(value.B, 'base64') };
  return undefined;
}

export function compareSortKeys(left: SortKey, right: SortKey): number {
  if (left.type === 'N' && right.type === 'N') return left.value - right.value;
  if (left.type !== 'N' && right.type !== 'N') return Buffer.compare(left.bytes, right.bytes);
  // One attribute has one type in a key schema; mixed types cannot meet in one item collection.
  return left.type < right.type ? -1 : 1;
}

export function sortKeyText(key: SortKey): string {
  return key.type === 'N' ? `N:${key.value}` : `${key.type}:${key.bytes.toString('base64')}`;
}

/** The partition key value's canonical text (`S:ballot#1`), the name of its partition. */
export function valueText(value: AttributeValue | undefined): string | undefined {
  if (!value) return undefined;
  const [type, content] = Object.entries(value)[0] ?? [];
  return type === undefined ? undefined : `${type}:${String(content)}`;
}

/** Where one item lives: its partition key value and, if the schema has one, its sort key. */
export interface ItemPlace {
  partitionKey: string;
  sortKey?: SortKey;
  /** The item's whole key as text: the same item always has the same text. */
  itemKey: string;
}

/** The place of an item (or a key) under `schema`; undefined when the item lacks the partition key (an index that does not hold it). */
export function placeOf(item: AttributeMap, schema: KeySchema): ItemPlace | undefined {
  const partitionKey = valueText(item[schema.hash]);
  if (partitionKey === undefined) return undefined;
  const sortKey = schema.range ? sortKeyOf(item[schema.range]) : undefined;
  if (schema.range && !sortKey) return undefined;
  return sortKey
    ? { partitionKey, sortKey, itemKey: `${partitionKey}|${sortKeyText(sortKey)}` }
    : { partitionKey, itemKey: partitionKey };
}
