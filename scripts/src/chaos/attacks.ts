/**
 * The attack table: POST /events with a token that is missing, broken or forged, or valid but not
 * allowed to submit the ballot it carries. Every forged token names the ballot's own voter, so a
 * check that let one through would show as an accepted, counted ballot. Each attack must get its
 * documented status (401 from the jwt authorizer, as API Gateway answers; 403 from the handler
 * for a valid token that may not submit this ballot) and leave the bus and every table as they were.
 * Over 250 lines because building the attacks, running them and wording the table share one
 * material (keys, tokens, ballots) that must agree.
 */
import { randomBytes } from 'node:crypto';
import {
  SignJWT,
  UnsecuredJWT,
  base64url,
  calculateJwkThumbprint,
  decodeJwt,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import type { TestStack } from '../testing/harness';
import { fingerprintTables, type TableFingerprints } from '../testing/fingerprint';
import { TallyLedger } from './checks';

export interface Attack {
  name: string;
  /** The Authorization header sent; undefined: none at all. */
  authorization: string | undefined;
  status: 401 | 403;
}

/** What the attacks are built from: the issuer as the outside sees it, plus its key for the one-claim-wrong cases. */
export interface AttackMaterial {
  /** The issuer's JWKS, as published at `/.well-known/jwks.json`. */
  jwks: { keys: JWK[] };
  /**
   * Signs with the issuer's own key. Tokens that break exactly one claim (issuer, audience,
   * lifetime, kid) must be, or the signature check alone would refuse them and the claim check
   * would go untested.
   */
  signAsIssuer: (payload: JWTPayload, kid: string) => Promise<string>;
  /** A valid token of the ballot's owner: its claims are the template of every forgery (it is never sent). */
  ownerToken: string;
  /** A valid token of another voter. */
  intruderToken: string;
  auditorToken: string;
}

/**
 * The material for attacks on `owner`'s ballot by `intruder`, from the test stack: the JWKS as a
 * client fetches it from the gateway, the tokens from the stack's issuer.
 */
export async function attackMaterial(t: TestStack, owner: string, intruder: string): Promise<AttackMaterial> {
  const { issuer } = t.stack;
  if (!issuer) throw new Error('the attack table needs the local issuer');
  const response = await fetch(
    `${t.stack.urls.http}${new URL(issuer.url).pathname.replace(/\/$/, '')}/.well-known/jwks.json`,
  );
  if (response.status !== 200) throw new Error(`the issuer's JWKS answered ${response.status}`);
  return {
    jwks: (await response.json()) as { keys: JWK[] },
    signAsIssuer: (payload, kid) => issuer.signExactly(payload, kid),
    ownerToken: await t.stack.tokens.voter(owner),
    intruderToken: await t.stack.tokens.voter(intruder),
    auditorToken: await t.stack.tokens.auditor(),
  };
}

/** The length the oversized token reaches: far beyond any real access token (Cognito's are ~1 KB). */
const OVERSIZED_TOKEN_CHARS = 8 * 1024;
const HOUR = 3600;

export async function buildAttacks(material: AttackMaterial): Promise<Attack[]> {
  const [published] = material.jwks.keys;
  if (!published?.kid) throw new Error('the issuer publishes no key with a kid');
  const kid = published.kid;
  const claims = decodeJwt(material.ownerToken);
  const now = Math.floor(Date.now() / 1000);
  const signed = (payload: JWTPayload, header: { kid: string } = { kid }, key?: KeyLike | Uint8Array, alg = 'RS256') =>
    key === undefined
      ? material.signAsIssuer(payload, header.kid)
      : new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', ...header }).sign(key);

  const rogue = await generateKeyPair('RS256', { extractable: true });
  const rogueKid = await calculateJwkThumbprint(await exportJWK(rogue.publicKey));
  // Algorithm confusion: the public key, which anyone can fetch, used as an HMAC secret.
  const publicPem = await exportSPKI((await importJWK(published, 'RS256')) as KeyLike);
  const [intruderHeader, , intruderSignature] = material.intruderToken.split('.');
  const bearer = (token: string) => `Bearer ${token}`;

  return [
    { name: 'no token', authorization: undefined, status: 401 },
    { name: 'garbage token', authorization: bearer(randomBytes(48).toString('base64url')), status: 401 },
    { name: 'alg: none', authorization: bearer(new UnsecuredJWT(claims).encode()), status: 401 },
    {
      name: 'HS256 signed with the public key',
      authorization: bearer(await signed(claims, { kid }, new TextEncoder().encode(publicPem), 'HS256')),
      status: 401,
    },
    {
      name: 'a key not in the JWKS',
      authorization: bearer(await signed(claims, { kid }, rogue.privateKey)),
      status: 401,
    },
    { name: 'wrong kid', authorization: bearer(await signed(claims, { kid: rogueKid })), status: 401 },
    {
      name: 'wrong issuer',
      authorization: bearer(await signed({ ...claims, iss: 'https://issuer.example.com/evote' })),
      status: 401,
    },
    {
      name: 'wrong audience',
      authorization: bearer(await signed({ ...claims, client_id: 'another-app-client' })),
      status: 401,
    },
    {
      name: 'expired',
      authorization: bearer(await signed({ ...claims, iat: now - 2 * HOUR, exp: now - HOUR })),
      status: 401,
    },
    { name: 'not yet valid', authorization: bearer(await signed({ ...claims, nbf: now + HOUR })), status: 401 },
    // Another voter's genuine token with its payload swapped for the owner's claims; the signature is the original.
    {
      name: 'tampered payload',
      authorization: bearer(`${intruderHeader}.${base64url.encode(JSON.stringify(claims))}.${intruderSignature}`),
      status: 401,
    },
    { name: "voter A's token on voter B's ballot", authorization: bearer(material.intruderToken), status: 403 },
    { name: 'auditor token on POST', authorization: bearer(material.auditorToken), status: 403 },
    { name: '8 KB token', authorization: bearer(oversizedToken(kid, claims)), status: 401 },
  ];
}

/** A JWT-shaped token of at least 8 KB: the owner's claims padded, under a signature that is random bytes. */
function oversizedToken(kid: string, claims: JWTPayload): string {
  const header = base64url.encode(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const signature = randomBytes(256).toString('base64url');
  const room = OVERSIZED_TOKEN_CHARS - header.length - signature.length;
  const padding = 'x'.repeat(Math.ceil((room * 3) / 4));
  return `${header}.${base64url.encode(JSON.stringify({ ...claims, padding }))}.${signature}`;
}

/** What one attack did, over all its requests. */
export interface AttackRow {
  attack: string;
  expected: number;
  requests: number;
  /** Answers by status, e.g. { "401": 10 }. */
  answered: Record<string, number>;
  /** Answers with the right status but not its documented shape (JSON message; www-authenticate with a 401), a few shown. */
  malformedAnswers: string[];
  /** Events the bus accepted while the attack ran, plus deliveries it made. */
  published: number;
  /** Votes the tallies gained. */
  counted: number;
  /** Items written, changed or removed across every table. */
  itemsWritten: number;
}

/**
 * Runs each attack `repeat` times at once against POST /events with `ballot` (the owner's own,
 * issued ballot), each request with its own Idempotency-Key so that a refused request that
 * claimed a key would show as an item written. Attacks run one after another, so whatever an
 * attack published or wrote is its own.
 */
export async function runAttacks(
  t: TestStack,
  attacks: readonly Attack[],
  ballot: unknown,
  repeat: number,
): Promise<AttackRow[]> {
  const rows: AttackRow[] = [];
  await t.settle();
  // Each attack's tables afterwards are the next one's before (nothing else runs in between):
  // read once, not twice, for the scans cost more than the attacks once the tables are large.
  let tallies = await TallyLedger.actual(t);
  let tables = await fingerprintTables(t);
  for (const [index, attack] of attacks.entries()) {
    const deliveries = t.stack.bus.deliveries.length;
    const archived = t.stack.archive.list().length;
    const answers = await Promise.all(
      Array.from({ length: repeat }, (_, copy) => {
        const headers = { 'idempotency-key': `attack-${index}-${copy}` };
        return t.post('/events', ballot, {
          as: attack.authorization === undefined ? 'anonymous' : { authorization: attack.authorization },
          headers,
        });
      }),
    );
    await t.settle();
    const answered: Record<string, number> = {};
    const malformedAnswers: string[] = [];
    for (const answer of answers) {
      answered[answer.status] = (answered[answer.status] ?? 0) + 1;
      const problem = answerProblem(answer);
      if (problem && malformedAnswers.length < 3) malformedAnswers.push(problem);
    }
    const talliesAfter = await TallyLedger.actual(t);
    const tablesAfter = await fingerprintTables(t);
    rows.push({
      attack: attack.name,
      expected: attack.status,
      requests: repeat,
      answered,
      malformedAnswers,
      published: t.stack.archive.list().length - archived + (t.stack.bus.deliveries.length - deliveries),
      counted: votesGained(tallies, talliesAfter),
      itemsWritten: itemsChanged(tables, tablesAfter),
    });
    tallies = talliesAfter;
    tables = tablesAfter;
  }
  return rows;
}

/** The documented shape of a refusal: a JSON message, and with a 401 a `www-authenticate` challenge. */
function answerProblem(answer: { status: number; body: unknown; headers: Headers }): string | undefined {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string' || message.length === 0)
    return `${answer.status} without a JSON message: ${JSON.stringify(answer.body)}`;
  if (answer.status === 401 && !/^Bearer/.test(answer.headers.get('www-authenticate') ?? ''))
    return `401 without a Bearer www-authenticate challenge`;
  return undefined;
}

function votesGained(before: Record<string, number>, after: Record<string, number>): number {
  return Object.entries(after).reduce((sum, [candidate, count]) => sum + count - (before[candidate] ?? 0), 0);
}

/** Items in one fingerprint and not the other, over every table. */
function itemsChanged(before: TableFingerprints, after: TableFingerprints): number {
  let changed = 0;
  for (const table of Object.keys(after) as (keyof TableFingerprints)[]) {
    const was = new Set(before[table]);
    const is = new Set(after[table]);
    for (const item of is) if (!was.has(item)) changed++;
    for (const item of was) if (!is.has(item)) changed++;
  }
  return changed;
}

/** The attack table as the suite prints it. */
export function formatAttackTable(rows: readonly AttackRow[]): string {
  const lines = rows.map((row) => {
    const answered = Object.entries(row.answered)
      .map(([status, count]) => `${status} x${count}`)
      .join(', ');
    return `  ${row.attack.padEnd(36)} expected ${row.expected}, answered ${answered.padEnd(10)} published ${row.published}, counted ${row.counted}, items written ${row.itemsWritten}`;
  });
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  return [`attack table (POST /events): ${rows.length} attacks, ${requests} requests`, ...lines].join('\n');
}
