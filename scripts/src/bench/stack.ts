/** What both of a run's local stacks give the benchmark: their table names, a client, the bus's account. */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../local/dynamodb/client';
import type { LocalStack } from '../local/stack';
import type { BusContext } from './workload/facts';

/** The table of each service that a ballot writes to. */
export interface BenchTables {
  voters: string;
  elections: string;
  audit: string;
}

export function tablesOf(stack: LocalStack): BenchTables {
  const of = (service: string) => {
    const table = stack.model.services.find((candidate) => candidate.name === service)?.tables[0];
    if (!table) throw new Error(`${service} declares no table`);
    return table.tableName;
  };
  return { voters: of('evote-voters'), elections: of('evote-elections'), audit: of('evote-audit') };
}

export function documentClientFor(stack: LocalStack): { client: DynamoDBClient; db: DynamoDBDocumentClient } {
  const client = localDynamoClient(stack.urls.dynamodb, stack.model.region);
  return { client, db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}

/** The region and account the stack's bus writes into every envelope. */
export function busContextOf(stack: LocalStack): BusContext {
  return { region: stack.model.region, account: stack.model.accountId };
}
