/** Over 250 lines because every AWS request of the enrolment and token flows is pinned exactly. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  clientCredentialsRequest,
  cognitoToken,
  createUserRequest,
  enrolSeedVoters,
  eventsStackName,
  generatePassword,
  passwordAuthRequest,
  poolFromOutputs,
  setPasswordRequest,
  type PoolClients,
  type StagePool,
} from './cognito';

const pool: StagePool = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123',
  votersClientId: 'voters-client',
  auditorsClientId: 'auditors-client',
  domainPrefix: 'evote-prod-123456789012',
};

const outputs = (overrides: Record<string, string> = {}) =>
  Object.entries({
    UserPoolId: pool.userPoolId,
    JwtAudience: pool.votersClientId,
    JwtAuditorAudience: pool.auditorsClientId,
    UserPoolDomain: pool.domainPrefix,
    JwtIssuerUrl: `https://cognito-idp.eu-west-1.amazonaws.com/${pool.userPoolId}`,
    EventBusName: 'evote-prod',
    ...overrides,
  }).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));

interface Sent {
  name: string;
  input: Record<string, unknown>;
}

/** Stand-ins for CloudFormation and Cognito that record each command and answer per command name. */
function fakeAws(answers: Record<string, (input: Record<string, unknown>) => unknown> = {}) {
  const sent: Sent[] = [];
  const sender = {
    send: async (command: object) => {
      const { name } = command.constructor;
      const input = (command as { input: Record<string, unknown> }).input;
      sent.push({ name, input });
      const answer = answers[name];
      return answer ? answer(input) : {};
    },
  };
  const clients: PoolClients = { cognito: sender, cloudFormation: sender };
  return { clients, sent, names: () => sent.map((command) => command.name) };
}

const describeStacks = () => ({ Stacks: [{ Outputs: outputs() }] });

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-cognito-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the pool of a stage', () => {
  it('is read from the events stack outputs', () => {
    expect(eventsStackName('prod')).toBe('evote-events-prod');
    expect(poolFromOutputs(outputs(), 'eu-west-1', 'evote-events-prod')).toEqual(pool);
  });

  it('names every missing output', () => {
    const partial = outputs().filter(
      (output) => output.OutputKey !== 'UserPoolDomain' && output.OutputKey !== 'JwtAudience',
    );
    expect(() => poolFromOutputs(partial, 'eu-west-1', 'evote-events-prod')).toThrow(
      /no output JwtAudience, UserPoolDomain/,
    );
  });

  it('is refused when the stage trusts another issuer than its pool', () => {
    expect(() => poolFromOutputs(outputs({ JwtIssuerUrl: 'https://login.example.org' }), 'eu-west-1', 's')).toThrow(
      /trusts the issuer https:\/\/login.example.org/,
    );
  });
});

describe('the requests', () => {
  it('creates a user named by the voter id, without any message', () => {
    expect(createUserRequest(pool, 'b7a42e')).toEqual({
      UserPoolId: pool.userPoolId,
      Username: 'b7a42e',
      MessageAction: 'SUPPRESS',
    });
  });

  it('sets a permanent password', () => {
    expect(setPasswordRequest(pool, 'b7a42e', 'pw')).toEqual({
      UserPoolId: pool.userPoolId,
      Username: 'b7a42e',
      Password: 'pw',
      Permanent: true,
    });
  });

  it('signs a voter in with USER_PASSWORD_AUTH on the voters client', () => {
    expect(passwordAuthRequest(pool, 'b7a42e', 'pw')).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'voters-client',
      AuthParameters: { USERNAME: 'b7a42e', PASSWORD: 'pw' },
    });
  });

  it('asks the pool domain for a client-credentials token of the auditor scope, with HTTP Basic', () => {
    const { url, init } = clientCredentialsRequest(pool, 's3cr:et');
    expect(url).toBe('https://evote-prod-123456789012.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(init.method).toBe('POST');
    const headers = init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Buffer.from((headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString()).toBe(
      'auditors-client:s3cr%3Aet',
    );
    expect(Object.fromEntries(new URLSearchParams(String(init.body)))).toEqual({
      grant_type: 'client_credentials',
      scope: 'evote/audit',
    });
  });

  it('generates passwords the pool policy accepts, different each time', () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[\w-]{12,}$/);
    // Even a random part without letters or digits still satisfies the policy.
    expect(generatePassword(() => Buffer.alloc(24, 0xff))).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{12,}$/);
  });
});

