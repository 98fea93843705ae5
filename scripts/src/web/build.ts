/**
 * Builds the web app (events/web) into static files: one small ES module per page plus a shared
 * chunk, one stylesheet and the three HTML pages, minified. Also says whether the built files
 * are stale and what they weigh against the 60 KB budget. `yarn start` and `yarn test` build
 * only when stale; `yarn web:build` always builds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { repoRoot } from '../local/paths';

/** The budget for what a browser downloads to run the app: every JS and CSS file, gzipped. */
export const WEB_BUDGET_BYTES = 60 * 1024;
/** Written last by a build: the files it read, so a change to any of them makes the build stale. */
export const STAMP = '.build-stamp.json';
const PAGES = ['voter', 'results', 'audit'] as const;

export interface WebPaths {
  /** events/web */
  appDir: string;
  sourceDir: string;
  publicDir: string;
  outDir: string;
}

export function webPaths(root: string = repoRoot()): WebPaths {
  const appDir = path.join(root, 'events', 'web');
  return {
    appDir,
    sourceDir: path.join(appDir, 'src'),
    publicDir: path.join(appDir, 'public'),
    outDir: path.join(appDir, 'dist'),
  };
}

interface Stamp {
  inputs: string[];
}

/** Builds into `paths.outDir` (emptied first, so no file of an older build lingers). */
export async function buildWebApp(paths: WebPaths = webPaths()): Promise<void> {
  fs.rmSync(paths.outDir, { recursive: true, force: true });
  const assets = path.join(paths.outDir, 'assets');
  const result = await build({
    absWorkingDir: paths.appDir,
    entryPoints: [
      ...PAGES.map((page) => ({ in: path.join(paths.sourceDir, 'pages', `${page}.ts`), out: page })),
      { in: path.join(paths.sourceDir, 'app.css'), out: 'app' },
    ],
    outdir: assets,
    bundle: true,
    // Code shared by the pages goes into one chunk the browser caches across pages.
    splitting: true,
    format: 'esm',
    minify: true,
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  for (const file of fs.readdirSync(paths.publicDir))
    fs.copyFileSync(path.join(paths.publicDir, file), path.join(paths.outDir, file));
  const inputs = new Set([
    ...Object.keys(result.metafile.inputs).map((input) => path.resolve(paths.appDir, input)),
    ...listFiles(paths.publicDir),
    __filename,
  ]);
  const stamp: Stamp = { inputs: [...inputs].sort() };
  fs.writeFileSync(path.join(paths.outDir, STAMP), JSON.stringify(stamp, null, 2));
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .filter((file) => !/\.test\.ts$/.test(file));
}

/**
 * Why the built app is stale, or undefined when it is fresh: no build, or a file the last build
 * read (or a new file under src/ or public/) is newer than it, or gone.
 */
export function staleness(paths: WebPaths = webPaths()): string | undefined {
  const stampFile = path.join(paths.outDir, STAMP);
  if (!fs.existsSync(stampFile)) return `${path.relative(paths.appDir, paths.outDir)} is missing or incomplete`;
  const builtAt = fs.statSync(stampFile).mtimeMs;
  let stamp: Stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as Stamp;
  } catch {
    return 'the last build left an unreadable stamp';
  }
  const candidates = new Set([...stamp.inputs, ...listFiles(paths.sourceDir), ...listFiles(paths.publicDir)]);
  for (const file of candidates) {
    if (!fs.existsSync(file)) return `${path.basename(file)} was removed since the last build`;
    if (fs.statSync(file).mtimeMs > builtAt) return `${path.basename(file)} changed since the last build`;
  }
  return undefined;
}

/** Builds when stale; says what it did through `log`. Returns whether it built. */
export async function ensureWebBuilt(paths: WebPaths = webPaths(), log: (line: string) => void = () => undefined) {
  const why = staleness(paths);
  if (!why) return false;
  const started = Date.now();
  await buildWebApp(paths);
  log(`web app built in ${Date.now() - started} ms (${why})`);
  return true;
}

export interface SizedFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface SizeReport {
  files: SizedFile[];
  /** JS + CSS, gzipped: what the budget counts. */
  totalGzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
}

/** Every built file's weight, raw and gzipped (level 9, as a CDN compresses static files). */
export function sizeReport(paths: WebPaths = webPaths()): SizeReport {
  const files = listFiles(paths.outDir)
    .filter((file) => path.basename(file) !== STAMP)
    .sort()
    .map((file) => {
      const content = fs.readFileSync(file);
      return {
        file: path.relative(paths.outDir, file).split(path.sep).join('/'),
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 9 }).length,
      };
    });
  const totalGzipBytes = files
    .filter((file) => /\.(js|css)$/.test(file.file))
    .reduce((sum, file) => sum + file.gzipBytes, 0);
  return { files, totalGzipBytes, budgetBytes: WEB_BUDGET_BYTES, withinBudget: totalGzipBytes <= WEB_BUDGET_BYTES };
}

export function formatSizeReport(report: SizeReport): string {
  const width = Math.max(...report.files.map((file) => file.file.length), 4);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const rows = report.files.map(
    (file) =>
      `  ${file.file.padEnd(width)}  ${String(file.bytes).padStart(8)} B  ${String(file.gzipBytes).padStart(7)} B gzip`,
  );
  return [
    `  ${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(12)}`,
    ...rows,
    `JS + CSS gzip: ${report.totalGzipBytes} B (${kb(report.totalGzipBytes)}) of the ${kb(report.budgetBytes)} budget: ${report.withinBudget ? 'within' : 'OVER BUDGET'}`,
  ].join('\n');
}
