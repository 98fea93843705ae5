/**
 * What the local stack needs from the machine, checked before anything starts: a Node.js as new
 * as the root package.json's `engines.node`, a Java 17+ runtime for DynamoDB Local, and its three
 * ports. A missing one becomes a `PrerequisiteError` whose message alone tells a newcomer what
 * is wrong and how to fix it, so `yarn start` can print it as is, without a stack trace.
 *
 * Over 250 lines because each prerequisite's message names its fix on each platform.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { EvoteError } from '@evote/shared';
import { repoRoot } from './paths';

export type PrerequisiteCode = 'JAVA_MISSING' | 'JAVA_TOO_OLD' | 'NODE_TOO_OLD' | 'PORT_IN_USE';

/** A prerequisite of the local stack is missing; the message says which and how to fix it. */
export class PrerequisiteError extends EvoteError {
  declare readonly code: PrerequisiteCode;

  constructor(code: PrerequisiteCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PrerequisiteError';
  }
}

export const MIN_JAVA = 17;

const INSTALL_JAVA = `Install Java ${MIN_JAVA}:
  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless
  macOS:         brew install openjdk@17 && export JAVA_HOME="$(brew --prefix openjdk@17)"
or set JAVA_HOME to an installed Java ${MIN_JAVA}+ (its bin/java is used before the PATH's).`;

/** The stack's ports: what binds each one, and the variable of `yarn start` that moves it. */
export const STACK_PORTS = {
  http: { owner: 'the HTTP gateway', variable: 'PORT' },
  eventBridge: { owner: 'the local EventBridge', variable: 'EVENTBRIDGE_PORT' },
  dynamodb: { owner: 'DynamoDB Local', variable: 'DYNAMODB_PORT' },
} as const;

export type StackPortName = keyof typeof STACK_PORTS;

/** Environment the Java lookup reads (injectable so tests need not touch `process.env`). */
export interface JavaEnvironment {
  PATH?: string | undefined;
  JAVA_HOME?: string | undefined;
}

export interface JavaRuntime {
  /** The executable that starts DynamoDB Local. */
  executable: string;
  /** The major version (8 for `1.8.0_392`, 17 for `17.0.15`). */
  major: number;
  /** The version string `java -version` printed. */
  version: string;
}

/** Node and Java, in that order; the ports are checked where they are bound (see `bindPort`). */
export async function checkRuntime(env: JavaEnvironment = process.env): Promise<JavaRuntime> {
  checkNode();
  return requireJava(env);
}

// ---------------------------------------------------------------------------------------------
// Node

/** Throws unless `version` (default: this process's) satisfies the root package.json's `engines.node`. */
export function checkNode(version: string = process.versions.node, range: string = enginesNode()): void {
  const minimum = minimumOf(range);
  if (compareVersions(version, minimum) >= 0) return;
  throw new PrerequisiteError(
    'NODE_TOO_OLD',
    `evote needs Node.js ${minimum} or later (engines.node "${range}" in package.json); this is Node.js ${version} (${process.execPath}).
Install a current Node.js (https://nodejs.org, or with nvm: nvm install 22), then run yarn install again.`,
  );
}

function enginesNode(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
    engines?: { node?: string };
  };
  const range = manifest.engines?.node;
  if (!range) throw new Error('package.json declares no engines.node');
  return range;
}

/** The lowest version a `>=X.Y.Z` range admits (the only form the project uses). */
export function minimumOf(range: string): string {
  const found = /^\s*>=\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(range);
  if (!found?.[1]) throw new Error(`engines.node must read ">=X.Y.Z", got "${range}"`);
  return found[1];
}

