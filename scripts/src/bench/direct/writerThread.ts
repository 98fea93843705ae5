/**
 * Entry of a direct-writer thread (bundled by esbuild when the benchmark starts, as the local
 * stack bundles the functions): writes the ballots it is sent straight to DynamoDB.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../../local/dynamodb/client';
import type { BenchTables } from '../stack';
import { ballotFacts, type BusContext } from '../workload/facts';
import type { BenchBallot } from '../workload/workload';
import { writeBallotDirectly } from './writeBallot';

export interface DirectWriterData {
  endpoint: string;
  region: string;
  tables: BenchTables;
  bus: BusContext;
  /** Sockets to DynamoDB: enough for every write of every ballot in flight, so none waits for one. */
  maxSockets: number;
}

export type DirectWriterReply = { id: number; ok: true; ms: number } | { id: number; ok: false; message: string };

const data = workerData as DirectWriterData;
const client = localDynamoClient(data.endpoint, data.region, {
  requestHandler: { httpAgent: new http.Agent({ keepAlive: true, maxSockets: data.maxSockets }) },
});
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

parentPort?.on('message', (message: { id: number; ballot: BenchBallot }) => {
  const started = performance.now();
  writeBallotDirectly(db, data.tables, ballotFacts(message.ballot, data.bus)).then(
    () =>
      parentPort?.postMessage({
        id: message.id,
        ok: true,
        ms: performance.now() - started,
      } satisfies DirectWriterReply),
    (error: Error) =>
      parentPort?.postMessage({
        id: message.id,
        ok: false,
        message: `${error.name}: ${error.message}`,
      } satisfies DirectWriterReply),
  );
});
