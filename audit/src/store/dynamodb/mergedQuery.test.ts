import type { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentSender } from './auditTable';
import { queryMerged } from './mergedQuery';

/**
 * A fake table of partitions holding sort keys. A query answers the items after `:after`, at
 * most `Limit`, and at most `cap` of them in one answer (as DynamoDB stops at 1 MB), with
 * `LastEvaluatedKey` when it stopped at `Limit` (even at the partition's end, as DynamoDB does)
 * or before the partition's end.
 */
function fakeTable(partitions: Record<string, string[]>, cap = Infinity) {
  const queries: string[] = [];
  const client = {
    send: async (command: QueryCommand) => {
      const { ExpressionAttributeValues: values = {}, Limit = Infinity } = command.input;
      const pk = String(values[':pk']);
      queries.push(pk);
      const after = values[':after'] as string | undefined;
      const rest = (partitions[pk] ?? []).filter((sk) => after === undefined || sk > after).sort();
      const answered = rest.slice(0, Math.min(Limit, cap));
      const last = answered[answered.length - 1];
      return {
        Items: answered.map((sk) => ({ pk, sk })),
        ...((answered.length === Limit || answered.length < rest.length) && last
          ? { LastEvaluatedKey: { pk, sk: last } }
          : {}),
      };
    },
  } as unknown as DocumentSender;
  return { client, queries };
}

async function readAll(client: DocumentSender, partitions: string[], limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await queryMerged(client, {
      tableName: 't',
      partitionKey: 'pk',
      partitions,
      sortKey: 'sk',
      ...(after === undefined ? {} : { after }),
      limit,
    });
    pages.push(page.items.map((item) => String(item.sk)));
    after = page.last;
  } while (after !== undefined);
  return pages;
}

const shards = {
  'S#0': ['01', '04', '05', '06', '07', '08', '12'],
  'S#1': ['02', '09', '10'],
  'S#2': ['03', '11', '13', '14'],
};
const everyKey = Object.values(shards).flat().sort();

describe('a page merged over partitions', () => {
  it('lists every item once, in sort-key order, a page of at most `limit` at a time', async () => {
    const { client, queries } = fakeTable(shards);
    const pages = await readAll(client, Object.keys(shards), 4);
    expect(pages).toEqual([everyKey.slice(0, 4), everyKey.slice(4, 8), everyKey.slice(8, 12), everyKey.slice(12)]);
    expect(queries).toHaveLength(3 * pages.length);
  });

  it('places nothing past where a partition stopped early, and continues from there', async () => {
    // Each answer holds at most 2 items: without the bound, S#1's 09 and 10 would be skipped.
    const { client } = fakeTable(shards, 2);
    const pages = await readAll(client, Object.keys(shards), 5);
    expect(pages.flat()).toEqual(everyKey);
    expect(pages.every((page) => page.length <= 5)).toBe(true);
  });

  it('pages one partition as a plain query does: a full page has a next one, possibly empty', async () => {
    const { client } = fakeTable({ 'BALLOT#b1': ['REV#1', 'REV#2', 'REV#3', 'REV#4'] });
    expect(await readAll(client, ['BALLOT#b1'], 2)).toEqual([['REV#1', 'REV#2'], ['REV#3', 'REV#4'], []]);
    expect(await readAll(client, ['BALLOT#b1'], 3)).toEqual([['REV#1', 'REV#2', 'REV#3'], ['REV#4']]);
  });
});
