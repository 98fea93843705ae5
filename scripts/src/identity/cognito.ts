/**
 * The AWS side of tokens: a deployed stage's Cognito user pool (a resource of evote-events).
 *
 * - `enrolSeedVoters` makes the seed voters users of the pool (username = voter id, no welcome
 *   message, a generated permanent password), for `yarn run init --stage <s>`. The passwords are
 *   kept for the token command in `.evote/<stage>/seed-passwords.json` (mode 0600), and reused
 *   on the next run, so enrolling again changes nothing.
 * - `cognitoToken` gets an access token from the pool: a voter's by USER_PASSWORD_AUTH with the
 *   stored password (seed voters only), an auditor's by the client-credentials grant at the
 *   pool domain's token endpoint (the auditors' client secret read with DescribeUserPoolClient).
 *
 * The pool, its app clients and its domain are read from the events stack's outputs. Building
 * each request is separate from sending it, so the requests are unit-tested without AWS.
 * Over 250 lines because both halves (enrolment and tokens) share the pool lookup and the stored
 * passwords; every function in it is small.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  type AdminCreateUserCommandInput,
  type AdminSetUserPasswordCommandInput,
  type DescribeUserPoolClientCommandInput,
  type InitiateAuthCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { AUDITOR_SCOPE } from '@evote/shared';
import { repoRoot } from '../local/paths';

/** A stage's user pool as the events stack describes it. */
export interface StagePool {
  region: string;
  userPoolId: string;
  /** The voters' public app client (USER_PASSWORD_AUTH). */
  votersClientId: string;
  /** The auditors' confidential app client (client credentials, scope evote/audit). */
  auditorsClientId: string;
  /** The prefix of the pool's domain: `<prefix>.auth.<region>.amazoncognito.com`. */
  domainPrefix: string;
}

/** The outputs of evote-events that name the pool (see events/serverless.yml). */
export const POOL_OUTPUTS = {
  userPoolId: 'UserPoolId',
  votersClientId: 'JwtAudience',
  auditorsClientId: 'JwtAuditorAudience',
  domainPrefix: 'UserPoolDomain',
  issuer: 'JwtIssuerUrl',
} as const;

/** The stack `sls deploy` creates for evote-events on a stage. */
export const eventsStackName = (stage: string): string => `evote-events-${stage}`;

/** Just the `send` of an SDK client, so that tests can stand in for AWS. */
export interface Sender {
  send(command: object): Promise<unknown>;
}

export interface PoolClients {
  cognito: Sender;
  cloudFormation: Sender;
}

export interface StageOptions {
  stage: string;
  region: string;
  /** Defaults to real SDK clients for the region, with the usual credential chain. */
  clients?: PoolClients;
  /** Defaults to `.evote/<stage>/seed-passwords.json` under the repository root. */
  passwordsFile?: string;
}

/**
 * The pool from the events stack's outputs. Refuses a stage whose issuer is not its own pool
 * (deployed with `--param jwtIssuerUrl=...`): the pool's tokens would not pass its authorizers.
 */
export function poolFromOutputs(outputs: readonly Output[], region: string, stack: string): StagePool {
  const value = (key: string) => outputs.find((output) => output.OutputKey === key)?.OutputValue;
  const missing = Object.values(POOL_OUTPUTS).filter((key) => !value(key));
  if (missing.length > 0)
    throw new Error(`stack ${stack} has no output ${missing.join(', ')}: is evote-events deployed with its user pool?`);
  const pool = {
    region,
    userPoolId: value(POOL_OUTPUTS.userPoolId) as string,
    votersClientId: value(POOL_OUTPUTS.votersClientId) as string,
    auditorsClientId: value(POOL_OUTPUTS.auditorsClientId) as string,
    domainPrefix: value(POOL_OUTPUTS.domainPrefix) as string,
  };
  const issuer = value(POOL_OUTPUTS.issuer) as string;
  if (issuer !== poolIssuer(pool))
    throw new Error(
      `stack ${stack} trusts the issuer ${issuer}, not its Cognito pool: get tokens from that issuer instead`,
    );
  return pool;
}

