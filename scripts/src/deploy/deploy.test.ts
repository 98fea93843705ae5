import { deployPlan } from './deploy';
import { PlanFailedError, describePlan, runPlan, type Step, type StepRunner } from './plan';

describe('yarn deploy plan', () => {
  it('builds the web app, deploys events, voters, elections and audit, then publishes the web app', () => {
    expect(describePlan(deployPlan({ stage: 'dev', params: [] }))).toEqual([
      'events    build events/web/dist (scripts/src/web/build.ts)',
      'events    (cd events && yarn sls deploy --stage dev)',
      'voters    (cd voters && yarn sls deploy --stage dev)',
      'elections (cd elections && yarn sls deploy --stage dev)',
      'audit     (cd audit && yarn sls deploy --stage dev)',
      'events    CloudFormation DescribeStacks {"StackName":"evote-events-dev"} -> outputs',
      'events    CloudFormation DescribeStacks {"StackName":"evote-voters-dev"} -> outputs',
      'events    CloudFormation DescribeStacks {"StackName":"evote-elections-dev"} -> outputs',
      'events    CloudFormation DescribeStacks {"StackName":"evote-audit-dev"} -> outputs',
      'events    S3 PutObject {"Bucket":"<WebBucketName>","Key":"assets/<name>-<HASH>.<ext>","CacheControl":"public, max-age=31536000, immutable"} for each content-hashed asset',
      'events    S3 PutObject {"Bucket":"<WebBucketName>","Key":"assets/<name>.<ext>","CacheControl":"no-cache"} for each other asset',
      'events    S3 PutObject {"Bucket":"<WebBucketName>","Key":"config.json","CacheControl":"no-cache"} {"signIn":"cognito","issuer":"<events JwtIssuerUrl>","clientId":"<events JwtAudience>","cognitoDomain":"https://<events UserPoolDomain>.auth.<region>.amazoncognito.com","apiBase":{"events":"<events HttpApiUrl>","voters":"<voters HttpApiUrl>","elections":"<elections HttpApiUrl>","audit":"<audit HttpApiUrl>"}}',
      'events    S3 PutObject {"Bucket":"<WebBucketName>","Key":"index.html","CacheControl":"no-cache"}, and <page>/index.html for each other <page>.html',
      'events    CloudFront CreateInvalidation {"DistributionId":"<WebDistributionId>","Paths":["/*"]}',
    ]);
  });

  it('passes no callback URL: the events template defaults it to the distribution it creates', () => {
    const args = deployPlan({ stage: 'dev', params: [] }).steps.flatMap((step) =>
      step.kind === 'sls' ? step.args : [],
    );
    expect(args.filter((arg) => arg.startsWith('--param'))).toEqual([]);
  });

  it('passes the region and every --param on to each service, quoted for the shell where needed', () => {
    const plan = deployPlan({
      stage: 'prod',
      region: 'eu-west-1',
      params: ['jwtIssuerUrl=https://issuer.example', 'votersCallbackUrls=https://a.example/, https://b.example/'],
    });
    expect(plan.command).toBe(
      "yarn deploy --stage prod --region eu-west-1 --param=jwtIssuerUrl=https://issuer.example '--param=votersCallbackUrls=https://a.example/, https://b.example/'",
    );
    const deploys = plan.steps.filter((step) => step.kind === 'sls');
    expect(deploys.map((step) => [step.service, step.args])).toEqual(
      ['events', 'voters', 'elections', 'audit'].map((service) => [
        service,
        [
          'sls',
          'deploy',
          '--stage',
          'prod',
          '--region',
          'eu-west-1',
          '--param=jwtIssuerUrl=https://issuer.example',
          '--param=votersCallbackUrls=https://a.example/, https://b.example/',
        ],
      ]),
    );
  });
});

/** Runs nothing; says a line per step and fails the steps it is told to (`<kind> <service>`). */
function fakeRunner(failing: string[] = []): StepRunner & { ran: Step[] } {
  const ran: Step[] = [];
  return {
    ran,
    async run(step, output) {
      ran.push(step);
      output(`${step.kind} ${step.service}`);
      if (failing.includes(`${step.kind} ${step.service}`)) throw new Error('CREATE_FAILED VotersTable');
    },
  };
}

describe('running a plan', () => {
  it('runs every step in order and prefixes each line with its service', async () => {
    const runner = fakeRunner();
    const lines: string[] = [];
    await runPlan(deployPlan({ stage: 'dev', params: [] }), runner, (line) => lines.push(line));
    expect(runner.ran.map((step) => `${step.kind} ${step.service}`)).toEqual([
      'build-web events',
      'sls events',
      'sls voters',
      'sls elections',
      'sls audit',
      'publish-web events',
    ]);
    expect(lines).toEqual([
      'events    | build-web events',
      'events    | sls events',
      'voters    | sls voters',
      'elections | sls elections',
      'audit     | sls audit',
      'events    | publish-web events',
    ]);
  });

  it('stops at the first failure and says which service failed, what is done and what was not attempted', async () => {
    const runner = fakeRunner(['sls voters']);
    const failure = runPlan(deployPlan({ stage: 'dev', params: [] }), runner, () => undefined);
    await expect(failure).rejects.toThrow(PlanFailedError);
    await expect(failure).rejects.toThrow(
      [
        'yarn deploy --stage dev stopped: voters failed at (cd voters && yarn sls deploy --stage dev)',
        '  CREATE_FAILED VotersTable',
        '  done: web app build, events; not attempted: elections, audit, web app upload',
      ].join('\n'),
    );
    expect(runner.ran.map((step) => step.service)).toEqual(['events', 'events', 'voters']);
  });

  it('stops before any stack changes when the web app does not build', async () => {
    const runner = fakeRunner(['build-web events']);
    await expect(runPlan(deployPlan({ stage: 'dev', params: [] }), runner, () => undefined)).rejects.toThrow(
      [
        'yarn deploy --stage dev stopped: events failed at build events/web/dist (scripts/src/web/build.ts)',
        '  CREATE_FAILED VotersTable',
        '  done: none; not attempted: events, voters, elections, audit, web app upload',
      ].join('\n'),
    );
    expect(runner.ran.map((step) => step.kind)).toEqual(['build-web']);
  });
});
