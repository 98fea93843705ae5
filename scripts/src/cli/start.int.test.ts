/**
 * `yarn start` on a machine that lacks something: no Java, a Java too old, a port taken. Each run
 * is the real CLI in a child process (leader of its own process group); each must end with exit
 * 1 and one message that says how to fix it, no stack trace, and nothing of the run left behind:
 * no process of its group (DynamoDB Local's Java included) and no port it bound.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../local/net';
import { repoRoot } from '../local/paths';
import { groupAlive, killGroup, processesMentioning } from '../local/stackProcess';

jest.setTimeout(120_000);

const INSTALL_COMMANDS = ['sudo apt-get install openjdk-17-jre-headless', 'brew install openjdk@17'];

interface Run {
  status: number | null;
  output: string;
  group: number;
  dataDir: string;
}

let scratch: string;
const holders: net.Server[] = [];

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-start-prerequisites-'));
});
afterEach(async () => {
  for (const holder of holders.splice(0)) await new Promise<void>((resolve) => holder.close(() => resolve()));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * Runs `tsx scripts/src/cli/start.ts` (what `yarn start` runs) with Node by its absolute path,
 * so the PATH can be anything, on a fresh data directory, and waits for it to exit.
 */
async function runStart(env: Record<string, string | undefined>): Promise<Run> {
  const root = repoRoot();
  const dataDir = fs.mkdtempSync(path.join(scratch, 'data-'));
  const environment: Record<string, string | undefined> = { ...process.env, EVOTE_DATA_DIR: dataDir, ...env };
  for (const [name, value] of Object.entries(environment)) if (value === undefined) delete environment[name];
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(root, 'scripts', 'src', 'cli', 'start.ts'),
      '--quiet',
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: environment as NodeJS.ProcessEnv,
    },
  );
  const group = child.pid as number;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => killGroup(group, 'SIGKILL'), 90_000); // a run that starts after all must not hang the suite
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { status, output, group, dataDir };
}

/** A server holding a free loopback port, as another program on the machine would. */
async function holdPort(): Promise<number> {
  const holder = net.createServer();
  holders.push(holder);
  return new Promise((resolve) =>
    holder.listen(0, '127.0.0.1', () => resolve((holder.address() as net.AddressInfo).port)),
  );
}

async function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Exit 1, the expected lines, no stack trace, nothing of the run still running or bound. */
async function expectCleanRefusal(
  run: Run,
  expected: (string | RegExp)[],
  portsToBeFree: number[] = [],
): Promise<void> {
  expect({ status: run.status, output: run.output }).toEqual({ status: 1, output: expect.any(String) });
  for (const text of expected) expect(run.output).toMatch(text);
  expect(run.output).not.toMatch(/^\s{4}at /m);
  expect(run.output).not.toMatch(/yarn start failed/);
  expect(groupAlive(run.group)).toBe(false);
  expect(processesMentioning(run.dataDir)).toEqual([]);
  for (const port of portsToBeFree) expect(await canBind(port)).toBe(true);
}

/** A folder holding only a `java` that says it is Java 11, as `java -version` does (on stderr). */
function pathWithJava11(): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'java11-'));
  fs.writeFileSync(
    path.join(dir, 'java'),
    `#!/bin/sh\necho 'openjdk version "11.0.22" 2024-01-16' >&2\necho 'OpenJDK Runtime Environment (build 11.0.22+7)' >&2\n`,
    { mode: 0o755 },
  );
  return dir;
}

async function freePorts(): Promise<{ PORT: string; EVENTBRIDGE_PORT: string; DYNAMODB_PORT: string }> {
  return {
    PORT: String(await freePort()),
    EVENTBRIDGE_PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
  };
}

describe('yarn start refuses to start without its prerequisites', () => {
  it('with no java on the PATH and no JAVA_HOME', async () => {
    const ports = await freePorts();
    const run = await runStart({
      ...ports,
      PATH: fs.mkdtempSync(path.join(scratch, 'empty-path-')),
      JAVA_HOME: undefined,
    });
    await expectCleanRefusal(
      run,
      [/Java 17\+ runtime, and no java was found on the PATH/, ...INSTALL_COMMANDS],
      Object.values(ports).map(Number),
    );
    expect(run.output).not.toMatch(/ENOENT/);
  });

  it('with a java that reports version 11', async () => {
    const ports = await freePorts();
    const fake = pathWithJava11();
    const run = await runStart({ ...ports, PATH: fake, JAVA_HOME: undefined });
    await expectCleanRefusal(
      run,
      [`${path.join(fake, 'java')} is Java 11 (version "11.0.22")`, ...INSTALL_COMMANDS],
      Object.values(ports).map(Number),
    );
  });

  it.each([
    ['PORT', 'the HTTP gateway'],
    ['EVENTBRIDGE_PORT', 'the local EventBridge'],
    ['DYNAMODB_PORT', 'DynamoDB Local'],
  ] as const)('with the port of %s taken', async (variable, owner) => {
    const ports = await freePorts();
    const taken = await holdPort();
    const run = await runStart({ ...ports, [variable]: String(taken) });
    const others = Object.entries(ports)
      .filter(([name]) => name !== variable)
      .map(([, port]) => Number(port));
    await expectCleanRefusal(
      run,
      [`Port ${taken}, wanted by ${owner}, is already in use`, `${variable}=${taken + 1} yarn start`],
      others,
    );
    // The holder still has its port: the run neither took it over nor talked to it as if it were its own.
    expect(await canBind(taken)).toBe(false);
    expect(run.output).not.toMatch(/ready in [\d.]+ s/);
  });
});
