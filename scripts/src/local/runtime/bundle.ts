import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import type { FunctionModel, ServiceModel } from '../model/types';
import { cachedBuild } from './bundleCache';

/**
 * Options of serverless-esbuild's `custom.esbuild` that are esbuild options as they are. The
 * plugin's own keys (packager, exclude, zip settings, ...) are translated or ignored.
 */
const PASSED_THROUGH = [
  'minify',
  'sourcemap',
  'target',
  'platform',
  'keepNames',
  'define',
  'mainFields',
  'format',
  'loader',
  'banner',
  'footer',
  'treeShaking',
  'conditions',
  'tsconfig',
  'legalComments',
  'charset',
  'sourcesContent',
  'supported',
] as const;

/** serverless-esbuild leaves the v2 SDK out of bundles unless `exclude` says otherwise. */
const PLUGIN_DEFAULT_EXCLUDE = ['aws-sdk'];

/** esbuild options equivalent to the deploy's, for one function, writing to `outfile`. */
export function bundleOptions(service: ServiceModel, fn: FunctionModel, outfile: string): BuildOptions {
  const custom = service.esbuild;
  const options: Record<string, unknown> = { platform: 'node', target: 'node20', format: 'cjs' };
  for (const key of PASSED_THROUGH) if (custom[key] !== undefined) options[key] = custom[key];
  const exclude = (custom.exclude as string[] | undefined) ?? PLUGIN_DEFAULT_EXCLUDE;
  const external = [...((custom.external as string[] | undefined) ?? []), ...exclude.filter((name) => name !== '*')];
  if (options.sourcemap === true || options.sourcemap === undefined) options.sourcemap = 'linked';
  return {
    ...(options as BuildOptions),
    entryPoints: [entryFile(fn.handlerModule)],
    bundle: custom.bundle === undefined ? true : Boolean(custom.bundle),
    outfile,
    external,
    logLevel: 'silent',
  };
}

function entryFile(handlerModule: string): string {
  for (const extension of ['.ts', '.js', '.mjs', '.cjs']) {
    if (fs.existsSync(handlerModule + extension)) return handlerModule + extension;
  }
  throw new Error(`handler module not found: ${handlerModule}.{ts,js}`);
}

export interface BundledFunction {
  fn: FunctionModel;
  file: string;
}

/**
 * Bundles every function of every service into `outDir/<service>/<function>.js`, or, given a
 * `cacheDir`, reuses (or adds to) the bundles cached there (bundleCache.ts) and returns their paths.
 */
export async function bundleFunctions(
  services: readonly ServiceModel[],
  outDir: string,
  cacheDir?: string,
): Promise<BundledFunction[]> {
  const jobs = services.flatMap((service) =>
    service.functions.map(async (fn) => {
      const options = bundleOptions(service, fn, path.join(outDir, service.name, `${fn.key}.js`));
      if (cacheDir !== undefined) return { fn, file: await cachedBuild(options, path.join(cacheDir, service.name)) };
      await build(options);
      return { fn, file: options.outfile as string };
    }),
  );
  return Promise.all(jobs);
}
