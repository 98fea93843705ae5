/**
 * `yarn bench:partitions`: the benchmark's hot-candidate phase alone, on a DynamoDB Local of its
 * own with the elections table as elections/serverless.yml declares it (about 40 s with the
 * defaults). Prints a table, or the figures as JSON with `--json`.
 *
 *   yarn bench:partitions [--partition-scale F] [--partition-seconds N] [--partition-concurrency N] [--json]
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../../local/dynamodb/client';
import { startDynamoDbLocal } from '../../local/dynamodb/server';
import { createTableInput } from '../../local/dynamodb/tables';
import { loadStackModel } from '../../local/model/load';
import { freePort } from '../../local/net';
import { repoRoot } from '../../local/paths';
import { optionsFromArgs } from '../args';
import { benchOptions } from '../options';
import { progressTo } from '../output/progress';
import { partitionTable } from '../output/report';
import { hotCandidateUnderModel } from './hotCandidate';

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { options: given, json } = optionsFromArgs(process.argv.slice(2));
  const options = benchOptions(given);
  const model = await loadStackModel({ root: repoRoot(), stage: 'bench' });
  const table = model.services.flatMap((service) => service.tables).find((t) => t.logicalId === 'ElectionsTable');
  if (!table) throw new Error('elections/serverless.yml declares no ElectionsTable');
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  try {
    const client = localDynamoClient(dynamo.endpoint, model.region);
    await client.send(new CreateTableCommand(createTableInput(table)));
    client.destroy();
    const result = await hotCandidateUnderModel(
      {
        endpoint: dynamo.endpoint,
        region: model.region,
        table: table.tableName,
        scale: options.partitionScale,
        seconds: options.partitionSeconds,
        concurrency: options.partitionConcurrency,
      },
      progressTo(process.stderr),
    );
    if (json) return void console.log(JSON.stringify(result, null, 2));
    console.log(partitionTable(result));
    console.log(
      `sharded / unsharded: ${result.ratio.toFixed(1)} (x${result.scale}, ${result.concurrency} votes in flight)`,
    );
  } finally {
    await dynamo.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
