/**
 * How a start of DynamoDB Local fails when Java cannot run it. The real Java cannot be made to
 * lose its port on demand (the port is checked free just before it starts), so a script stands
 * in for it and prints what DynamoDB Local prints when another process won that moment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../net';
import { PrerequisiteError } from '../prerequisites';
import { startDynamoDbLocal } from './server';
import { rejectionOf } from '../../testing/rejection';

let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-dynamodb-server-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

it('reports a java that cannot be spawned as missing Java, without crashing the process', async () => {
  const error = await rejectionOf(
    startDynamoDbLocal({
      port: await freePort(),
      java: path.join(scratch, 'no-such-jdk', 'bin', 'java'),
      startTimeoutMs: 5000,
    }),
    PrerequisiteError,
  );
  expect(error.code).toBe('JAVA_MISSING');
  expect(error.message).toMatch(/no-such-jdk\/bin\/java could not be started/);
});

it('reports a port lost to another process before Java bound it as the port in use', async () => {
  const java = path.join(scratch, 'java-losing-its-port');
  fs.writeFileSync(
    java,
    `#!/bin/sh
echo 'Initializing DynamoDB Local with the following configuration:'
echo 'Exception in thread "main" java.io.IOException: Failed to bind to 0.0.0.0/0.0.0.0:8000' >&2
echo 'Caused by: java.net.BindException: Address already in use' >&2
exit 1
`,
    { mode: 0o755 },
  );
  const port = await freePort();
  const error = await rejectionOf(startDynamoDbLocal({ port, java, startTimeoutMs: 5000 }), PrerequisiteError);
  expect(error.code).toBe('PORT_IN_USE');
  expect(error.message).toContain(`Port ${port}, wanted by DynamoDB Local, is already in use`);
  expect(error.message).toContain('DYNAMODB_PORT=');
});
