/**
 * The import's measurement, run by hand (docs/voter-roll.md):
 *
 *   yarn tsx scripts/src/admin/importVoters/measureImport.ts [count=100000]
 *
 * Starts an in-memory DynamoDB Local of its own on a free port with the local stack's voters
 * table, generates a roll of `count` voters, and runs `yarn admin import-voters` on it twice as
 * a child process (so the figures are the command's own): the first run writes every voter, the
 * second finds them all present. Each run prints its rows/s and peak RSS; this adds the wall time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../../local/dynamodb/client';
import { startDynamoDbLocal } from '../../local/dynamodb/server';
import { createTableInput } from '../../local/dynamodb/tables';
import { loadStackModel } from '../../local/model/load';
import { freePort } from '../../local/net';
import { repoRoot } from '../../local/paths';
import { generateRoll } from './generateRoll';

async function measure(count: number): Promise<void> {
  const root = repoRoot();
  const model = await loadStackModel({ root, stage: 'local' });
  const table = model.services.find((service) => service.name === 'evote-voters')?.tables[0];
  if (!table) throw new Error('evote-voters declares no table');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-measure-'));
  const roll = path.join(folder, 'roll.csv');
  await generateRoll(roll, count);
  console.log(`roll: ${count} voters, ${(fs.statSync(roll).size / 1024 / 1024).toFixed(1)} MB`);
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const client = localDynamoClient(dynamo.endpoint, model.region);
  try {
    await client.send(new CreateTableCommand(createTableInput(table)));
    for (const run of ['first import', 'second import (nothing to write)']) {
      console.log(`--- ${run}`);
      const started = performance.now();
      const code = await runImport(root, roll, dynamo.endpoint);
      console.log(`--- exit ${code}, wall ${((performance.now() - started) / 1000).toFixed(1)} s (with tsx start-up)`);
      if (code !== 0) process.exitCode = 1;
    }
  } finally {
    client.destroy();
    await dynamo.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function runImport(root: string, roll: string, endpoint: string): Promise<number | null> {
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    [path.join(root, 'scripts', 'src', 'cli', 'admin.ts'), 'import-voters', roll],
    { cwd: root, stdio: 'inherit', env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: endpoint } },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
}

measure(Number(process.argv[2] ?? 100000)).catch((error: Error) => {
  console.error(`measurement failed: ${error.message}`);
  process.exit(1);
});
