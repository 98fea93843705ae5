import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { repoRoot } from '../local/paths';
import { awsError, fakeClients } from '../testing/awsClients';
import { CommandFailedError, stepRunner, unprotectedPoolRequest } from './runner';

const quick = { timeoutMs: 1000, intervalMs: 1 };

describe('turning a table protection off', () => {
  it('updates the table, then waits until it is ACTIVE again', async () => {
    const statuses = ['UPDATING', 'UPDATING', 'ACTIVE'];
    const clients = fakeClients({
      UpdateTableCommand: () => ({}),
      DescribeTableCommand: () => ({ Table: { TableStatus: statuses.shift() } }),
    });
    const lines: string[] = [];
    const runner = stepRunner({ root: repoRoot(), region: 'eu-west-1', clients, tableWait: quick });
    await runner.run({ kind: 'unprotect-table', service: 'voters', tableName: 'evote-dev-voters' }, (line) =>
      lines.push(line),
    );
    expect(clients.sent).toEqual([
      { name: 'UpdateTableCommand', input: { TableName: 'evote-dev-voters', DeletionProtectionEnabled: false } },
      ...Array(3).fill({ name: 'DescribeTableCommand', input: { TableName: 'evote-dev-voters' } }),
    ]);
    expect(lines).toEqual(['table evote-dev-voters: deletion protection off']);
  });

  it('takes a table that is already gone as done, so that a removal can be run again', async () => {
    const clients = fakeClients({
      UpdateTableCommand: () => {
        throw awsError('ResourceNotFoundException');
      },
    });
    const lines: string[] = [];
    await stepRunner({ root: repoRoot(), region: 'eu-west-1', clients }).run(
      { kind: 'unprotect-table', service: 'voters', tableName: 'evote-dev-voters' },
      (line) => lines.push(line),
    );
    expect(lines).toEqual(['table evote-dev-voters does not exist: nothing to unprotect']);
  });

  it('fails on any other error', async () => {
    const clients = fakeClients({
      UpdateTableCommand: () => {
        throw awsError('AccessDeniedException', 'not allowed to dynamodb:UpdateTable');
      },
    });
    await expect(
      stepRunner({ root: repoRoot(), region: 'eu-west-1', clients }).run(
        { kind: 'unprotect-table', service: 'voters', tableName: 'evote-dev-voters' },
        () => undefined,
      ),
    ).rejects.toThrow('not allowed to dynamodb:UpdateTable');
  });
});

/** The pool as DescribeUserPool returns it for events' serverless.yml (fields UpdateUserPool cannot take included). */
const describedPool: UserPoolType = {
  Id: 'eu-west-1_AbC123',
  Name: 'evote-dev',
  Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123',
  Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true, TemporaryPasswordValidityDays: 7 } },
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 7 },
  AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
  MfaConfiguration: 'OFF',
  UsernameConfiguration: { CaseSensitive: true },
  DeletionProtection: 'ACTIVE',
  EstimatedNumberOfUsers: 3,
};

describe('turning the user pool protection off', () => {
  it('keeps every setting UpdateUserPool would otherwise reset, and changes only DeletionProtection', () => {
    expect(unprotectedPoolRequest('eu-west-1_AbC123', describedPool)).toEqual({
      UserPoolId: 'eu-west-1_AbC123',
      PoolName: 'evote-dev',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true, TemporaryPasswordValidityDays: 7 } },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
      MfaConfiguration: 'OFF',
      DeletionProtection: 'INACTIVE',
    });
  });

  it('finds the pool in the stack by its logical id, reads it, then updates it', async () => {
    const clients = fakeClients({
      DescribeStackResourceCommand: () => ({ StackResourceDetail: { PhysicalResourceId: 'eu-west-1_AbC123' } }),
      DescribeUserPoolCommand: () => ({ UserPool: describedPool }),
      UpdateUserPoolCommand: () => ({}),
    });
    await stepRunner({ root: repoRoot(), region: 'eu-west-1', clients }).run(
      { kind: 'unprotect-user-pool', service: 'events', stackName: 'evote-events-dev', logicalId: 'UserPool' },
      () => undefined,
    );
    expect(clients.sent.map(({ name }) => name)).toEqual([
      'DescribeStackResourceCommand',
      'DescribeUserPoolCommand',
      'UpdateUserPoolCommand',
    ]);
    expect(clients.sent[0]?.input).toEqual({ StackName: 'evote-events-dev', LogicalResourceId: 'UserPool' });
    expect(clients.sent[2]?.input).toEqual(unprotectedPoolRequest('eu-west-1_AbC123', describedPool));
  });

  it('takes a stack that is already gone as done', async () => {
    const clients = fakeClients({
      DescribeStackResourceCommand: () => {
        throw awsError('ValidationError', 'Stack with id evote-events-dev does not exist');
      },
    });
    const lines: string[] = [];
    await stepRunner({ root: repoRoot(), region: 'eu-west-1', clients }).run(
      { kind: 'unprotect-user-pool', service: 'events', stackName: 'evote-events-dev', logicalId: 'UserPool' },
      (line) => lines.push(line),
    );
    expect(lines).toEqual(['stack evote-events-dev has no UserPool: nothing to unprotect']);
  });
});

describe('running yarn in a service folder', () => {
  it('passes on stdout and stderr line by line, and fails with the exit status', async () => {
    const lines: string[] = [];
    const script = "console.log('one\\ntwo'); console.error('three'); process.exitCode = 3";
    const run = stepRunner({ root: repoRoot(), region: 'eu-west-1' }).run(
      { kind: 'sls', service: 'voters', args: ['node', '-e', script] },
      (line) => lines.push(line),
    );
    await expect(run).rejects.toThrow(CommandFailedError);
    await expect(run).rejects.toThrow('exited with status 3');
    expect(lines.sort()).toEqual(['one', 'three', 'two']);
  });
});
