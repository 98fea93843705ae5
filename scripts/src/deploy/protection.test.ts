import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paramRecord, protectedUserPools } from './protection';

describe('protected user pools', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-protection-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const poolsOf = async (resources: string): Promise<string[]> => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.yml`);
    fs.writeFileSync(file, `service: probe\nprovider:\n  name: aws\nresources:\n  Resources:\n${resources}`);
    return protectedUserPools(file);
  };

  it('lists pools that declare ACTIVE, or a value only AWS can resolve', async () => {
    await expect(
      poolsOf(
        [
          '    Active: { Type: AWS::Cognito::UserPool, Properties: { DeletionProtection: ACTIVE } }',
          '    Inactive: { Type: AWS::Cognito::UserPool, Properties: { DeletionProtection: INACTIVE } }',
          '    Silent: { Type: AWS::Cognito::UserPool, Properties: { UserPoolName: x } }',
          '    Computed: { Type: AWS::Cognito::UserPool, Properties: { DeletionProtection: !If [Prod, ACTIVE, INACTIVE] } }',
          '    Table: { Type: AWS::DynamoDB::Table, Properties: { DeletionProtection: ACTIVE } }',
          '',
        ].join('\n'),
      ),
    ).resolves.toEqual(['Active', 'Computed']);
  });
});

describe('--param values', () => {
  it('splits at the first =, as sls does', () => {
    expect(paramRecord(['jwtIssuerUrl=https://issuer.example/?a=b', 'empty='])).toEqual({
      jwtIssuerUrl: 'https://issuer.example/?a=b',
      empty: '',
    });
  });

  it('refuses a param without a key', () => {
    expect(() => paramRecord(['novalue'])).toThrow('--param needs key=value, got "novalue"');
    expect(() => paramRecord(['=x'])).toThrow('--param needs key=value');
  });
});
