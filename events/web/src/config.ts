/**
 * The page's configuration, read from `/config.json` at start: where to sign in and where each
 * API lives. The same built files serve every stage; only this file differs (locally the gateway
 * writes it from the stack, in AWS the deploy writes it next to the pages).
 */

export type SignInMode = 'local' | 'cognito';
export const API_SERVICES = ['events', 'elections', 'audit', 'voters'] as const;
export type ApiService = (typeof API_SERVICES)[number];

/** A voter the local sign-in offers (the seed voters); never present with Cognito. */
export interface SeedVoter {
  voterId: string;
  fullName: string;
}

export interface AppConfig {
  /** `local`: the local issuer's token endpoint stands in for a sign-in page; `cognito`: the hosted sign-in. */
  signIn: SignInMode;
  /** Where the page reaches the issuer: locally the gateway's path (`/_evote/issuer`), with Cognito the pool's issuer URL. */
  issuer: string;
  /** The voters' app client id (the audience of a voter's token). */
  clientId: string;
  /** The hosted sign-in's origin, e.g. `https://evote-dev-1234.auth.eu-west-1.amazoncognito.com` (Cognito only). */
  cognitoDomain?: string;
  /** Each API's origin (and path prefix); empty = the page's own origin. */
  apiBase: Record<ApiService, string>;
  seedVoters?: SeedVoter[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `/config.json`; a broken one fails loudly with every problem, rather than half-working. */
export function parseConfig(value: unknown): AppConfig {
  if (!isRecord(value)) throw new ConfigError('config.json must be a JSON object');
  const problems: string[] = [];
  const text = (name: string, optional = false): string | undefined => {
    const found = value[name];
    if (found === undefined && optional) return undefined;
    if (typeof found !== 'string') problems.push(`${name} must be a string`);
    return typeof found === 'string' ? found : undefined;
  };
  const signIn = value.signIn;
  if (signIn !== 'local' && signIn !== 'cognito') problems.push('signIn must be "local" or "cognito"');
  const issuer = text('issuer');
  const clientId = text('clientId');
  const cognitoDomain = text('cognitoDomain', true);
  if (signIn === 'cognito' && !cognitoDomain) problems.push('cognitoDomain is required when signIn is "cognito"');
  const apiBase = isRecord(value.apiBase) ? value.apiBase : {};
  if (!isRecord(value.apiBase)) problems.push('apiBase must be an object');
  for (const service of API_SERVICES)
    if (typeof apiBase[service] !== 'string') problems.push(`apiBase.${service} must be a string ("" = same origin)`);
  const seedVoters = value.seedVoters;
  if (
    seedVoters !== undefined &&
    !(
      Array.isArray(seedVoters) &&
      seedVoters.every(
        (voter) => isRecord(voter) && typeof voter.voterId === 'string' && typeof voter.fullName === 'string',
      )
    )
  )
    problems.push('seedVoters must be a list of {voterId, fullName}');
  if (problems.length) throw new ConfigError(`config.json: ${problems.join('; ')}`);
  return {
    signIn: signIn as SignInMode,
    issuer: issuer as string,
    clientId: clientId as string,
    ...(cognitoDomain ? { cognitoDomain } : {}),
    apiBase: Object.fromEntries(
      API_SERVICES.map((service) => [service, apiBase[service] as string]),
    ) as AppConfig['apiBase'],
    ...(seedVoters ? { seedVoters: seedVoters as SeedVoter[] } : {}),
  };
}

/** The URL of `path` on `service`'s API (a base's trailing slash is ignored). */
export function apiUrl(config: AppConfig, service: ApiService, path: string): string {
  return `${config.apiBase[service].replace(/\/+$/, '')}${path}`;
}
