import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { TableModel } from '../model/types';
import { TableSchemaChangedError, createTableInput, planTableChange } from './tables';

/** A table shaped like the elections table: pk/sk, and a catalog index over two more attributes. */
const declared: TableModel = {
  service: 'evote-elections',
  logicalId: 'ElectionsTable',
  tableName: 'evote-dev-elections',
  properties: {
    TableName: 'evote-dev-elections',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'catalogPk', AttributeType: 'S' },
      { AttributeName: 'catalogSk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'catalog',
        KeySchema: [
          { AttributeName: 'catalogPk', KeyType: 'HASH' },
          { AttributeName: 'catalogSk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['entity', 'fullName'] },
      },
    ],
    DeletionProtectionEnabled: true,
  },
};

/** What DescribeTable answers for the table as it was created before the catalog index existed. */
const beforeTheIndex: TableDescription = {
  TableName: 'evote-dev-elections',
  TableStatus: 'ACTIVE',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

const withTheIndex: TableDescription = {
  ...beforeTheIndex,
  AttributeDefinitions: declared.properties.AttributeDefinitions as TableDescription['AttributeDefinitions'],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'catalog',
      IndexStatus: 'ACTIVE',
      KeySchema: [
        { AttributeName: 'catalogPk', KeyType: 'HASH' },
        { AttributeName: 'catalogSk', KeyType: 'RANGE' },
      ],
      // DynamoDB may list the attributes in another order.
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['fullName', 'entity'] },
    },
  ],
};

describe('bringing a local table in line with serverless.yml', () => {
  it('creates a table that does not exist, as declared', () => {
    expect(planTableChange(declared, undefined)).toEqual({
      kind: 'create',
      tableName: 'evote-dev-elections',
      request: createTableInput(declared),
    });
  });

  it('adds an index the table lacks, with the definitions of its keys only', () => {
    expect(planTableChange(declared, beforeTheIndex)).toEqual({
      kind: 'add-indexes',
      tableName: 'evote-dev-elections',
      requests: [
        {
          TableName: 'evote-dev-elections',
          AttributeDefinitions: [
            { AttributeName: 'catalogPk', AttributeType: 'S' },
            { AttributeName: 'catalogSk', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexUpdates: [
            { Create: (declared.properties.GlobalSecondaryIndexes as unknown[])[0] as object },
          ],
        },
      ],
    });
  });

  it('adds each missing index in a request of its own', () => {
    const second = {
      IndexName: 'byDate',
      KeySchema: [{ AttributeName: 'date', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    };
    const twoIndexes: TableModel = {
      ...declared,
      properties: {
        ...declared.properties,
        AttributeDefinitions: [
          ...(declared.properties.AttributeDefinitions as object[]),
          { AttributeName: 'date', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [...(declared.properties.GlobalSecondaryIndexes as object[]), second],
      },
    };
    const change = planTableChange(twoIndexes, beforeTheIndex);
    expect(
      change.kind === 'add-indexes' && change.requests.map((request) => request.GlobalSecondaryIndexUpdates),
    ).toEqual([[{ Create: expect.objectContaining({ IndexName: 'catalog' }) }], [{ Create: second }]]);
  });

  it('leaves a table that matches alone, whatever order DynamoDB lists the projected attributes in', () => {
    expect(planTableChange(declared, withTheIndex)).toEqual({ kind: 'unchanged', tableName: 'evote-dev-elections' });
  });

  it('leaves an index no longer declared alone', () => {
    const withoutIndexes: TableModel = {
      ...declared,
      properties: { ...declared.properties, GlobalSecondaryIndexes: undefined },
    };
    expect(planTableChange(withoutIndexes, withTheIndex).kind).toBe('unchanged');
  });

  it('refuses changed table keys, naming both and the way out', () => {
    const renamedSortKey = {
      ...beforeTheIndex,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sortKey', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sortKey', KeyType: 'RANGE' },
      ],
    } satisfies TableDescription;
    const refuse = () => planTableChange(declared, renamedSortKey);
    expect(refuse).toThrow(TableSchemaChangedError);
    expect(refuse).toThrow(
      [
        'local table evote-dev-elections no longer matches serverless.yml, and DynamoDB cannot change this in place:',
        '  table keys: declared pk (S, HASH), sk (S, RANGE), found pk (S, HASH), sortKey (S, RANGE)',
        'Delete the local data directory (.evote/ at the repository root, or the one yarn start was given) and start again; its local data is lost.',
      ].join('\n'),
    );
  });

  it('refuses a key attribute whose type changed', () => {
    const numericSortKey: TableDescription = {
      ...beforeTheIndex,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
    };
    expect(() => planTableChange(declared, numericSortKey)).toThrow('found pk (S, HASH), sk (N, RANGE)');
  });

  it("refuses an existing index whose keys or projection changed (DynamoDB cannot alter an index's keys)", () => {
    const index = withTheIndex.GlobalSecondaryIndexes?.[0];
    const otherKeys: TableDescription = {
      ...withTheIndex,
      GlobalSecondaryIndexes: [{ ...index, KeySchema: [{ AttributeName: 'catalogPk', KeyType: 'HASH' }] }],
    };
    expect(() => planTableChange(declared, otherKeys)).toThrow(
      'index catalog keys: declared catalogPk (S, HASH), catalogSk (S, RANGE), found catalogPk (S, HASH)',
    );
    const otherProjection: TableDescription = {
      ...withTheIndex,
      GlobalSecondaryIndexes: [{ ...index, Projection: { ProjectionType: 'KEYS_ONLY' } }],
    };
    expect(() => planTableChange(declared, otherProjection)).toThrow('index catalog: projection changed');
  });

  it('refuses a missing local secondary index, which only CreateTable can make', () => {
    const withLocalIndex: TableModel = {
      ...declared,
      properties: {
        ...declared.properties,
        LocalSecondaryIndexes: [
          {
            IndexName: 'byName',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'catalogSk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
    };
    expect(() => planTableChange(withLocalIndex, withTheIndex)).toThrow(
      'local secondary index byName is missing (only CreateTable makes one)',
    );
  });
});
