/**
 * The bundles the cold-start probes load: from `sls package` (the zips in each service's
 * .serverless/, taken apart with zip.ts) or, without packaging, the local stack's own bundles
 * (built by esbuild with the same `custom.esbuild` options). Also the markers of a schema
 * compiler in a bundle's text (ajv's `new Ajv`, `compileSchema`, `new Function(`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FunctionModel, StackModel } from '../../local/model/types';
import { readZip } from './zip';

export interface ColdBundle {
  fn: FunctionModel;
  /** The handler's .js file, ready to require. */
  file: string;
  /** Size of the deployment package (`sls package` zip), when packaged. */
  zipBytes?: number;
  /** The handler bundle itself (what Node parses at a cold start), and its source map. */
  bundleBytes: number;
  mapBytes: number;
}

const COMPILER_MARKERS = [/\bnew Ajv\b/, /\bcompileSchema\b/, /\bnew Function\(/];

/** Markers of runtime code generation in a bundle's text. */
export function compilerMarkers(bundleText: string): string[] {
  return COMPILER_MARKERS.filter((marker) => marker.test(bundleText)).map((marker) => marker.source);
}

/** The handler file of a function inside its unpacked package: `src/handlers/x.handler` -> `src/handlers/x.js`. */
function handlerPath(serviceDir: string, fn: FunctionModel): string {
  return `${path.relative(serviceDir, fn.handlerModule).split(path.sep).join('/')}.js`;
}

/** Unpacks each function's `sls package` zip (in `<service>/.serverless/<key>.zip`) into `outDir`. */
export function bundlesFromPackages(model: StackModel, outDir: string): ColdBundle[] {
  return model.services.flatMap((service) =>
    service.functions.map((fn) => {
      const zipFile = path.join(service.dir, '.serverless', `${fn.key}.zip`);
      const zip = fs.readFileSync(zipFile);
      const target = path.join(outDir, service.name, fn.key);
      for (const entry of readZip(zip)) {
        const file = path.join(target, entry.name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, entry.data);
      }
      const file = path.join(target, handlerPath(service.dir, fn));
      if (!fs.existsSync(file)) throw new Error(`${zipFile} holds no ${handlerPath(service.dir, fn)}`);
      return { fn, file, zipBytes: zip.length, bundleBytes: fs.statSync(file).size, mapBytes: sizeOf(`${file}.map`) };
    }),
  );
}

/** The local stack's own bundles (same esbuild options as the deploy), copied so they outlive the stack. */
export function bundlesFromLocalBuild(
  bundled: readonly { fn: FunctionModel; file: string }[],
  outDir: string,
): ColdBundle[] {
  return bundled.map(({ fn, file: built }) => {
    const file = path.join(outDir, fn.service, fn.key, path.basename(built));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(built, file);
    if (fs.existsSync(`${built}.map`)) fs.copyFileSync(`${built}.map`, `${file}.map`);
    return { fn, file, bundleBytes: fs.statSync(file).size, mapBytes: sizeOf(`${file}.map`) };
  });
}

function sizeOf(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}
