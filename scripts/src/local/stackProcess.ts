import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths';

/** `yarn start` running as a child process, leader of its own process group. */
export interface StackProcess {
  child: ChildProcess;
  /** The process group: the child and everything it started (tsx, Node, DynamoDB Local's Java, esbuild). */
  group: number;
  urls: { http: string; eventBridge: string; dynamodb: string };
  /** Everything the stack printed so far (the last 1 MB). */
  output(): string;
  exited: Promise<void>;
}

const READY = /ready in [\d.]+ s/;

/**
 * Starts `tsx scripts/src/cli/start.ts --quiet` detached (so it leads a process group that can
 * be killed whole, as `kill -9 -<pgid>` does in a terminal) on free ports, and resolves with its
 * endpoints once it prints that it is ready.
 */
export async function startStackProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<StackProcess> {
  const root = repoRoot();
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    [path.join(root, 'scripts', 'src', 'cli', 'start.ts'), '--quiet'],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: '0', EVENTBRIDGE_PORT: '0', DYNAMODB_PORT: '0', ...env },
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-1024 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const group = child.pid as number;
  const deadline = Date.now() + timeoutMs;
  while (!READY.test(output)) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`yarn start exited before it was ready:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      killGroup(group, 'SIGKILL');
      throw new Error(`yarn start was not ready within ${timeoutMs} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, group, urls: endpointsOf(output), output: () => output, exited };
}

/** Reads the endpoints from the banner `yarn start` prints. */
function endpointsOf(banner: string): StackProcess['urls'] {
  const url = (label: string) => {
    const found = new RegExp(`${label}\\s+(http://\\S+)`).exec(banner);
    if (!found?.[1]) throw new Error(`no ${label} URL in the banner of yarn start:\n${banner.slice(-4000)}`);
    return found[1];
  };
  return { http: url('HTTP gateway'), eventBridge: url('EventBridge'), dynamodb: url('DynamoDB Local') };
}

/** Signals every process of the group; a group that is gone already is fine. */
export function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Whether any process of the group is still alive (a zombie not yet reaped counts as gone). */
export function groupAlive(group: number): boolean {
  return processes().some((found) => found.group === group && found.state !== 'Z');
}

/** The running processes whose command line mentions `text` (for example a data directory). */
export function processesMentioning(text: string): { pid: number; group: number; command: string }[] {
  return processes().filter((found) => found.command.includes(text) && found.state !== 'Z');
}

function processes(): { pid: number; group: number; state: string; command: string }[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return listing.split('\n').flatMap((line) => {
    const found = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    return found
      ? [
          {
            pid: Number(found[1]),
            group: Number(found[2]),
            state: String(found[3]).slice(0, 1),
            command: String(found[4]),
          },
        ]
      : [];
  });
}

/** Stops the stack as Ctrl-C would, then kills what is left after `graceMs`. */
export async function stopStackProcess(stack: StackProcess, graceMs = 20_000): Promise<void> {
  killGroup(stack.group, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(stack.group) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  killGroup(stack.group, 'SIGKILL');
  await stack.exited;
}
