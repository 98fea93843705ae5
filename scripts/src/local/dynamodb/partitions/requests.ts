/**
 * What one DynamoDB request asks of the partitions: the items (or, for a Query, the partition)
 * it touches, read or write, and the capacity units AWS would charge for each. Pure functions of
 * the request, its answer and the tables' key schemas, so every rule is unit-tested without a
 * database. The unit rules are AWS's (docs/partition-model.md cites them):
 * - a write: 1 unit per started KB of the item; in a transaction 2 per KB (ConditionCheck too);
 * - a read: 1 unit per started 4 KB strongly consistent, half that eventually consistent, twice
 *   that in a transaction; an item not found still costs the minimum;
 * - a Query: the items it returns summed, then rounded up to 4 KB.
 * A read's size is known only from the answer, so a read is admitted on its minimum and the rest
 * is charged when DynamoDB answers (`readCharges`).
 * Over 250 lines because it covers every data-plane operation the SDK sends, so one file holds
 * every unit rule and none is written twice.
 */
import { itemSize, writeUnitsOf, type AttributeMap, type AttributeValue } from '../../../bench/cost/itemSize';
import { placeOf, valueText, type ItemPlace, type KeySchema, type TableKeys } from './keys';

export type CapacityKind = 'read' | 'write';

/** One item (or one partition, for a Query) a request touches, and what it costs there. */
export interface Touch {
  table: string;
  /** The global secondary index a Query reads, whose partitions are not the table's. */
  index?: string;
  place: ItemPlace;
  kind: CapacityKind;
  /** Units charged when the request is admitted (a read's minimum; a write's whole estimate). */
  units: number;
  /** A batch entry's table and position in its table's list (to hand back as unprocessed). */
  entry?: { table: string; position: number };
}

export type RequestKind = 'single' | 'query' | 'transactWrite' | 'transactGet' | 'batchWrite' | 'batchGet';

/** A metered request: its kind and its touches (a transaction's in TransactItems order). */
export interface RequestPlan {
  operation: string;
  kind: RequestKind;
  touches: Touch[];
}

const KB = 1024;
const READ_BLOCK = 4 * KB;

/** The tables a request names, so their key schemas can be looked up before `planOf`. */
export function tablesOf(request: Record<string, unknown>): string[] {
  const tables = new Set<string>();
  if (typeof request.TableName === 'string') tables.add(request.TableName);
  for (const name of Object.keys((request.RequestItems ?? {}) as object)) tables.add(name);
  for (const item of (request.TransactItems ?? []) as Record<string, { TableName?: string }>[]) {
    const action = Object.values(item)[0];
    if (action?.TableName) tables.add(action.TableName);
  }
  return [...tables];
}

/**
 * The plan of a request, or undefined for what the model leaves alone (Scan, table and other
 * control-plane operations) and for a request it cannot place (DynamoDB Local then answers it).
 */
export function planOf(
  operation: string,
  request: Record<string, unknown>,
  keysOf: (table: string) => TableKeys | undefined,
): RequestPlan | undefined {
  const table = String(request.TableName ?? '');
  const schema = keysOf(table)?.table;
  const consistent = request.ConsistentRead === true;
  const single = (touch: Touch | undefined): RequestPlan | undefined =>
    touch ? { operation, kind: 'single', touches: [touch] } : undefined;
  switch (operation) {
    case 'PutItem':
      return single(
        writeTouch(table, schema, request.Item as AttributeMap, writeUnitsOf(request.Item as AttributeMap)),
      );
    case 'UpdateItem':
      return single(writeTouch(table, schema, request.Key as AttributeMap, updateUnits(request)));
    case 'DeleteItem':
      return single(writeTouch(table, schema, request.Key as AttributeMap, writeUnitsOf(request.Key as AttributeMap)));
    case 'GetItem':
      return single(readTouch(table, schema, request.Key as AttributeMap, readFactor(consistent)));
    case 'Query':
      return queryPlan(table, keysOf(table), request);
    case 'TransactWriteItems':
      return allPlaced(operation, 'transactWrite', transactWriteTouches(request, keysOf));
    case 'TransactGetItems':
      return allPlaced(operation, 'transactGet', transactGetTouches(request, keysOf));
    case 'BatchWriteItem':
      return allPlaced(operation, 'batchWrite', batchWriteTouches(request, keysOf));
    case 'BatchGetItem':
      return allPlaced(operation, 'batchGet', batchGetTouches(request, keysOf));
    default:
      return undefined;
  }
}