/** The `iss` of the pool's tokens. */
export function poolIssuer(pool: Pick<StagePool, 'region' | 'userPoolId'>): string {
  return `https://cognito-idp.${pool.region}.amazonaws.com/${pool.userPoolId}`;
}

export async function stagePool(stage: string, region: string, cloudFormation: Sender): Promise<StagePool> {
  const stack = eventsStackName(stage);
  const described = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stack }))) as {
    Stacks?: { Outputs?: Output[] }[];
  };
  return poolFromOutputs(described.Stacks?.[0]?.Outputs ?? [], region, stack);
}

// ---- Enrolling the seed voters -------------------------------------------------------------

/** A user whose username is the voter id; Cognito sends no invitation (no e-mail is kept). */
export function createUserRequest(pool: StagePool, voterId: string): AdminCreateUserCommandInput {
  return { UserPoolId: pool.userPoolId, Username: voterId, MessageAction: 'SUPPRESS' };
}

/** A permanent password: the user can sign in at once (no FORCE_CHANGE_PASSWORD challenge). */
export function setPasswordRequest(
  pool: StagePool,
  voterId: string,
  password: string,
): AdminSetUserPasswordCommandInput {
  return { UserPoolId: pool.userPoolId, Username: voterId, Password: password, Permanent: true };
}

/**
 * 32 random characters of the URL-safe base64 alphabet (192 bits), plus one lower case letter,
 * one upper case letter and one digit, so that the pool's password policy (12 characters, all
 * three classes) accepts it whatever the random part holds.
 */
export function generatePassword(random: (size: number) => Buffer = randomBytes): string {
  return `${random(24).toString('base64url')}aA1`;
}

export type SeedPasswords = Record<string, string>;

export function passwordsFileOf(stage: string, root: string = repoRoot()): string {
  return path.join(root, '.evote', stage, 'seed-passwords.json');
}

export function readPasswords(file: string): SeedPasswords {
  if (!fs.existsSync(file)) return {};
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Object.values(parsed).some((value) => typeof value !== 'string')
  ) {
    throw new Error(`${file} is not a map of voter ids to passwords`);
  }
  return parsed as SeedPasswords;
}

/** Written for the owner only: these passwords sign in as the seed voters. */
export function writePasswords(file: string, passwords: SeedPasswords): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of a file that exists already.
  fs.chmodSync(file, 0o600);
}

export interface Enrolment {
  pool: StagePool;
  created: string[];
  existing: string[];
  passwordsFile: string;
}

/**
 * Makes each voter a user of the stage's pool with a known permanent password. Safe to run
 * again: an existing user keeps its username and gets the stored password again. The passwords
 * are written to disk before any is set in the pool, so the file never lags behind the pool.
 */
export async function enrolSeedVoters(voterIds: readonly string[], options: StageOptions): Promise<Enrolment> {
  return withClients(options, (clients) => enrol(voterIds, options, clients));
}

async function enrol(voterIds: readonly string[], options: StageOptions, clients: PoolClients): Promise<Enrolment> {
  const pool = await stagePool(options.stage, options.region, clients.cloudFormation);
  const passwordsFile = options.passwordsFile ?? passwordsFileOf(options.stage);
  const passwords = readPasswords(passwordsFile);
  for (const voterId of voterIds) passwords[voterId] ??= generatePassword();
  writePasswords(passwordsFile, passwords);
  const created: string[] = [];
  const existing: string[] = [];
  for (const voterId of voterIds) {
    const outcome = (await createUser(clients.cognito, pool, voterId)) ? created : existing;
    outcome.push(voterId);
    await clients.cognito.send(
      new AdminSetUserPasswordCommand(setPasswordRequest(pool, voterId, passwords[voterId] as string)),
    );
  }
  return { pool, created, existing, passwordsFile };
}

/** True when the user was created, false when it existed already. */
async function createUser(cognito: Sender, pool: StagePool, voterId: string): Promise<boolean> {
  try {
    await cognito.send(new AdminCreateUserCommand(createUserRequest(pool, voterId)));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'UsernameExistsException') return false;
    throw error;
  }
}

// ---- Tokens --------------------------------------------------------------------------------

export type TokenRole = 'voter' | 'auditor';

