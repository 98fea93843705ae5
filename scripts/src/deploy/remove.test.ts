import { repoRoot } from '../local/paths';
import { describePlan, runPlan, type StepRunner } from './plan';
import { stageProtection, type ServiceProtection } from './protection';
import { DeletionProtectedError, removePlan } from './remove';

/** A stage as serverless.yml could declare it: a table per service, and a protected pool in events. */
const protection: ServiceProtection[] = [
  { service: 'events', stackName: 'evote-events-dev', tables: ['evote-dev-idempotency'], userPools: ['UserPool'] },
  { service: 'voters', stackName: 'evote-voters-dev', tables: ['evote-dev-voters'], userPools: [] },
  { service: 'elections', stackName: 'evote-elections-dev', tables: ['evote-dev-elections'], userPools: [] },
  { service: 'audit', stackName: 'evote-audit-dev', tables: ['evote-dev-audit'], userPools: [] },
];

describe('yarn run remove plan', () => {
  it('refuses without --disable-deletion-protection, naming every protected resource and the way on', () => {
    const refuse = () => removePlan({ stage: 'dev', params: [] }, protection, false);
    expect(refuse).toThrow(DeletionProtectedError);
    expect(refuse).toThrow(
      [
        'refusing to remove stage dev: these resources have deletion protection, so CloudFormation cannot delete them',
        '  audit      DynamoDB table evote-dev-audit',
        '  elections  DynamoDB table evote-dev-elections',
        '  voters     DynamoDB table evote-dev-voters',
        '  events     DynamoDB table evote-dev-idempotency',
        '  events     Cognito user pool UserPool of stack evote-events-dev',
        'Removing the stage deletes them and everything in them.',
        'To turn the protection off and remove the stage: yarn run remove --stage dev --disable-deletion-protection',
        '(add --dry-run first to see every call it makes).',
      ].join('\n'),
    );
  });

  it('with the flag, removes in reverse order, turning each service off protection just before its removal', () => {
    const plan = removePlan({ stage: 'dev', region: 'eu-west-1', params: [] }, protection, true);
    expect(plan.command).toBe('yarn run remove --stage dev --region eu-west-1 --disable-deletion-protection');
    expect(describePlan(plan)).toEqual([
      'audit     DynamoDB UpdateTable {"TableName":"evote-dev-audit","DeletionProtectionEnabled":false}',
      'audit     DynamoDB DescribeTable {"TableName":"evote-dev-audit"} until TableStatus is ACTIVE',
      'audit     (cd audit && yarn sls remove --stage dev --region eu-west-1)',
      'elections DynamoDB UpdateTable {"TableName":"evote-dev-elections","DeletionProtectionEnabled":false}',
      'elections DynamoDB DescribeTable {"TableName":"evote-dev-elections"} until TableStatus is ACTIVE',
      'elections (cd elections && yarn sls remove --stage dev --region eu-west-1)',
      'voters    DynamoDB UpdateTable {"TableName":"evote-dev-voters","DeletionProtectionEnabled":false}',
      'voters    DynamoDB DescribeTable {"TableName":"evote-dev-voters"} until TableStatus is ACTIVE',
      'voters    (cd voters && yarn sls remove --stage dev --region eu-west-1)',
      'events    DynamoDB UpdateTable {"TableName":"evote-dev-idempotency","DeletionProtectionEnabled":false}',
      'events    DynamoDB DescribeTable {"TableName":"evote-dev-idempotency"} until TableStatus is ACTIVE',
      'events    CloudFormation DescribeStackResource {"StackName":"evote-events-dev","LogicalResourceId":"UserPool"} -> <UserPoolId>',
      'events    CognitoIdentityProvider DescribeUserPool {"UserPoolId":"<UserPoolId>"}',
      'events    CognitoIdentityProvider UpdateUserPool {"UserPoolId":"<UserPoolId>","DeletionProtection":"INACTIVE"} + every other setting DescribeUserPool returned',
      'events    CloudFormation DescribeStackResource {"StackName":"evote-events-dev","LogicalResourceId":"WebBucket"} -> <WebBucket>',
      'events    S3 ListObjectVersions {"Bucket":"<WebBucket>"}, then DeleteObjects {"Bucket":"<WebBucket>"} of every version and delete marker, 1000 a time',
      'events    (cd events && yarn sls remove --stage dev --region eu-west-1)',
    ]);
  });

  it('needs no flag for a stage that protects nothing, and still empties the web bucket before events', () => {
    const unprotected = protection.map((each) => ({ ...each, tables: [], userPools: [] }));
    const plan = removePlan({ stage: 'dev', params: [] }, unprotected, false);
    expect(plan.steps.map((step) => `${step.kind} ${step.service}`)).toEqual([
      'sls audit',
      'sls elections',
      'sls voters',
      'empty-web-bucket events',
      'sls events',
    ]);
    expect(describePlan(plan).filter((line) => line.includes('yarn sls'))).toEqual([
      'audit     (cd audit && yarn sls remove --stage dev)',
      'elections (cd elections && yarn sls remove --stage dev)',
      'voters    (cd voters && yarn sls remove --stage dev)',
      'events    (cd events && yarn sls remove --stage dev)',
    ]);
  });

  it('stops at the first failure: the services after it keep their protection and their stacks', async () => {
    const ran: string[] = [];
    const runner: StepRunner = {
      async run(step) {
        ran.push(`${step.service} ${step.kind}`);
        if (step.service === 'elections' && step.kind === 'sls') throw new Error('DELETE_FAILED');
      },
    };
    const plan = removePlan({ stage: 'dev', params: [] }, protection, true);
    await expect(runPlan(plan, runner, () => undefined)).rejects.toThrow(
      '  done: audit; not attempted: voters, events',
    );
    expect(ran).toEqual(['audit unprotect-table', 'audit sls', 'elections unprotect-table', 'elections sls']);
  });
});

describe('what the services protect', () => {
  it('reads the tables from serverless.yml, named for the stage', async () => {
    const stage = await stageProtection(repoRoot(), { stage: 'qa', region: 'eu-west-1', params: [] });
    expect(stage.region).toBe('eu-west-1');
    expect(stage.services.map(({ service, stackName, tables }) => ({ service, stackName, tables }))).toEqual([
      { service: 'events', stackName: 'evote-events-qa', tables: ['evote-qa-idempotency'] },
      { service: 'voters', stackName: 'evote-voters-qa', tables: ['evote-qa-voters'] },
      { service: 'elections', stackName: 'evote-elections-qa', tables: ['evote-qa-elections'] },
      { service: 'audit', stackName: 'evote-audit-qa', tables: ['evote-qa-audit'] },
    ]);
  });
});
