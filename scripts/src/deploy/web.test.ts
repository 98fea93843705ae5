/** Over 250 lines because it pins the web app's publish plan call by call (outputs, config.json, every upload, the invalidation). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../../events/web/src/config';
import { repoRoot } from '../local/paths';
import { awsError, fakeClients } from '../testing/awsClients';
import { STAMP } from '../web/build';
import { stackNameOf } from './plan';
import { stepRunner } from './runner';
import {
  IMMUTABLE,
  REVALIDATE,
  WebUploadError,
  cloudWebConfig,
  emptyBucket,
  webObjects,
  type StageOutputs,
} from './web';

/** The outputs of a deployed stage, as DescribeStacks returns them. */
const outputs: StageOutputs = {
  events: {
    HttpApiUrl: 'https://ev1.execute-api.eu-west-1.amazonaws.com',
    JwtIssuerUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
    JwtAudience: 'voters-client-id',
    UserPoolDomain: 'evote-dev-123456789012',
    WebBucketName: 'evote-events-dev-webbucket-1a2b3c',
    WebDistributionId: 'E2QWRUHEXAMPLE',
    WebDistributionDomainName: 'd111111abcdef8.cloudfront.net',
  },
  voters: { HttpApiUrl: 'https://vo1.execute-api.eu-west-1.amazonaws.com' },
  elections: { HttpApiUrl: 'https://el1.execute-api.eu-west-1.amazonaws.com' },
  audit: { HttpApiUrl: 'https://au1.execute-api.eu-west-1.amazonaws.com' },
};

/** A built app as build.ts lays it out, with its stamp (local paths: never uploaded). */
function builtApp(): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-dist-'));
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>Vote</title>',
    'results.html': '<!doctype html><title>Results</title>',
    'audit.html': '<!doctype html><title>Audit</title>',
    'assets/voter.js': 'import "./chunk-LD26X6LN.js";',
    'assets/chunk-LD26X6LN.js': 'export {};',
    'assets/app.css': 'body{}',
    [STAMP]: '{"inputs":["/home/someone/evote/events/web/src/api.ts"]}',
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dist, name)), { recursive: true });
    fs.writeFileSync(path.join(dist, name), content);
  }
  return dist;
}