export interface TokenOptions extends StageOptions {
  role: TokenRole;
  /** Required for a voter: one of the seed voters enrolled by `yarn run init --stage`. */
  voterId?: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export function passwordAuthRequest(pool: StagePool, voterId: string, password: string): InitiateAuthCommandInput {
  return {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.votersClientId,
    AuthParameters: { USERNAME: voterId, PASSWORD: password },
  };
}

export function auditorsClientRequest(pool: StagePool): DescribeUserPoolClientCommandInput {
  return { UserPoolId: pool.userPoolId, ClientId: pool.auditorsClientId };
}

/** The pool domain's OAuth 2.0 token endpoint. */
export function tokenEndpoint(pool: StagePool): string {
  return `https://${pool.domainPrefix}.auth.${pool.region}.amazoncognito.com/oauth2/token`;
}

/**
 * The client-credentials grant for the auditor scope: the client authenticates with HTTP Basic
 * (id and secret form-encoded first, as OAuth 2.0 asks), the body names the grant and the scope.
 */
export function clientCredentialsRequest(pool: StagePool, clientSecret: string): { url: string; init: RequestInit } {
  const credentials = Buffer.from(
    `${encodeURIComponent(pool.auditorsClientId)}:${encodeURIComponent(clientSecret)}`,
  ).toString('base64');
  return {
    url: tokenEndpoint(pool),
    init: {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: AUDITOR_SCOPE }).toString(),
    },
  };
}

/** An access token of the stage's pool for a seed voter or for the auditors' client. */
export async function cognitoToken(options: TokenOptions): Promise<string> {
  return withClients(options, async (clients) => {
    const pool = await stagePool(options.stage, options.region, clients.cloudFormation);
    return options.role === 'voter'
      ? voterToken(pool, clients.cognito, options)
      : auditorToken(pool, clients.cognito, options.fetch ?? fetch);
  });
}

async function voterToken(pool: StagePool, cognito: Sender, options: TokenOptions): Promise<string> {
  const { voterId, stage } = options;
  if (!voterId) throw new Error('a voter token needs the voter id');
  const password = readPasswords(options.passwordsFile ?? passwordsFileOf(stage))[voterId];
  if (!password)
    throw new Error(
      `no password stored for voter ${voterId} on stage ${stage}: tokens are for the seed voters, enrolled by \`yarn run init --stage ${stage}\``,
    );
  const answer = (await cognito.send(new InitiateAuthCommand(passwordAuthRequest(pool, voterId, password)))) as {
    AuthenticationResult?: { AccessToken?: string };
    ChallengeName?: string;
  };
  const token = answer.AuthenticationResult?.AccessToken;
  if (!token)
    throw new Error(
      `the pool asked voter ${voterId} for ${answer.ChallengeName ?? 'more than a password'}: run \`yarn run init --stage ${stage}\` again`,
    );
  return token;
}

async function auditorToken(pool: StagePool, cognito: Sender, post: typeof fetch): Promise<string> {
  const described = (await cognito.send(new DescribeUserPoolClientCommand(auditorsClientRequest(pool)))) as {
    UserPoolClient?: { ClientSecret?: string };
  };
  const secret = described.UserPoolClient?.ClientSecret;
  if (!secret) throw new Error(`the auditors' app client ${pool.auditorsClientId} has no secret`);
  const { url, init } = clientCredentialsRequest(pool, secret);
  const response = await post(url, init);
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`${url} answered ${response.status}${body.error ? ` (${body.error})` : ''}`);
  return body.access_token;
}

/** Runs `work` with the given clients, or with SDK clients for the region that are closed after it. */
async function withClients<T>(options: StageOptions, work: (clients: PoolClients) => Promise<T>): Promise<T> {
  if (options.clients) return work(options.clients);
  // The pinned SDK runs on Node 20; its notice about releases after January 2027 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const cognito = new CognitoIdentityProviderClient({ region: options.region });
  const cloudFormation = new CloudFormationClient({ region: options.region });
  try {
    return await work({ cognito, cloudFormation });
  } finally {
    cognito.destroy();
    cloudFormation.destroy();
  }
}
