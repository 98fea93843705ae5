/**
 * The web app in AWS: its `config.json` made from the stage's stack outputs, its files laid out
 * in the WebBucket as the distribution's page function expects them, with cache headers that
 * let a browser keep what can never change and ask again for what can; and the bucket emptied
 * before the events stack is removed (CloudFormation cannot delete a bucket that holds objects).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DeleteObjectsCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { parseConfig, type AppConfig } from '../../../events/web/src/config';
import type { Sender } from '../identity/cognito';
import { STAMP } from '../web/build';
import { CONTENT_TYPES } from '../web/contentTypes';
import { SERVICES, type ServiceDir } from './package-all';
import type { PublishWebStep } from './plan';

/** A name with esbuild's content hash (`chunk-LD26X6LN.js`): its content never changes. */
const CONTENT_HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The browser keeps the file but asks (If-None-Match) before each use: a new deploy shows at once. */
export const REVALIDATE = 'no-cache';

/** A built file (or config.json) as it is put in the bucket. */
export interface WebObject {
  key: string;
  /** The built file; absent for config.json, which is made from the outputs. */
  file?: string;
  body?: string;
  contentType: string;
  cacheControl: string;
}

/** The outputs (`OutputKey: OutputValue`) of each service's stack. */
export type StageOutputs = Record<ServiceDir, Record<string, string>>;

/** A file type the upload does not know how to serve. */
export class WebUploadError extends Error {
  override readonly name = 'WebUploadError';
  readonly code = 'WEB_UPLOAD';
}

/**
 * The page's configuration for a stage in AWS: the pool's hosted sign-in, the voters' app client,
 * and each service's HTTP API (`HttpApiUrl`, the output the framework writes).
 */
export function cloudWebConfig(outputs: StageOutputs, region: string): AppConfig {
  const output = (service: ServiceDir, key: string): string => {
    const value = outputs[service][key];
    if (!value) throw new WebUploadError(`the ${service} stack has no output ${key}: is ${service} deployed?`);
    return value;
  };
  // parseConfig is what the page runs on it: a config it would refuse never reaches the bucket.
  return parseConfig({
    signIn: 'cognito',
    issuer: output('events', 'JwtIssuerUrl'),
    clientId: output('events', 'JwtAudience'),
    cognitoDomain: `https://${output('events', 'UserPoolDomain')}.auth.${region}.amazoncognito.com`,
    apiBase: Object.fromEntries(SERVICES.map((service) => [service, output(service, 'HttpApiUrl')])),
  });
}

/**
 * Every object to put, in the order to put them: assets first, then config.json, then the
 * pages, so that a page never names an asset not yet uploaded. A page `<name>.html` goes to
 * `<name>/index.html` (the distribution maps `/<name>` there); `index.html` stays at the root.
 */
export function webObjects(distDir: string, config: AppConfig): WebObject[] {
  const files = listFiles(distDir).filter((file) => path.relative(distDir, file) !== STAMP);
  const objects = files.map((file): WebObject => {
    const relative = path.relative(distDir, file).split(path.sep).join('/');
    const extension = path.extname(file);
    const contentType = CONTENT_TYPES[extension];
    if (!contentType) throw new WebUploadError(`${relative}: no content type known for ${extension || 'no extension'}`);
    const isPage = extension === '.html' && !relative.includes('/');
    const key = isPage && relative !== 'index.html' ? `${relative.slice(0, -'.html'.length)}/index.html` : relative;
    return { key, file, contentType, cacheControl: CONTENT_HASHED.test(relative) ? IMMUTABLE : REVALIDATE };
  });
  const configObject: WebObject = {
    key: 'config.json',
    body: `${JSON.stringify(config, null, 2)}\n`,
    contentType: CONTENT_TYPES['.json'] as string,
    cacheControl: REVALIDATE,
  };
  const pages = objects.filter((object) => object.key.endsWith('.html'));
  const assets = objects.filter((object) => !pages.includes(object)).sort((a, b) => a.key.localeCompare(b.key));
  return [...assets, configObject, ...pages.sort((a, b) => a.key.localeCompare(b.key))];
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new WebUploadError(`${dir} does not exist: build the web app first`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : [full];
    })
    .sort();
}