/** Read units per started 4 KB: 1 strongly consistent, 0.5 eventually consistent, 2 in a transaction. */
export function readFactor(consistent: boolean, transactional = false): number {
  return transactional ? 2 : consistent ? 1 : 0.5;
}

/** An item's read units: its size in started 4 KB blocks (at least one) times the factor. */
export function readUnitsOf(size: number, factor: number): number {
  return Math.max(1, Math.ceil(size / READ_BLOCK)) * factor;
}

/**
 * An update's write units, estimated from the request: its key and every value it sends. AWS
 * charges the larger of the item before and after, which only a read could tell.
 */
export function updateUnits(request: Record<string, unknown>): number {
  const key = (request.Key ?? {}) as AttributeMap;
  const values = (request.ExpressionAttributeValues ?? {}) as AttributeMap;
  const size = itemSize(key) + Object.values(values).reduce((sum, value) => sum + itemSize({ '': value }), 0);
  return Math.max(1, Math.ceil(size / KB));
}

/**
 * The read units of an answer beyond what was charged at admission, per item (or per Query),
 * placed as the request's touches were; the proxy charges them to the same partitions.
 */
export function readCharges(
  plan: RequestPlan,
  request: Record<string, unknown>,
  answer: Record<string, unknown>,
  keysOf: (table: string) => TableKeys | undefined,
): Touch[] {
  const consistent = request.ConsistentRead === true;
  switch (plan.operation) {
    case 'GetItem':
      return extra(plan.touches[0], answer.Item as AttributeMap | undefined, readFactor(consistent));
    case 'Query': {
      const items = (answer.Items ?? []) as AttributeMap[];
      const size = items.reduce((sum, item) => sum + itemSize(item), 0);
      const touch = plan.touches[0] as Touch;
      const units = readUnitsOf(size, readFactor(consistent)) - touch.units;
      return units > 0 ? [{ ...touch, units }] : [];
    }
    case 'TransactGetItems': {
      const responses = (answer.Responses ?? []) as { Item?: AttributeMap }[];
      return plan.touches.flatMap((touch, index) => extra(touch, responses[index]?.Item, 2));
    }
    case 'BatchGetItem':
      return batchGetCharges(request, answer, keysOf);
    default:
      return [];
  }
}

function extra(touch: Touch | undefined, item: AttributeMap | undefined, factor: number): Touch[] {
  if (!touch || !item) return [];
  const units = readUnitsOf(itemSize(item), factor) - touch.units;
  return units > 0 ? [{ ...touch, units }] : [];
}

function batchGetCharges(
  request: Record<string, unknown>,
  answer: Record<string, unknown>,
  keysOf: (table: string) => TableKeys | undefined,
): Touch[] {
  const asked = (request.RequestItems ?? {}) as Record<string, { ConsistentRead?: boolean }>;
  const responses = (answer.Responses ?? {}) as Record<string, AttributeMap[]>;
  return Object.entries(responses).flatMap(([table, items]) => {
    const schema = keysOf(table)?.table;
    const factor = readFactor(asked[table]?.ConsistentRead === true);
    return items.flatMap((item) => {
      const touch = readTouch(table, schema, item, factor);
      return touch ? extra(touch, item, factor) : [];
    });
  });
}

function writeTouch(
  table: string,
  schema: KeySchema | undefined,
  item: AttributeMap | undefined,
  units: number,
): Touch | undefined {
  const place = schema && item ? placeOf(item, schema) : undefined;
  return place ? { table, place, kind: 'write', units } : undefined;
}

function readTouch(
  table: string,
  schema: KeySchema | undefined,
  key: AttributeMap | undefined,
  units: number,
): Touch | undefined {
  const place = schema && key ? placeOf(key, schema) : undefined;
  return place ? { table, place, kind: 'read', units } : undefined;
}

function allPlaced(operation: string, kind: RequestKind, touches: (Touch | undefined)[]): RequestPlan | undefined {
  if (touches.length === 0 || touches.some((touch) => touch === undefined)) return undefined;
  return { operation, kind, touches: touches as Touch[] };
}

