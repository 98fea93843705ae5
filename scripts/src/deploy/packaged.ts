/**
 * Packaged templates for the tests that read them, packaged only when something they are built
 * from changed: several test files read the same four templates, and packaging is what they
 * cost (about a minute on two cores). A template is reused when it was packaged for the same
 * stage and region and is newer than every file of its service folder, of the shared workspace
 * and the root manifests; otherwise the service is packaged again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packageService, runServerless, SERVICES, type ServiceDir } from './package-all';
import { readTemplate, type CfnTemplate } from './templates';

const REGION = 'us-east-1';
/** Folders whose files are outputs or dependencies, never inputs of a package. */
const NOT_INPUTS = new Set(['node_modules', '.serverless', '.esbuild', '.evote', 'dist', 'coverage']);

const templateIn = (dir: string) => path.join(dir, 'cloudformation-template-update-stack.json');

export async function packagedTemplates(root: string, stage: string): Promise<Record<ServiceDir, CfnTemplate>> {
  const templates = {} as Record<ServiceDir, CfnTemplate>;
  for (const service of SERVICES) {
    const output = path.join(root, service, '.serverless');
    if (!isFresh(root, service, output, stage)) await packageService(service, { root, stage, region: REGION });
    templates[service] = readTemplate(templateIn(output));
  }
  return templates;
}

/**
 * One service packaged with `--param` values, into `.evote/packages/<stage>/<service>-<params>`,
 * leaving the service's own `.serverless` (the parameterless package) as it was.
 */
export async function packagedVariant(
  root: string,
  service: ServiceDir,
  stage: string,
  params: Record<string, string>,
): Promise<CfnTemplate> {
  const output = variantOutput(root, service, stage, params);
  if (!isFresh(root, service, output, stage)) {
    const args = ['package', '--stage', stage, '--region', REGION, '--package', output];
    for (const [key, value] of Object.entries(params)) args.push(`--param=${key}=${value}`);
    // Even with --package, the framework empties the service's `.serverless` first (its
    // temporary folder): keep the parameterless package aside meanwhile, and put it back.
    const own = path.join(root, service, '.serverless');
    const kept = `${own}-kept-${process.pid}`;
    if (fs.existsSync(own)) fs.renameSync(own, kept);
    try {
      await runServerless(root, service, args);
    } finally {
      if (fs.existsSync(kept)) {
        fs.rmSync(own, { recursive: true, force: true });
        fs.renameSync(kept, own);
      }
    }
  }
  return readTemplate(templateIn(output));
}

/** Where `packagedVariant` writes the template of that service, stage and params. */
export function variantTemplatePath(
  root: string,
  service: ServiceDir,
  stage: string,
  params: Record<string, string>,
): string {
  return templateIn(variantOutput(root, service, stage, params));
}

function variantOutput(root: string, service: ServiceDir, stage: string, params: Record<string, string>): string {
  const label = Object.entries(params)
    .map(([key, value]) => `${key}=${value}`)
    .join(',')
    .replace(/[^\w.=,-]/g, '_');
  return path.join(root, '.evote', 'packages', stage, `${service}-${label}`);
}

function isFresh(root: string, service: ServiceDir, output: string, stage: string): boolean {
  const template = templateIn(output);
  const state = path.join(output, 'serverless-state.json');
  if (!fs.existsSync(template) || !fs.existsSync(state)) return false;
  const provider = (JSON.parse(fs.readFileSync(state, 'utf8')) as { service?: { provider?: Record<string, unknown> } })
    .service?.provider;
  if (provider?.stage !== stage || provider.region !== REGION) return false;
  const packagedAt = fs.statSync(template).mtimeMs;
  const inputs = [
    path.join(root, service),
    path.join(root, 'shared'),
    path.join(root, 'package.json'),
    path.join(root, 'yarn.lock'),
  ];
  return inputs.every((input) => newestChange(input) < packagedAt);
}

function newestChange(file: string): number {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) {
    if (!NOT_INPUTS.has(entry)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  }
  return newest;
}