/** Numeric comparison of dotted versions; missing parts count as 0 ("20.19" = "20.19.0"). */
export function compareVersions(left: string, right: string): number {
  const parts = (version: string) =>
    version
      .replace(/^v/, '')
      .split(/[.-]/)
      .slice(0, 3)
      .map((part) => Number.parseInt(part, 10) || 0);
  const [a, b] = [parts(left), parts(right)];
  for (let index = 0; index < 3; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Java

// One `java -version` per process and environment: test files start many stacks, and a JVM
// start costs a noticeable fraction of a second on a busy machine.
const found = new Map<string, Promise<JavaRuntime>>();

/** The Java that will run DynamoDB Local, checked to be 17 or later; throws a `PrerequisiteError` otherwise. */
export function requireJava(env: JavaEnvironment = process.env): Promise<JavaRuntime> {
  const key = `${env.JAVA_HOME ?? ''}\0${env.PATH ?? ''}`;
  let runtime = found.get(key);
  if (!runtime) {
    runtime = inspectJava(env);
    found.set(key, runtime);
    runtime.catch(() => found.delete(key)); // a failure is checked again after the user fixes it
  }
  return runtime;
}

async function inspectJava(env: JavaEnvironment): Promise<JavaRuntime> {
  const executable = findJava(env);
  if (!executable) {
    throw new PrerequisiteError(
      'JAVA_MISSING',
      `DynamoDB Local needs a Java ${MIN_JAVA}+ runtime, and no java was found on the PATH${env.JAVA_HOME ? ` or in JAVA_HOME/bin (${env.JAVA_HOME})` : ' (JAVA_HOME is not set)'}.\n${INSTALL_JAVA}`,
    );
  }
  const output = await javaVersionOutput(executable);
  const version = parseJavaVersion(output);
  if (!version) {
    // macOS ships a /usr/bin/java stub that only says no runtime is installed.
    const said = output.trim().split('\n')[0]?.slice(0, 200) ?? '';
    throw new PrerequisiteError(
      'JAVA_MISSING',
      `DynamoDB Local needs a Java ${MIN_JAVA}+ runtime, and ${executable} -version printed no version${said ? ` ("${said}")` : ''}.\n${INSTALL_JAVA}`,
    );
  }
  if (version.major < MIN_JAVA) {
    throw new PrerequisiteError(
      'JAVA_TOO_OLD',
      `DynamoDB Local needs Java ${MIN_JAVA} or later; ${executable} is Java ${version.major} (version "${version.version}").\n${INSTALL_JAVA}`,
    );
  }
  return { executable, ...version };
}

/** `JAVA_HOME/bin/java` when it exists (the convention Java tools follow), else the first `java` on the PATH. */
export function findJava(env: JavaEnvironment): string | undefined {
  const name = process.platform === 'win32' ? 'java.exe' : 'java';
  const candidates = [
    ...(env.JAVA_HOME ? [path.join(env.JAVA_HOME, 'bin', name)] : []),
    ...(env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.join(dir, name)),
  ];
  return candidates.find(isExecutableFile);
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What `java -version` printed (it writes to stderr); a failed run still yields its output. */
function javaVersionOutput(executable: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(executable, ['-version'], { timeout: 30_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve(`${stderr}${stdout}${stderr || stdout ? '' : (error?.message ?? '')}`);
    });
  });
}

/**
 * The version in `java -version` output: `java version "1.8.0_392"` is Java 8 (the old `1.x`
 * scheme), `openjdk version "17.0.15" 2025-04-15` is 17, `openjdk version "21" 2023-09-19` is 21.
 */
export function parseJavaVersion(output: string): { major: number; version: string } | undefined {
  const found = /version "([^"]+)"/.exec(output);
  if (!found?.[1]) return undefined;
  const version = found[1];
  const numbers = /^(\d+)(?:\.(\d+))?/.exec(version);
  if (!numbers?.[1]) return undefined;
  const first = Number(numbers[1]);
  const major = first === 1 && numbers[2] !== undefined ? Number(numbers[2]) : first;
  return { major, version };
}

// ---------------------------------------------------------------------------------------------
// Ports

/** The message for a port that something else holds (or that this user may not bind). */
export function portTakenError(name: StackPortName, port: number, cause?: unknown): PrerequisiteError {
  const { owner, variable } = STACK_PORTS[name];
  const denied = (cause as NodeJS.ErrnoException | undefined)?.code === 'EACCES';
  const problem = denied
    ? `Port ${port}, wanted by ${owner}, may not be bound by this user`
    : `Port ${port}, wanted by ${owner}, is already in use`;
  const suggestion = port === 0 || port >= 65535 ? 0 : port + 1;
  return new PrerequisiteError(
    'PORT_IN_USE',
    `${problem}.\nStop what holds it${denied ? ' or use a port above 1023' : ''}, or move ${owner} with ${variable}, for example: ${variable}=${suggestion} yarn start`,
    { cause },
  );
}

/** Whether an error from binding a port means the port cannot be had (rather than a fault of ours). */
export function isPortUnavailable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}

/** Runs `bind` (which listens on `port`), turning "address in use" into the stack's port message. */
export async function bindPort<T>(name: StackPortName, port: number, bind: () => Promise<T>): Promise<T> {
  try {
    return await bind();
  } catch (error) {
    throw isPortUnavailable(error) ? portTakenError(name, port, error) : error;
  }
}

/**
 * For a port another process will bind (DynamoDB Local's Java): binds it the way that process
 * will (every interface) and releases it at once. Java can still lose the port in the moment
 * between, so its own bind failure is mapped to the same message (see `dynamodb/server.ts`).
 */
export async function checkPortFree(name: StackPortName, port: number): Promise<void> {
  if (port === 0) return;
  await bindPort(
    name,
    port,
    () =>
      new Promise<void>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve()));
      }),
  );
}
