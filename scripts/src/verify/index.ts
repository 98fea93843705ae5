/** `verifyTables`: read the three tables and reconcile them (the logic behind `yarn verify`). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { reconcile, type Reconciliation } from './reconcile';
import { readSnapshot, type VerifiedTables } from './snapshot';

export { reconcile, type Difference, type Reconciliation, type Snapshot } from './reconcile';
export { formatReconciliation } from './report';
export type { VerifiedTables } from './snapshot';

export async function verifyTables(db: DynamoDBDocumentClient, tables: VerifiedTables): Promise<Reconciliation> {
  return reconcile(await readSnapshot(db, tables));
}
