/** What an import prints: a progress line on a terminal, and the summary at the end. */
import type { ImportProgress, ImportResult } from './writeRoll';

/** One line on stderr, overwritten in place; silent when stderr is not a terminal. */
export class ProgressLine {
  private lastDrawn = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(progress: ImportProgress, startedAt: number): void {
    if (!this.stream.isTTY) return;
    const now = performance.now();
    if (now - this.lastDrawn < 200) return;
    this.lastDrawn = now;
    this.drawn = true;
    const seconds = (now - startedAt) / 1000;
    this.stream.write(
      `\r  ${progress.rows} rows: ${progress.written} written, ${progress.present} present, ` +
        `${Math.round(progress.rows / Math.max(seconds, 0.001))} rows/s, ${megabytes(peakRssBytes())} MB RSS\x1b[K`,
    );
  }

  end(): void {
    if (this.drawn) this.stream.write('\n');
  }
}

/** The process's peak resident set size so far, in bytes (the kernel keeps it). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** The summary: counts, then speed and peak memory. */
export function summaryLines(result: ImportResult, elapsedMs: number): string[] {
  const seconds = elapsedMs / 1000;
  const lines = [
    'Summary:',
    `  rows read        ${result.rows}`,
    `  voters written   ${result.written} (each with one ISSUED ballot)`,
    `  already present  ${result.present} (left unchanged)`,
  ];
  if (result.differing > 0) {
    const listed = [...result.differingLines].sort((a, b) => a - b);
    lines.push(
      `  of which ${result.differing} differ from the roll in name or e-mail (kept as stored), lines ${listed.join(', ')}` +
        (result.differing > listed.length ? ', ...' : ''),
    );
  }
  lines.push(
    `  ${seconds.toFixed(1)} s, ${Math.round(result.rows / Math.max(seconds, 0.001))} rows/s, peak RSS ${megabytes(peakRssBytes())} MB`,
  );
  return lines;
}

function megabytes(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
