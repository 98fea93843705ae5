/**
 * Entry of a direct-writer worker thread (bundled by esbuild when the benchmark starts, as the
 * local stack bundles the functions): writes the ballots it is sent straight to DynamoDB.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ballotFacts, type BusContext } from './facts';
import { writeBallotDirectly, type RawTables } from './raw';
import type { BenchBallot } from './workload';

export interface DirectWorkerData {
  endpoint: string;
  region: string;
  tables: RawTables;
  bus: BusContext;
  /** Sockets to DynamoDB: enough for every write of every ballot in flight, so none waits for one. */
  maxSockets: number;
}

export type DirectReply = { id: number; ok: true; ms: number } | { id: number; ok: false; message: string };

const data = workerData as DirectWorkerData;
const client = new DynamoDBClient({
  region: data.region,
  endpoint: data.endpoint,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  requestHandler: { httpAgent: new http.Agent({ keepAlive: true, maxSockets: data.maxSockets }) },
});
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

parentPort?.on('message', (message: { id: number; ballot: BenchBallot }) => {
  const started = performance.now();
  writeBallotDirectly(db, data.tables, ballotFacts(message.ballot, data.bus)).then(
    () => parentPort?.postMessage({ id: message.id, ok: true, ms: performance.now() - started } satisfies DirectReply),
    (error: Error) => parentPort?.postMessage({ id: message.id, ok: false, message: `${error.name}: ${error.message}` } satisfies DirectReply),
  );
});