describe("the web app's config.json in AWS", () => {
  it("signs in with the pool's hosted sign-in and calls each service's HTTP API", () => {
    const config = cloudWebConfig(outputs, 'eu-west-1');
    expect(config).toEqual({
      signIn: 'cognito',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      clientId: 'voters-client-id',
      cognitoDomain: 'https://evote-dev-123456789012.auth.eu-west-1.amazoncognito.com',
      apiBase: {
        events: 'https://ev1.execute-api.eu-west-1.amazonaws.com',
        elections: 'https://el1.execute-api.eu-west-1.amazonaws.com',
        audit: 'https://au1.execute-api.eu-west-1.amazonaws.com',
        voters: 'https://vo1.execute-api.eu-west-1.amazonaws.com',
      },
    });
    expect(parseConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('names the stack and output it misses', () => {
    const noAudit = { ...outputs, audit: {} };
    expect(() => cloudWebConfig(noAudit, 'eu-west-1')).toThrow(
      'the audit stack has no output HttpApiUrl: is audit deployed?',
    );
  });
});

describe('the objects put in the web bucket', () => {
  const dist = builtApp();
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));
  const config = cloudWebConfig(outputs, 'eu-west-1');

  it('lay the pages out as the page function maps paths, assets first and pages last', () => {
    expect(
      webObjects(dist, config).map(({ key, contentType, cacheControl }) => [key, contentType, cacheControl]),
    ).toEqual([
      ['assets/app.css', 'text/css; charset=utf-8', REVALIDATE],
      ['assets/chunk-LD26X6LN.js', 'text/javascript; charset=utf-8', IMMUTABLE],
      ['assets/voter.js', 'text/javascript; charset=utf-8', REVALIDATE],
      ['config.json', 'application/json', REVALIDATE],
      ['audit/index.html', 'text/html; charset=utf-8', REVALIDATE],
      ['index.html', 'text/html; charset=utf-8', REVALIDATE],
      ['results/index.html', 'text/html; charset=utf-8', REVALIDATE],
    ]);
  });

  it("match the page function of events' serverless.yml", () => {
    const yml = fs.readFileSync(path.join(repoRoot(), 'events', 'serverless.yml'), 'utf8');
    const code = /FunctionCode: \|\n([\s\S]*?)\n\n/.exec(yml)?.[1];
    expect(code).toBeDefined();
    const handler = new Function(`${code}; return handler;`)() as (event: object) => { uri: string };
    const keys = new Set(webObjects(dist, config).map((object) => `/${object.key}`));
    for (const uri of ['/', '/results', '/results/', '/audit', '/config.json', '/assets/voter.js'])
      expect(keys).toContain(handler({ request: { uri } }).uri);
  });

  it('refuse a file type they would serve wrongly', () => {
    fs.writeFileSync(path.join(dist, 'notes.md'), '# notes');
    try {
      expect(() => webObjects(dist, config)).toThrow(WebUploadError);
      expect(() => webObjects(dist, config)).toThrow('notes.md: no content type known for .md');
    } finally {
      fs.rmSync(path.join(dist, 'notes.md'));
    }
  });
});

describe('publishing the web app', () => {
  const dist = builtApp();
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

  it('reads the four stacks, puts every object with its headers, then invalidates the distribution', async () => {
    const clients = fakeClients({
      DescribeStacksCommand: ({ StackName }) => {
        const service = String(StackName).split('-')[1] as keyof StageOutputs;
        return {
          Stacks: [
            {
              Outputs: Object.entries(outputs[service]).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
            },
          ],
        };
      },
      PutObjectCommand: () => ({}),
      CreateInvalidationCommand: () => ({ Invalidation: { Id: 'I2J0I21PCUYOIK' } }),
    });
    // The step reads events/web/dist under the root: lay the built app there.
    const appRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-root-'));
    fs.cpSync(dist, path.join(appRoot, 'events', 'web', 'dist'), { recursive: true });
    const lines: string[] = [];
    try {
      await stepRunner({ root: appRoot, region: 'eu-west-1', clients }).run(
        {
          kind: 'publish-web',
          service: 'events',
          stackNames: {
            events: stackNameOf('events', 'dev'),
            voters: 'evote-voters-dev',
            elections: 'evote-elections-dev',
            audit: 'evote-audit-dev',
          },
        },
        (line) => lines.push(line),
      );
    } finally {
      fs.rmSync(appRoot, { recursive: true, force: true });
    }
    expect(clients.sent.filter((each) => each.name === 'DescribeStacksCommand').map((each) => each.input)).toEqual([
      { StackName: 'evote-events-dev' },
      { StackName: 'evote-voters-dev' },
      { StackName: 'evote-elections-dev' },
      { StackName: 'evote-audit-dev' },
    ]);
    const puts = clients.sent.filter((each) => each.name === 'PutObjectCommand').map((each) => each.input);
    expect(puts.map((input) => input.Key)).toEqual([
      'assets/app.css',
      'assets/chunk-LD26X6LN.js',
      'assets/voter.js',
      'config.json',
      'audit/index.html',
      'index.html',
      'results/index.html',
    ]);
    expect(puts.every((input) => input.Bucket === 'evote-events-dev-webbucket-1a2b3c')).toBe(true);
    const configPut = puts.find((input) => input.Key === 'config.json');
    expect(JSON.parse(String(configPut?.Body))).toEqual(cloudWebConfig(outputs, 'eu-west-1'));
    expect(configPut).toMatchObject({ ContentType: 'application/json', CacheControl: 'no-cache' });
    expect(String(puts.find((input) => input.Key === 'results/index.html')?.Body)).toContain('<title>Results</title>');
    const last = clients.sent.at(-1);
    expect(last?.name).toBe('CreateInvalidationCommand');
    expect(last?.input).toMatchObject({
      DistributionId: 'E2QWRUHEXAMPLE',
      InvalidationBatch: { Paths: { Quantity: 1, Items: ['/*'] } },
    });
    expect(lines.at(-1)).toBe('web app: https://d111111abcdef8.cloudfront.net/');
  });
});

describe('emptying the web bucket', () => {
  it('deletes every version and delete marker, page after page', async () => {
    const pages = [
      {
        Versions: [
          { Key: 'index.html', VersionId: 'v2' },
          { Key: 'index.html', VersionId: 'v1' },
        ],
        DeleteMarkers: [{ Key: 'old.js', VersionId: 'm1' }],
        IsTruncated: true,
        NextKeyMarker: 'index.html',
        NextVersionIdMarker: 'v1',
      },
      { Versions: [{ Key: 'results/index.html', VersionId: 'null' }], IsTruncated: false },
    ];
    const clients = fakeClients({
      ListObjectVersionsCommand: () => pages.shift(),
      DeleteObjectsCommand: () => ({}),
    });
    expect(await emptyBucket(clients.s3, 'web-bucket')).toBe(4);
    expect(clients.sent).toEqual([
      { name: 'ListObjectVersionsCommand', input: { Bucket: 'web-bucket' } },
      {
        name: 'DeleteObjectsCommand',
        input: {
          Bucket: 'web-bucket',
          Delete: {
            Objects: [
              { Key: 'index.html', VersionId: 'v2' },
              { Key: 'index.html', VersionId: 'v1' },
              { Key: 'old.js', VersionId: 'm1' },
            ],
            Quiet: true,
          },
        },
      },
      {
        name: 'ListObjectVersionsCommand',
        input: { Bucket: 'web-bucket', KeyMarker: 'index.html', VersionIdMarker: 'v1' },
      },
      {
        name: 'DeleteObjectsCommand',
        input: {
          Bucket: 'web-bucket',
          Delete: { Objects: [{ Key: 'results/index.html', VersionId: 'null' }], Quiet: true },
        },
      },
    ]);
  });

  it('fails when DeleteObjects could not delete some of them', async () => {
    const clients = fakeClients({
      ListObjectVersionsCommand: () => ({ Versions: [{ Key: 'index.html', VersionId: 'v1' }] }),
      DeleteObjectsCommand: () => ({ Errors: [{ Key: 'index.html', Code: 'AccessDenied' }] }),
    });
    await expect(emptyBucket(clients.s3, 'web-bucket')).rejects.toThrow(
      'could not delete 1 object(s) of web-bucket: index.html AccessDenied',
    );
  });

  const step = {
    kind: 'empty-web-bucket',
    service: 'events',
    stackName: 'evote-events-dev',
    logicalId: 'WebBucket',
  } as const;

  it('finds the bucket in the events stack', async () => {
    const clients = fakeClients({
      DescribeStackResourceCommand: () => ({ StackResourceDetail: { PhysicalResourceId: 'web-bucket' } }),
      ListObjectVersionsCommand: () => ({}),
    });
    const lines: string[] = [];
    await stepRunner({ root: repoRoot(), region: 'eu-west-1', clients }).run(step, (line) => lines.push(line));
    expect(clients.sent[0]?.input).toEqual({ StackName: 'evote-events-dev', LogicalResourceId: 'WebBucket' });
    expect(lines).toEqual(['bucket web-bucket: 0 object version(s) deleted']);
  });

  it('takes a stack or a bucket that is already gone as done, so that a removal can be run again', async () => {
    const noStack = fakeClients({
      DescribeStackResourceCommand: () => {
        throw awsError('ValidationError');
      },
    });
    const noBucket = fakeClients({
      DescribeStackResourceCommand: () => ({ StackResourceDetail: { PhysicalResourceId: 'web-bucket' } }),
      ListObjectVersionsCommand: () => {
        throw awsError('NoSuchBucket');
      },
    });
    const lines: string[] = [];
    for (const clients of [noStack, noBucket])
      await stepRunner({ root: repoRoot(), region: 'eu-west-1', clients }).run(step, (line) => lines.push(line));
    expect(lines).toEqual([
      'stack evote-events-dev has no WebBucket: nothing to empty',
      'bucket web-bucket does not exist: nothing to empty',
    ]);
  });
});