describe('enrolSeedVoters', () => {
  it('creates each voter, sets the stored password, and keeps the passwords for the owner only', async () => {
    const aws = fakeAws({ DescribeStacksCommand: describeStacks });
    const passwordsFile = path.join(dir, 'prod', 'seed-passwords.json');
    const enrolment = await enrolSeedVoters(['b7a42e', 'e579df'], {
      stage: 'prod',
      region: 'eu-west-1',
      clients: aws.clients,
      passwordsFile,
    });
    expect(enrolment).toMatchObject({ created: ['b7a42e', 'e579df'], existing: [], pool });
    expect(aws.sent[0]).toEqual({ name: 'DescribeStacksCommand', input: { StackName: 'evote-events-prod' } });
    expect(aws.names().slice(1)).toEqual([
      'AdminCreateUserCommand',
      'AdminSetUserPasswordCommand',
      'AdminCreateUserCommand',
      'AdminSetUserPasswordCommand',
    ]);
    const stored = JSON.parse(fs.readFileSync(passwordsFile, 'utf8')) as Record<string, string>;
    expect(Object.keys(stored)).toEqual(['b7a42e', 'e579df']);
    expect(aws.sent[2]?.input).toEqual(setPasswordRequest(pool, 'b7a42e', stored.b7a42e as string));
    expect(fs.statSync(passwordsFile).mode & 0o777).toBe(0o600);
  });

  it('is idempotent: existing users get the same stored password again', async () => {
    const passwordsFile = path.join(dir, 'seed-passwords.json');
    const first = fakeAws({ DescribeStacksCommand: describeStacks });
    await enrolSeedVoters(['b7a42e'], { stage: 'prod', region: 'eu-west-1', clients: first.clients, passwordsFile });
    const exists = Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' });
    const again = fakeAws({
      DescribeStacksCommand: describeStacks,
      AdminCreateUserCommand: () => Promise.reject(exists),
    });
    const enrolment = await enrolSeedVoters(['b7a42e'], {
      stage: 'prod',
      region: 'eu-west-1',
      clients: again.clients,
      passwordsFile,
    });
    expect(enrolment).toMatchObject({ created: [], existing: ['b7a42e'] });
    const setFirst = first.sent.find((command) => command.name === 'AdminSetUserPasswordCommand');
    const setAgain = again.sent.find((command) => command.name === 'AdminSetUserPasswordCommand');
    expect(setAgain?.input).toEqual(setFirst?.input);
  });

  it('stops on any other Cognito failure', async () => {
    const denied = Object.assign(new Error('not allowed'), { name: 'NotAuthorizedException' });
    const aws = fakeAws({
      DescribeStacksCommand: describeStacks,
      AdminCreateUserCommand: () => Promise.reject(denied),
    });
    const passwordsFile = path.join(dir, 'seed-passwords.json');
    await expect(
      enrolSeedVoters(['b7a42e'], { stage: 'prod', region: 'eu-west-1', clients: aws.clients, passwordsFile }),
    ).rejects.toThrow('not allowed');
    expect(aws.names()).not.toContain('AdminSetUserPasswordCommand');
  });
});

describe('cognitoToken', () => {
  it('signs a seed voter in with the stored password and returns the access token', async () => {
    const passwordsFile = path.join(dir, 'seed-passwords.json');
    fs.writeFileSync(passwordsFile, JSON.stringify({ b7a42e: 'stored-pw' }));
    const aws = fakeAws({
      DescribeStacksCommand: describeStacks,
      InitiateAuthCommand: () => ({ AuthenticationResult: { AccessToken: 'voter.jwt' } }),
    });
    await expect(
      cognitoToken({
        stage: 'prod',
        region: 'eu-west-1',
        role: 'voter',
        voterId: 'b7a42e',
        clients: aws.clients,
        passwordsFile,
      }),
    ).resolves.toBe('voter.jwt');
    expect(aws.sent.find((command) => command.name === 'InitiateAuthCommand')?.input).toEqual(
      passwordAuthRequest(pool, 'b7a42e', 'stored-pw'),
    );
  });

  it('refuses a voter without a stored password, before asking Cognito', async () => {
    const aws = fakeAws({ DescribeStacksCommand: describeStacks });
    const options = {
      stage: 'prod',
      region: 'eu-west-1',
      role: 'voter' as const,
      voterId: 'ffffff',
      clients: aws.clients,
      passwordsFile: path.join(dir, 'none.json'),
    };
    await expect(cognitoToken(options)).rejects.toThrow(/no password stored for voter ffffff on stage prod/);
    expect(aws.names()).not.toContain('InitiateAuthCommand');
  });

  it('gets an auditor token by client credentials, with the secret Cognito holds', async () => {
    const aws = fakeAws({
      DescribeStacksCommand: describeStacks,
      DescribeUserPoolClientCommand: () => ({ UserPoolClient: { ClientSecret: 'the-secret' } }),
    });
    const posted: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      posted.push({ url, init });
      return new Response(JSON.stringify({ access_token: 'auditor.jwt', token_type: 'Bearer' }), { status: 200 });
    }) as unknown as typeof fetch;
    await expect(
      cognitoToken({ stage: 'prod', region: 'eu-west-1', role: 'auditor', clients: aws.clients, fetch: fakeFetch }),
    ).resolves.toBe('auditor.jwt');
    expect(aws.sent.find((command) => command.name === 'DescribeUserPoolClientCommand')?.input).toEqual({
      UserPoolId: pool.userPoolId,
      ClientId: 'auditors-client',
    });
    expect(posted).toEqual([clientCredentialsRequest(pool, 'the-secret')]);
  });

  it("reports the token endpoint's refusal", async () => {
    const aws = fakeAws({
      DescribeStacksCommand: describeStacks,
      DescribeUserPoolClientCommand: () => ({ UserPoolClient: { ClientSecret: 'wrong' } }),
    });
    const fakeFetch = (async () =>
      new Response(JSON.stringify({ error: 'invalid_client' }), { status: 400 })) as unknown as typeof fetch;
    await expect(
      cognitoToken({ stage: 'prod', region: 'eu-west-1', role: 'auditor', clients: aws.clients, fetch: fakeFetch }),
    ).rejects.toThrow(/answered 400 \(invalid_client\)/);
  });
});
