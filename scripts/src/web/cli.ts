/**
 * `yarn web:build`: builds the web app (events/web/dist) and prints its weight.
 * `yarn web:size`: prints each built file's bytes raw and gzipped and the JS + CSS gzip total
 * against the 60 KB budget (building first if stale); exits 1 over budget.
 */
import { buildWebApp, ensureWebBuilt, formatSizeReport, sizeReport } from './build';

async function main(): Promise<number> {
  const command = process.argv[2];
  if (command === 'build') await buildWebApp();
  else if (command === 'size') await ensureWebBuilt(undefined, (line) => console.log(line));
  else {
    console.error('usage: tsx scripts/src/web/cli.ts build|size');
    return 2;
  }
  const report = sizeReport();
  console.log(formatSizeReport(report));
  return report.withinBudget ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`web build failed: ${error.message}`);
    process.exit(1);
  },
);
