/**
 * Progress of a benchmark run: a bar redrawn in place on a terminal, plain lines otherwise
 * (CI logs, pipes). Written to stderr, so `--json` output on stdout stays one clean object.
 */
export interface Progress {
  /** A new step; `total` units of work (ballots, runs), or none for a step without a count. */
  step(name: string, total?: number): void;
  /** Units done so far in the current step. */
  advance(done: number): void;
  /** A line of information between steps. */
  note(line: string): void;
  done(): void;
}

const BAR_WIDTH = 30;

export function progressTo(stream: NodeJS.WriteStream, interactive = Boolean(stream.isTTY)): Progress {
  return interactive ? new Bar(stream) : new Lines(stream);
}

/** Reports nothing (programmatic runs, tests). */
export const silent: Progress = {
  step: () => undefined,
  advance: () => undefined,
  note: () => undefined,
  done: () => undefined,
};

const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

class Bar implements Progress {
  private name = '';
  private total = 0;
  private started = performance.now();
  private stepStarted = performance.now();
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  step(name: string, total = 0): void {
    this.finishLine();
    this.name = name;
    this.total = total;
    this.stepStarted = performance.now();
    this.draw(0, true);
  }

  advance(done: number): void {
    this.draw(done, done >= this.total);
  }

  note(line: string): void {
    this.finishLine();
    this.stream.write(`${line}\n`);
    this.name = '';
  }

  done(): void {
    this.finishLine();
    this.stream.write(`done in ${elapsed(this.started)}\n`);
  }

  private draw(done: number, force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const share = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const filled = Math.round(share * BAR_WIDTH);
    const bar =
      this.total > 0
        ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(done).padStart(String(this.total).length)}/${this.total} `
        : '';
    this.stream.write(`\r\x1b[2K${this.name.padEnd(26)} ${bar}${elapsed(this.stepStarted)}`);
  }

  private finishLine(): void {
    if (this.name) this.stream.write('\n');
  }
}

class Lines implements Progress {
  private name = '';
  private total = 0;
  private nextReport = 0;
  private started = performance.now();
  private stepStarted = performance.now();

  constructor(private readonly stream: NodeJS.WriteStream) {}

  step(name: string, total = 0): void {
    this.name = name;
    this.total = total;
    this.nextReport = total / 4;
    this.stepStarted = performance.now();
    this.stream.write(`bench: ${name}${total ? ` (${total})` : ''}\n`);
  }

  advance(done: number): void {
    if (this.total === 0 || done < this.nextReport) return;
    while (this.nextReport <= done) this.nextReport += this.total / 4;
    this.stream.write(`bench: ${this.name} ${done}/${this.total} after ${elapsed(this.stepStarted)}\n`);
  }

  note(line: string): void {
    this.stream.write(`${line}\n`);
  }

  done(): void {
    this.stream.write(`bench: done in ${elapsed(this.started)}\n`);
  }
}
