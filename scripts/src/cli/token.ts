/**
 * `yarn token`: prints an access token, and only the token, on stdout (hints go to stderr), so
 * `curl -H "authorization: Bearer $(yarn token voter b7a42e)" ...` works.
 *   yarn token voter <voterId> [--stage <s>]
 *   yarn token auditor [--stage <s>]
 * Locally it asks the running stack's issuer (gateway on PORT, default 3000); with no stack
 * running it signs with the issuer key a persistent `yarn start` keeps (EVOTE_DATA_DIR, default
 * .evote/). With --stage, a token from that stage's own issuer.
 */
import path from 'node:path';
import {
  LocalIssuer,
  TokenRequestError,
  assertVoterId,
  isLocalIssuerUrl,
  issuerIdentityOf,
  mint,
  type IssuerIdentity,
  type TokenRequest,
} from '../local/auth/issuer';
import { cognitoToken } from '../identity/cognito';
import { loadStackModel } from '../local/model/load';
import { repoRoot } from '../local/paths';
import { parseArgs } from './args';

const USAGE = 'usage: yarn token voter <voterId> [--stage <s>] | yarn token auditor [--stage <s>]';
const LOCAL_STAGE = 'local';

/** Bad input or a missing feature: exit 2, as for a usage error. */
class UsageError extends Error {
  readonly code = 'USAGE';
}

/**
 * A token from a deployed stage's issuer (its Cognito user pool): a seed voter's by signing in
 * with the password `yarn run init --stage` stored, the auditors' by client credentials. The
 * region defaults to the one the services' serverless.yml files name.
 */
async function tokenFromStage(stage: string, request: TokenRequest, region: string | undefined): Promise<string> {
  const stageRegion = region ?? (await loadStackModel({ root: repoRoot(), stage })).region;
  return 'voterId' in request
    ? cognitoToken({ stage, region: stageRegion, role: 'voter', voterId: request.voterId })
    : cognitoToken({ stage, region: stageRegion, role: 'auditor' });
}

/** The local stage's token: from the running stack, else signed with the kept key. */
async function localToken(request: TokenRequest): Promise<string> {
  const model = await loadStackModel({ root: repoRoot(), stage: LOCAL_STAGE });
  const identity = issuerIdentityOf(model);
  if (!identity || !isLocalIssuerUrl(identity.issuerUrl))
    throw new Error(`stage ${LOCAL_STAGE} declares no local issuer (jwtIssuerUrl on localhost)`);
  const port = process.env.PORT || '3000';
  const fromStack = await askRunningStack(identity, port, request);
  if (fromStack !== undefined) return fromStack;
  const keyDir = path.join(
    process.env.EVOTE_DATA_DIR ? path.resolve(process.env.EVOTE_DATA_DIR) : path.join(repoRoot(), '.evote'),
    'issuer',
    LOCAL_STAGE,
  );
  const issuer = await LocalIssuer.load(identity, keyDir);
  if (!issuer)
    throw new Error(
      `no local stack answers on port ${port} and no issuer key is kept in ${keyDir}: start the stack with \`yarn start\` (PORT if not 3000)`,
    );
  process.stderr.write(
    `no local stack on port ${port}: signed with the key in ${keyDir} (a \`yarn start\` on that data accepts it; one with --in-memory does not)\n`,
  );
  return mint(issuer, request);
}

/** The token the running gateway's issuer mints, or undefined if nothing listens on the port. */
async function askRunningStack(
  identity: IssuerIdentity,
  port: string,
  request: TokenRequest,
): Promise<string | undefined> {
  const url = `http://127.0.0.1:${port}${new URL(identity.issuerUrl).pathname.replace(/\/$/, '')}/token`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') return undefined;
    throw new Error(`cannot reach the local stack at ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`the local stack's issuer at ${url} answered ${response.status}: ${text}`);
  const token = (JSON.parse(text) as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new Error(`the local stack's issuer at ${url} answered without an access_token`);
  return token;
}

function requestOf(positional: string[]): TokenRequest {
  const [role, voterId, ...rest] = positional;
  if (role === 'voter' && voterId !== undefined && rest.length === 0) {
    assertVoterId(voterId);
    return { voterId };
  }
  if (role === 'auditor' && voterId === undefined) return { role: 'auditor' };
  throw new UsageError(USAGE);
}

/** Runs `read`, turning what it throws into a usage error. */
function usage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const args = usage(() => parseArgs(process.argv.slice(2), { values: ['stage', 'region'] }));
  const request = requestOf(args.positional);
  const token =
    args.values.stage === undefined
      ? await localToken(request)
      : await tokenFromStage(args.values.stage, request, args.values.region);
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`yarn token: ${error.message}\n`);
  process.exit(error instanceof UsageError || error instanceof TokenRequestError ? 2 : 1);
});