/** The publish step as the SDK calls it makes, for `--dry-run` (the files are known only after the build). */
export function describePublishWeb(step: PublishWebStep): string[] {
  const put = (key: string, cacheControl: string) =>
    `S3 PutObject ${JSON.stringify({ Bucket: '<WebBucketName>', Key: key, CacheControl: cacheControl })}`;
  return [
    ...SERVICES.map(
      (service) =>
        `CloudFormation DescribeStacks ${JSON.stringify({ StackName: step.stackNames[service] })} -> outputs`,
    ),
    `${put('assets/<name>-<HASH>.<ext>', IMMUTABLE)} for each content-hashed asset`,
    `${put('assets/<name>.<ext>', REVALIDATE)} for each other asset`,
    `${put('config.json', REVALIDATE)} ${JSON.stringify({
      signIn: 'cognito',
      issuer: '<events JwtIssuerUrl>',
      clientId: '<events JwtAudience>',
      cognitoDomain: 'https://<events UserPoolDomain>.auth.<region>.amazoncognito.com',
      apiBase: Object.fromEntries(SERVICES.map((service) => [service, `<${service} HttpApiUrl>`])),
    })}`,
    `${put('index.html', REVALIDATE)}, and <page>/index.html for each other <page>.html`,
    `CloudFront CreateInvalidation ${JSON.stringify({ DistributionId: '<WebDistributionId>', Paths: ['/*'] })}`,
  ];
}

/** The outputs of each service's stack, by DescribeStacks. */
export async function stageOutputs(
  cloudFormation: Sender,
  stackNames: Record<ServiceDir, string>,
): Promise<StageOutputs> {
  const outputs = {} as StageOutputs;
  for (const service of SERVICES) {
    const described = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackNames[service] }))) as {
      Stacks?: { Outputs?: { OutputKey?: string; OutputValue?: string }[] }[];
    };
    outputs[service] = Object.fromEntries(
      (described.Stacks?.[0]?.Outputs ?? []).map((each) => [each.OutputKey ?? '', each.OutputValue ?? '']),
    );
  }
  return outputs;
}

export interface WebClients {
  cloudFormation: Sender;
  s3: Sender;
  cloudFront: Sender;
}

/**
 * Puts the objects in the stage's WebBucket, then invalidates every path of the distribution:
 * the edge may hold a page or an unhashed asset of the previous deploy.
 */
export async function publishWeb(
  clients: WebClients,
  options: { distDir: string; region: string; stackNames: Record<ServiceDir, string>; now?: () => Date },
  output: (line: string) => void,
): Promise<void> {
  const outputs = await stageOutputs(clients.cloudFormation, options.stackNames);
  const config = cloudWebConfig(outputs, options.region);
  const bucket = outputs.events.WebBucketName;
  const distributionId = outputs.events.WebDistributionId;
  if (!bucket || !distributionId)
    throw new WebUploadError('the events stack has no WebBucketName or WebDistributionId output');
  for (const object of webObjects(options.distDir, config)) {
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: object.key,
        Body: object.body ?? fs.readFileSync(object.file as string),
        ContentType: object.contentType,
        CacheControl: object.cacheControl,
      }),
    );
    output(`s3://${bucket}/${object.key} (${object.cacheControl})`);
  }
  const invalidation = (await clients.cloudFront.send(
    new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: {
        Paths: { Quantity: 1, Items: ['/*'] },
        CallerReference: `evote-${(options.now ?? (() => new Date()))().toISOString()}`,
      },
    }),
  )) as { Invalidation?: { Id?: string } };
  output(`distribution ${distributionId}: invalidation ${invalidation.Invalidation?.Id ?? '?'} of /* started`);
  output(`web app: https://${outputs.events.WebDistributionDomainName ?? '<WebDistributionDomainName>'}/`);
}

/**
 * Deletes every object version and delete marker of the bucket, a page of (at most 1000) at a
 * time: a versioned bucket keeps old versions after a plain delete, and CloudFormation refuses
 * to delete a bucket that holds any. Returns how many it deleted.
 */
export async function emptyBucket(s3: Sender, bucket: string): Promise<number> {
  let deleted = 0;
  let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = (await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, ...marker }))) as {
      Versions?: { Key?: string; VersionId?: string }[];
      DeleteMarkers?: { Key?: string; VersionId?: string }[];
      IsTruncated?: boolean;
      NextKeyMarker?: string;
      NextVersionIdMarker?: string;
    };
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({
      Key,
      VersionId,
    }));
    if (objects.length) {
      const result = (await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
      )) as { Errors?: { Key?: string; Code?: string; Message?: string }[] };
      // DeleteObjects answers 200 even when some keys were not deleted.
      if (result.Errors?.length)
        throw new WebUploadError(
          `could not delete ${result.Errors.length} object(s) of ${bucket}: ${result.Errors.map((error) => `${error.Key} ${error.Code}`).join(', ')}`,
        );
      deleted += objects.length;
    }
    if (!page.IsTruncated) return deleted;
    marker = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
}
