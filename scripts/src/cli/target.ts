import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../local/dynamodb/client';
import { loadStackModel } from '../local/model/load';
import type { StackModel } from '../local/model/types';
import { repoRoot } from '../local/paths';

/** Which tables a command works on: the local stack's (default) or a deployed stage's. */
export interface StageTarget {
  stage: string;
  region: string;
  /** True for a deployed stage: changes must be confirmed. */
  remote: boolean;
  describe: string;
  model: StackModel;
  db: DynamoDBDocumentClient;
  tableOf(service: string): string;
  close(): void;
}

/**
 * Local by default: DynamoDB Local at AWS_ENDPOINT_URL_DYNAMODB, else 127.0.0.1:DYNAMODB_PORT
 * (8000), as `yarn start` sets it up. With `--stage`, the deployed tables of that stage through
 * the usual AWS credential chain. Table names come from the services' serverless.yml.
 */
export async function resolveTarget(options: { stage?: string; region?: string }): Promise<StageTarget> {
  // The pinned SDK runs on Node 20; its notice about releases after January 2027 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const remote = options.stage !== undefined;
  const stage = options.stage ?? 'local';
  const model = await loadStackModel({
    root: repoRoot(),
    stage,
    ...(options.region ? { region: options.region } : {}),
  });
  const region = options.region ?? model.region;
  const endpoint = remote
    ? undefined
    : (process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? '8000'}`);
  const client = endpoint ? localDynamoClient(endpoint, region) : new DynamoDBClient({ region });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    stage,
    region,
    remote,
    describe: remote ? `stage ${stage} in ${region} (AWS)` : `the local stack (${endpoint})`,
    model,
    db,
    tableOf(service: string) {
      const table = model.services.find((candidate) => candidate.name === service)?.tables[0];
      if (!table) throw new Error(`${service} declares no table`);
      return table.tableName;
    },
    close: () => client.destroy(),
  };
}

/**
 * Runs a command's work on its target (see `resolveTarget`), turning "connection refused" into
 * advice, and closes the target whatever happens.
 */
export async function withTarget<T>(
  options: { stage?: string; region?: string },
  work: (target: StageTarget) => Promise<T>,
): Promise<T> {
  const target = await resolveTarget(options);
  try {
    return await work(target);
  } catch (error) {
    throw explainConnectionError(error as Error, target);
  } finally {
    target.close();
  }
}

/** Turns "connection refused" into advice. */
export function explainConnectionError(error: Error, target: StageTarget): Error {
  const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
  if (!target.remote && (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(error.message)))) {
    return new Error(
      `cannot reach DynamoDB Local at ${target.describe}: is the local stack running? Start it with \`yarn start\`.`,
    );
  }
  if (error.name === 'ResourceNotFoundException')
    return new Error(`${error.message} — has ${target.describe} been deployed/started?`);
  return error;
}
