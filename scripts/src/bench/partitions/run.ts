/**
 * `yarn bench:partitions`: the benchmark's hot-candidate and hot-election phases alone, on a
 * DynamoDB Local of its own with the elections table as elections/serverless.yml declares it
 * (about 80 s with the defaults). Prints the tables, or the figures as JSON with `--json`
 * (`{ hotCandidate, hotElection }`).
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
import { hotElectionLine, partitionTable } from '../output/report';
import { hotCandidateUnderModel } from './hotCandidate';
import { hotElectionUnderModel } from './hotElection';

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
    const underModel = {
      endpoint: dynamo.endpoint,
      region: model.region,
      table: table.tableName,
      scale: options.partitionScale,
      seconds: options.partitionSeconds,
      concurrency: options.partitionConcurrency,
    };
    const progress = progressTo(process.stderr);
    const hotCandidate = await hotCandidateUnderModel(underModel, progress);
    const hotElection = await hotElectionUnderModel(underModel, progress);
    if (json) return void console.log(JSON.stringify({ hotCandidate, hotElection }, null, 2));
    console.log(`ONE HOT CANDIDATE (x${hotCandidate.scale}, ${hotCandidate.concurrency} votes in flight)`);
    console.log(partitionTable(hotCandidate));
    console.log(`sharded / unsharded: ${hotCandidate.ratio.toFixed(1)}`);
    console.log(`\nONE HOT ELECTION (${hotElection.candidates} candidates, each vote read from the catalog first)`);
    console.log(partitionTable(hotElection));
    console.log(hotElectionLine(hotElection));
  } finally {
    await dynamo.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
