import { awsError, fakeClients } from '../../testing/awsClients';
import { checkedHeader, createJobRequest, importPoolUsers, userImportLine } from './poolImport';

/** The header GetCSVHeader returns for a pool with the standard attributes only. */
const HEADER = [
  'name',
  'given_name',
  'email',
  'email_verified',
  'phone_number',
  'cognito:mfa_enabled',
  'cognito:username',
];
const OUTPUTS = [
  { OutputKey: 'UserPoolId', OutputValue: 'eu-west-1_pool' },
  { OutputKey: 'JwtAudience', OutputValue: 'voters-client' },
  { OutputKey: 'JwtAuditorAudience', OutputValue: 'auditors-client' },
  { OutputKey: 'UserPoolDomain', OutputValue: 'evote-dev' },
  { OutputKey: 'JwtIssuerUrl', OutputValue: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool' },
];
const pool = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_pool',
  votersClientId: 'v',
  auditorsClientId: 'a',
  domainPrefix: 'd',
};

async function* ids(...voterIds: string[]) {
  yield* voterIds;
}

describe("the users' CSV of a user import job", () => {
  it('puts the voter id under cognito:username, MFA off, and leaves every other attribute empty', () => {
    expect(userImportLine(HEADER, 'c10001')).toBe(',,,,,false,c10001');
  });

  it('refuses a header without the columns Cognito requires', () => {
    expect(() => checkedHeader(['name', 'cognito:username'])).toThrow(/no cognito:mfa_enabled column/);
    expect(() => checkedHeader(undefined)).toThrow(/no cognito:username column/);
  });

  it('names the job after the moment and logs through the given role', () => {
    expect(
      createJobRequest(pool, 'arn:aws:iam::123456789012:role/import', new Date('2026-11-01T10:00:00.000Z')),
    ).toEqual({
      UserPoolId: 'eu-west-1_pool',
      JobName: 'evote-voter-roll-2026-11-01T10-00-00-000Z',
      CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/import',
    });
  });
});

describe('importing the roll into the pool', () => {
  it('creates one job, uploads the file to its URL with the encryption header, starts it and waits for the end', async () => {
    const statuses = ['InProgress', 'Succeeded'];
    const clients = fakeClients({
      DescribeStacksCommand: () => ({ Stacks: [{ Outputs: OUTPUTS }] }),
      GetCSVHeaderCommand: () => ({ CSVHeader: HEADER }),
      CreateUserImportJobCommand: () => ({
        UserImportJob: { JobId: 'import-1', PreSignedUrl: 'https://upload.example/put' },
      }),
      StartUserImportJobCommand: () => ({ UserImportJob: { JobId: 'import-1', Status: 'Pending' } }),
      DescribeUserImportJobCommand: () => ({
        UserImportJob: { JobId: 'import-1', Status: statuses.shift(), ImportedUsers: 2 },
      }),
    });
    const uploads: { url: string; headers: unknown; body: string }[] = [];
    const upload = (async (url: string, init: RequestInit) => {
      uploads.push({ url, headers: init.headers, body: await new Response(init.body).text() });
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const result = await importPoolUsers({
      stage: 'dev',
      region: 'eu-west-1',
      logsRoleArn: 'arn:aws:iam::123456789012:role/import',
      voterIds: ids('c10001', 'r-0123'),
      clients,
      fetch: upload,
      sleep: async () => undefined,
      now: () => new Date('2026-11-01T10:00:00.000Z'),
    });
    expect(result.job).toMatchObject({ JobId: 'import-1', Status: 'Succeeded', ImportedUsers: 2 });
    expect(clients.sent.map((command) => command.name)).toEqual([
      'DescribeStacksCommand',
      'GetCSVHeaderCommand',
      'CreateUserImportJobCommand',
      'StartUserImportJobCommand',
      'DescribeUserImportJobCommand',
      'DescribeUserImportJobCommand',
    ]);
    expect(clients.sent[3]?.input).toEqual({ UserPoolId: 'eu-west-1_pool', JobId: 'import-1' });
    expect(uploads).toEqual([
      {
        url: 'https://upload.example/put',
        headers: expect.objectContaining({ 'x-amz-server-side-encryption': 'aws:kms' }),
        body: `${HEADER.join(',')}\n,,,,,false,c10001\n,,,,,false,r-0123\n`,
      },
    ]);
  });

  it('does not start the job when the upload fails, and says so', async () => {
    const clients = fakeClients({
      DescribeStacksCommand: () => ({ Stacks: [{ Outputs: OUTPUTS }] }),
      GetCSVHeaderCommand: () => ({ CSVHeader: HEADER }),
      CreateUserImportJobCommand: () => ({
        UserImportJob: { JobId: 'import-2', PreSignedUrl: 'https://upload.example/put' },
      }),
    });
    await expect(
      importPoolUsers({
        stage: 'dev',
        region: 'eu-west-1',
        logsRoleArn: 'arn:aws:iam::123456789012:role/import',
        voterIds: ids('c10001'),
        clients,
        fetch: (async () => new Response(null, { status: 403 })) as typeof fetch,
      }),
    ).rejects.toThrow(/job import-2 answered 403/);
    expect(clients.sent.map((command) => command.name)).not.toContain('StartUserImportJobCommand');
  });

  it('lets an AWS error through', async () => {
    const clients = fakeClients({
      DescribeStacksCommand: () => ({ Stacks: [{ Outputs: OUTPUTS }] }),
      GetCSVHeaderCommand: () => {
        throw awsError('NotAuthorizedException');
      },
    });
    await expect(
      importPoolUsers({ stage: 'dev', region: 'eu-west-1', logsRoleArn: 'arn', voterIds: ids(), clients }),
    ).rejects.toThrow('NotAuthorizedException');
  });
});
