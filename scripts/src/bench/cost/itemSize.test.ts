import { itemSize, writeUnitsOf } from './itemSize';

describe('itemSize', () => {
  it('adds up attribute names and values as DynamoDB bills them', () => {
    expect(itemSize({ pk: { S: 'ELECTION#e1' }, sk: { S: 'CANDIDATE#c1' } })).toBe(2 + 11 + 2 + 12);
    expect(itemSize({ voteCount: { N: '0' } })).toBe(9 + 2);
    expect(itemSize({ voteCount: { N: '12345' } })).toBe(9 + 4);
    expect(itemSize({ ok: { BOOL: true }, none: { NULL: true } })).toBe(2 + 1 + 4 + 1);
    expect(itemSize({ list: { L: [{ S: 'ab' }, { N: '1' }] } })).toBe(4 + 3 + (1 + 2) + (1 + 2));
    expect(itemSize({ map: { M: { a: { S: 'xyz' } } } })).toBe(3 + 3 + 1 + 1 + 3);
    expect(itemSize({ name: { S: 'Zoë' } })).toBe(4 + 4);
  });

  it('gives one write unit per started KB, at least one', () => {
    expect(writeUnitsOf({ pk: { S: 'x' } })).toBe(1);
    expect(writeUnitsOf({ p: { S: 'x'.repeat(1023) } })).toBe(1);
    expect(writeUnitsOf({ p: { S: 'x'.repeat(1024) } })).toBe(2);
  });
});
