/**
 * What AWS bills a DynamoDB write, from the items themselves: an item's size by AWS's documented
 * formula, the write units of one write, and of a transaction. The meter uses these wherever
 * DynamoDB Local's own figure differs from AWS's (dynamoMeter.ts says where).
 */

export type AttributeValue = Record<string, unknown>;
export type AttributeMap = Record<string, AttributeValue>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The size of an item as DynamoDB bills it: per attribute, its name's UTF-8 length plus the
 * value's size (strings: UTF-8 bytes; numbers: 1 byte per two significant digits, plus 1;
 * binary: bytes; null and booleans: 1; lists and maps: 3 plus 1 per element plus the elements).
 */
export function itemSize(item: AttributeMap): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

function valueSize(value: AttributeValue): number {
  const [type, content] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return utf8(String(content));
    case 'N':
      return numberSize(String(content));
    case 'B':
      return Buffer.from(String(content), 'base64').length;
    case 'SS':
      return (content as string[]).reduce((sum, text) => sum + utf8(text), 0);
    case 'NS':
      return (content as string[]).reduce((sum, text) => sum + numberSize(text), 0);
    case 'BS':
      return (content as string[]).reduce((sum, text) => sum + Buffer.from(text, 'base64').length, 0);
    case 'L':
      return 3 + (content as AttributeValue[]).reduce((sum, element) => sum + 1 + valueSize(element), 0);
    case 'M':
      return (
        3 +
        Object.entries(content as AttributeMap).reduce(
          (sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element),
          0,
        )
      );
    default:
      return 1; // NULL, BOOL
  }
}

function numberSize(text: string): number {
  const digits = text.replace(/^[-+]/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** Write units of one write of `item`: 1 per started KB. */
export function writeUnitsOf(item: AttributeMap): number {
  return Math.max(1, Math.ceil(itemSize(item) / 1024));
}

/** 2 units per KB of every item a transaction sent (Puts: the item; others: the key). */
export function sentTransactionUnits(request: Record<string, unknown>): number {
  const items = (request.TransactItems ?? []) as Record<string, { Item?: AttributeMap; Key?: AttributeMap }>[];
  return items.reduce((sum, item) => {
    const [action] = Object.values(item);
    return sum + (action ? 2 * writeUnitsOf(action.Item ?? action.Key ?? {}) : 0);
  }, 0);
}
