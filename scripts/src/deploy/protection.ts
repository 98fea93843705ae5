/**
 * Which resources of a stage have deletion protection, read from the services' serverless.yml:
 * the tables through the stack model (their names resolved for the stage), the Cognito user
 * pools from the raw resources (the model holds no pools; only the logical id and the
 * `DeletionProtection` property are needed, and neither depends on the stage).
 */
import path from 'node:path';
import readConfiguration from 'osls/lib/configuration/read';
import { loadStackModel } from '../local/model/load';
import { SERVICES, type ServiceDir, type StageOptions } from './plan';

export interface ServiceProtection {
  service: ServiceDir;
  /** The CloudFormation stack `sls deploy` made for the service on the stage. */
  stackName: string;
  /** Tables that declare `DeletionProtectionEnabled: true`. */
  tables: string[];
  /** Logical ids of the user pools that declare (or may declare) `DeletionProtection: ACTIVE`. */
  userPools: string[];
}

export interface StageProtection {
  /** The region the stage is in: `--region`, else the one serverless.yml chooses. */
  region: string;
  /** Every service, in deployment order, with what it protects. */
  services: ServiceProtection[];
}

export async function stageProtection(root: string, options: StageOptions): Promise<StageProtection> {
  const model = await loadStackModel({
    root,
    stage: options.stage,
    ...(options.region === undefined ? {} : { region: options.region }),
    params: paramRecord(options.params),
  });
  const services = await Promise.all(
    SERVICES.map(async (service) => {
      const declared = model.services.find((candidate) => path.basename(candidate.dir) === service);
      if (!declared) throw new Error(`the stack model has no service in ${service}/`);
      return {
        service,
        // The framework's stack name when `provider.stackName` is not set (no service sets it).
        stackName: `${declared.name}-${options.stage}`,
        tables: declared.tables
          .filter((table) => table.properties.DeletionProtectionEnabled === true)
          .map((table) => table.tableName),
        userPools: await protectedUserPools(path.join(declared.dir, 'serverless.yml')),
      };
    }),
  );
  return { region: model.region, services };
}

/**
 * The user pools of a serverless.yml whose `DeletionProtection` is ACTIVE. A value written with
 * a variable or an intrinsic function cannot be read without AWS, so it counts as protected:
 * turning protection off a pool that has none changes nothing.
 */
export async function protectedUserPools(serverlessYml: string): Promise<string[]> {
  const configuration = (await readConfiguration(serverlessYml)) as {
    resources?: { Resources?: Record<string, { Type?: string; Properties?: { DeletionProtection?: unknown } }> };
  };
  return Object.entries(configuration.resources?.Resources ?? {})
    .filter(([, resource]) => resource.Type === 'AWS::Cognito::UserPool')
    .filter(([, resource]) => {
      const value = resource.Properties?.DeletionProtection;
      return value !== undefined && value !== 'INACTIVE';
    })
    .map(([logicalId]) => logicalId);
}

/** `key=value` strings as the stack model takes them (the first `=` splits, as `sls` does). */
export function paramRecord(params: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    params.map((param) => {
      const at = param.indexOf('=');
      if (at <= 0) throw new Error(`--param needs key=value, got ${JSON.stringify(param)}`);
      return [param.slice(0, at), param.slice(at + 1)];
    }),
  );
}

/** True when removing the stage has to turn some protection off first. */
export const anyProtected = (services: readonly ServiceProtection[]): boolean =>
  services.some((service) => service.tables.length > 0 || service.userPools.length > 0);
