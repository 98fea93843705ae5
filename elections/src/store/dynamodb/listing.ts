/** Listing every election with its candidates from the catalog index (never a table scan). */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { CATALOG_INDEX, CATALOG_PARTITION, Entity } from '../../domain/keys';
import { orderListing, type ElectionSummary } from '../../domain/listing';

type Sender = Pick<DynamoDBDocumentClient, 'send'>;

/** What the listing reads of an election or candidate item: never voteCount or countedAt. */
const LISTED_ATTRIBUTES = ['entity', 'electionId', 'candidateId', 'description', 'date', 'fullName'] as const;

/**
 * One page of the catalog index: elections and candidates only (votes and markers are not in
 * it), and only the attributes the listing shows, so tallies never leave the table here.
 */
export function catalogRequest(tableName: string, startKey?: Record<string, unknown>): QueryCommandInput {
  return {
    TableName: tableName,
    IndexName: CATALOG_INDEX,
    KeyConditionExpression: 'catalogPk = :catalog',
    ExpressionAttributeValues: { ':catalog': CATALOG_PARTITION },
    // Every name through a placeholder: `date` is a reserved word, and the list stays one rule.
    ProjectionExpression: LISTED_ATTRIBUTES.map((name) => `#${name}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(LISTED_ATTRIBUTES.map((name) => [`#${name}`, name])),
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

/** Groups catalog items into elections with their candidates; a candidate of an unlisted election is left out. */
export function listingOf(items: readonly Record<string, unknown>[]): ElectionSummary[] {
  const elections = new Map<string, ElectionSummary>();
  for (const item of items.filter((candidate) => candidate.entity === Entity.Election)) {
    const electionId = String(item.electionId);
    elections.set(electionId, {
      electionId,
      description: String(item.description),
      date: String(item.date),
      candidates: [],
    });
  }
  for (const item of items.filter((candidate) => candidate.entity === Entity.Candidate)) {
    elections
      .get(String(item.electionId))
      ?.candidates.push({ candidateId: String(item.candidateId), fullName: String(item.fullName) });
  }
  return orderListing([...elections.values()]);
}

/** Every election with its candidates, page after page of the catalog index. */
export async function listElections(client: Sender, tableName: string): Promise<ElectionSummary[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand(catalogRequest(tableName, startKey)));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return listingOf(items);
}