type TransactAction = { TableName?: string; Item?: AttributeMap; Key?: AttributeMap } & Record<string, unknown>;

function transactWriteTouches(
  request: Record<string, unknown>,
  keysOf: (table: string) => TableKeys | undefined,
): (Touch | undefined)[] {
  return ((request.TransactItems ?? []) as Record<string, TransactAction>[]).map((entry) => {
    const [type, action] = Object.entries(entry)[0] ?? [];
    if (!type || !action) return undefined;
    const table = String(action.TableName ?? '');
    const schema = keysOf(table)?.table;
    const units =
      type === 'Put'
        ? writeUnitsOf(action.Item ?? {})
        : type === 'Update'
          ? updateUnits(action)
          : writeUnitsOf(action.Key ?? {});
    return writeTouch(table, schema, action.Item ?? action.Key, 2 * units);
  });
}

function transactGetTouches(
  request: Record<string, unknown>,
  keysOf: (table: string) => TableKeys | undefined,
): (Touch | undefined)[] {
  return ((request.TransactItems ?? []) as { Get?: TransactAction }[]).map(({ Get: get }) => {
    const table = String(get?.TableName ?? '');
    return readTouch(table, keysOf(table)?.table, get?.Key, readFactor(true, true));
  });
}

function batchWriteTouches(
  request: Record<string, unknown>,
  keysOf: (table: string) => TableKeys | undefined,
): (Touch | undefined)[] {
  const tables = (request.RequestItems ?? {}) as Record<
    string,
    { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]
  >;
  return Object.entries(tables).flatMap(([table, entries]) =>
    entries.map((entry, position) => {
      const item = entry.PutRequest?.Item ?? entry.DeleteRequest?.Key;
      const touch = writeTouch(table, keysOf(table)?.table, item, writeUnitsOf(item ?? {}));
      return touch ? { ...touch, entry: { table, position } } : undefined;
    }),
  );
}

function batchGetTouches(
  request: Record<string, unknown>,
  keysOf: (table: string) => TableKeys | undefined,
): (Touch | undefined)[] {
  const tables = (request.RequestItems ?? {}) as Record<string, { Keys: AttributeMap[]; ConsistentRead?: boolean }>;
  return Object.entries(tables).flatMap(([table, asked]) =>
    asked.Keys.map((key, position) => {
      const touch = readTouch(table, keysOf(table)?.table, key, readFactor(asked.ConsistentRead === true));
      return touch ? { ...touch, entry: { table, position } } : undefined;
    }),
  );
}

/** A Query touches one partition key (of the table or of the index it names), whichever sort keys it reads. */
function queryPlan(
  table: string,
  keys: TableKeys | undefined,
  request: Record<string, unknown>,
): RequestPlan | undefined {
  const index = typeof request.IndexName === 'string' ? request.IndexName : undefined;
  const schema = index ? keys?.indexes[index] : keys?.table;
  if (!schema) return undefined;
  const partitionKey = valueText(queriedPartitionKey(request, schema.hash));
  if (partitionKey === undefined) return undefined;
  return {
    operation: 'Query',
    kind: 'query',
    touches: [
      {
        table,
        ...(index && schema.global ? { index } : {}),
        place: { partitionKey, itemKey: partitionKey },
        kind: 'read',
        units: readFactor(request.ConsistentRead === true),
      },
    ],
  };
}

/** The value a Query's key condition sets its partition key equal to (`#pk = :pk`, or the legacy KeyConditions). */
export function queriedPartitionKey(request: Record<string, unknown>, hash: string): AttributeValue | undefined {
  const legacy = (request.KeyConditions ?? {}) as Record<string, { AttributeValueList?: AttributeValue[] }>;
  if (legacy[hash]) return legacy[hash].AttributeValueList?.[0];
  const expression = String(request.KeyConditionExpression ?? '');
  const names = (request.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (request.ExpressionAttributeValues ?? {}) as AttributeMap;
  const nameOf = (token: string) => names[token] ?? token;
  for (const match of expression.matchAll(/([#\w.]+)\s*=\s*(:\w+)|(:\w+)\s*=\s*([#\w.]+)/g)) {
    const [name, value] = match[1] ? [match[1], match[2]] : [match[4], match[3]];
    if (name && value && nameOf(name) === hash) return values[value];
  }
  return undefined;
}
