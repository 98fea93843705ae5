/**
 * CPU and memory of the stack during a phase: this Node process (gateway, bus, every function's
 * worker thread, and the load generator) through `process.cpuUsage()`, DynamoDB Local's Java
 * process through /proc (Linux), and how busy each event loop was, which names the bottleneck.
 */
import fs from 'node:fs';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Linux reports process times in clock ticks of 1/100 s on every platform Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
const SAMPLE_EVERY_MS = 250;

export interface ResourceUsage {
  wallSeconds: number;
  /** CPU seconds used during the phase. */
  cpuSeconds: { node: number; java?: number };
  /** CPU seconds per wall second (2 = two cores busy). */
  cores: { node: number; java?: number };
  /** Highest resident set size sampled during the phase (MB). */
  peakRssMb: { node: number; java?: number };
  /**
   * How busy the event loops were, in threads (busy time / wall time): the main thread (gateway,
   * bus, load generator), and each group of worker threads (a function's pool, the direct
   * writers). A group near its thread count is the bottleneck.
   */
  busyThreads: { main: number; workers: Record<string, number> };
}

/** The pid of the DynamoDB Local child of this process listening on `port`, if /proc can tell. */
export function findDynamoDbLocalPid(port: number): number | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((arg) => arg.endsWith('DynamoDBLocal.jar')) && args[args.indexOf('-port') + 1] === String(port))
        return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

function javaCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Milliseconds of event-loop activity between two readings. */
function busyTime(now: EventLoopUtilization, before: EventLoopUtilization): number {
  return Math.max(0, now.active - before.active);
}

/** Measures from `start()` to `stop()`. */
export class ResourceMeter {
  private started = 0;
  private cpu = process.cpuUsage();
  private java?: number;
  private mainLoop = performance.eventLoopUtilization();
  private workerLoops = new Map<string, EventLoopUtilization>();
  private peak = { node: 0, java: 0 };
  private sampler?: NodeJS.Timeout;

  /** `workers`: per group of worker threads, its summed event-loop utilisation now. */
  constructor(
    private readonly workers: Record<string, () => EventLoopUtilization>,
    private readonly javaPid?: number,
  ) {}

  start(): this {
    this.started = performance.now();
    this.cpu = process.cpuUsage();
    this.java = javaCpuSeconds(this.javaPid);
    this.mainLoop = performance.eventLoopUtilization();
    this.workerLoops = new Map(Object.entries(this.workers).map(([name, loop]) => [name, loop()]));
    this.peak = { node: 0, java: 0 };
    this.sample();
    this.sampler = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.sampler.unref();
    return this;
  }

  stop(): ResourceUsage {
    clearInterval(this.sampler);
    this.sample();
    const wallSeconds = (performance.now() - this.started) / 1000;
    const used = process.cpuUsage(this.cpu);
    const node = (used.user + used.system) / 1e6;
    const javaNow = javaCpuSeconds(this.javaPid);
    const java = javaNow === undefined || this.java === undefined ? undefined : javaNow - this.java;
    const workers: Record<string, number> = {};
    for (const [name, loop] of Object.entries(this.workers)) {
      const before = this.workerLoops.get(name);
      if (before) workers[name] = busyTime(loop(), before) / 1000 / wallSeconds;
    }
    const main = busyTime(performance.eventLoopUtilization(), this.mainLoop) / 1000 / wallSeconds;
    return {
      wallSeconds,
      cpuSeconds: { node, ...(java === undefined ? {} : { java }) },
      cores: { node: node / wallSeconds, ...(java === undefined ? {} : { java: java / wallSeconds }) },
      peakRssMb: { node: this.peak.node, ...(this.javaPid === undefined ? {} : { java: this.peak.java }) },
      busyThreads: { main, workers },
    };
  }

  private sample(): void {
    this.peak.node = Math.max(this.peak.node, process.memoryUsage.rss() / 1024 / 1024);
    if (this.javaPid !== undefined) this.peak.java = Math.max(this.peak.java, rssMb(this.javaPid) ?? 0);
  }
}
