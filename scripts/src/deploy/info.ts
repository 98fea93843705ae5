/**
 * `yarn run info`: `sls info --verbose` in each service folder, and from what they print one short
 * table of the stage's endpoints (every HTTP route with its URL) and its bus. Unlike deploy and
 * remove it does not stop at a failing service: a stage that is half deployed is exactly when
 * one wants to see which half.
 */
import { stripVTControlCharacters } from 'node:util';
import { SERVICES, commandLine, slsArgs, type Plan, type ServiceDir, type StageOptions, type StepRunner } from './plan';

export function infoPlan(options: StageOptions): Plan {
  return {
    command: commandLine('info', options),
    steps: SERVICES.map((service) => ({ kind: 'sls', service, args: slsArgs('info', options, ['--verbose']) })),
  };
}

/** What `sls info --verbose` says about one deployed service. */
export interface ServiceInfo {
  /** `POST - https://...` lines, as `{ method, url }`. */
  endpoints: { method: string; url: string }[];
  /** The stack's outputs (`Stack Outputs:` section). */
  outputs: Record<string, string>;
}

export type ServiceReport = { service: ServiceDir } & ({ info: ServiceInfo } | { failure: string });

/**
 * Reads the sections the framework writes (`endpoint: X`, or `endpoints:` then one indented
 * line each; `Stack Outputs:` then indented `Key: value` lines), ignoring every other line.
 */
export function parseServiceInfo(lines: readonly string[]): ServiceInfo {
  const endpoints: ServiceInfo['endpoints'] = [];
  const outputs: Record<string, string> = {};
  let section: string | undefined;
  for (const raw of lines) {
    const line = stripVTControlCharacters(raw);
    const item = /^ {2}(\S.*)$/.exec(line)?.[1];
    if (item === undefined) {
      const single = /^endpoint: (.+)$/.exec(line)?.[1];
      if (single !== undefined) endpoints.push(endpointOf(single));
      section = /^(\S[^:]*):$/.exec(line)?.[1];
      continue;
    }
    if (section === 'endpoints') endpoints.push(endpointOf(item));
    if (section === 'Stack Outputs') {
      const [key, value] = item.split(/: (.*)/s, 2);
      if (key !== undefined && value !== undefined) outputs[key] = value;
    }
  }
  return { endpoints, outputs };
}

function endpointOf(text: string): { method: string; url: string } {
  const [method, url] = text.split(' - ', 2);
  return url === undefined ? { method: '', url: text } : { method: method as string, url };
}

/** Runs every step of the plan, collecting what each prints; a failing service is reported, not fatal. */
export async function gatherInfo(plan: Plan, runner: StepRunner): Promise<ServiceReport[]> {
  const reports: ServiceReport[] = [];
  for (const step of plan.steps) {
    const lines: string[] = [];
    try {
      await runner.run(step, (line) => lines.push(line));
      reports.push({ service: step.service, info: parseServiceInfo(lines) });
    } catch (error) {
      reports.push({ service: step.service, failure: failureOf(lines, error) });
    }
  }
  return reports;
}

/** The framework's own reason (the line after its `Error:` line) when it gave one. */
function failureOf(lines: readonly string[], error: unknown): string {
  const plain = lines.map((line) => stripVTControlCharacters(line).trim());
  const said = plain.slice(plain.indexOf('Error:') + 1).find((line) => line !== '');
  return plain.includes('Error:') && said ? said : error instanceof Error ? error.message : String(error);
}

/**
 * One row per HTTP route, one per service without any (or that failed), and one per bus the
 * services declare, marked when no deployed stack names it in its outputs.
 */
export function formatInfo(reports: readonly ServiceReport[], buses: readonly string[]): string[] {
  const rows: [string, string, string][] = reports.flatMap((report): [string, string, string][] => {
    if ('failure' in report) return [[report.service, '', `not available: ${report.failure}`]];
    if (report.info.endpoints.length === 0) return [[report.service, '', 'no HTTP endpoint']];
    return report.info.endpoints.map(({ method, url }): [string, string, string] => [report.service, method, url]);
  });
  const named = new Set(reports.flatMap((report) => ('info' in report ? Object.values(report.info.outputs) : [])));
  for (const bus of buses) rows.push(['bus', '', named.has(bus) ? bus : `${bus} (in no deployed stack's outputs)`]);
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map(([what, method, where]) =>
    `${what.padEnd(widths[0] as number)}  ${method.padEnd(widths[1] as number)}  ${where}`.replace(/ +$/, ''),
  );
}
