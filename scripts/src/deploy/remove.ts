/**
 * `yarn run remove`: `sls remove` in each service folder in the reverse of the deployment order
 * (CloudFormation refuses to delete events' exports while another stack imports them).
 *
 * The tables, and the user pool if it declares it, have deletion protection, so CloudFormation
 * cannot delete them and the stack removal would fail half-way. Without
 * `--disable-deletion-protection` the plan is refused before anything runs. With it, each
 * service's protection is turned off right before that service is removed, not all at the
 * start: if a removal fails, the services after it keep their protection.
 *
 * CloudFormation cannot delete a bucket that holds objects either: the web app's bucket is
 * emptied (every version) right before events is removed, its last step.
 */
import {
  SERVICES,
  WEB_BUCKET_LOGICAL_ID,
  commandLine,
  slsArgs,
  stackNameOf,
  type Plan,
  type StageOptions,
  type Step,
} from './plan';
import { anyProtected, type ServiceProtection } from './protection';

export const DISABLE_FLAG = 'disable-deletion-protection';

/** Removing the stage would delete protected resources and the flag was not given. */
export class DeletionProtectedError extends Error {
  override readonly name = 'DeletionProtectedError';
  readonly code = 'DELETION_PROTECTED';
}

export function removePlan(
  options: StageOptions,
  protection: readonly ServiceProtection[],
  disableDeletionProtection: boolean,
): Plan {
  if (!disableDeletionProtection && anyProtected(protection))
    throw new DeletionProtectedError(refusal(options, protection));
  const flags = disableDeletionProtection ? [`--${DISABLE_FLAG}`] : [];
  return {
    command: commandLine('remove', options, flags),
    steps: [...SERVICES].reverse().flatMap((service): Step[] => {
      const here = protection.find((each) => each.service === service);
      const emptyBucket: Step[] =
        service === 'events'
          ? [
              {
                kind: 'empty-web-bucket',
                service,
                stackName: stackNameOf(service, options.stage),
                logicalId: WEB_BUCKET_LOGICAL_ID,
              },
            ]
          : [];
      return [
        ...(here ? unprotectSteps(here) : []),
        ...emptyBucket,
        { kind: 'sls', service, args: slsArgs('remove', options) },
      ];
    }),
  };
}

function unprotectSteps(here: ServiceProtection): Step[] {
  const { service, stackName } = here;
  return [
    ...here.tables.map((tableName): Step => ({ kind: 'unprotect-table', service, tableName })),
    ...here.userPools.map((logicalId): Step => ({ kind: 'unprotect-user-pool', service, stackName, logicalId })),
  ];
}

function refusal(options: StageOptions, protection: readonly ServiceProtection[]): string {
  const lines = [...protection]
    .reverse()
    .flatMap((each) => [
      ...each.tables.map((table) => `  ${each.service.padEnd(10)} DynamoDB table ${table}`),
      ...each.userPools.map(
        (pool) => `  ${each.service.padEnd(10)} Cognito user pool ${pool} of stack ${each.stackName}`,
      ),
    ]);
  return [
    `refusing to remove stage ${options.stage}: these resources have deletion protection, so CloudFormation cannot delete them`,
    ...lines,
    'Removing the stage deletes them and everything in them.',
    `To turn the protection off and remove the stage: ${commandLine('remove', options, [`--${DISABLE_FLAG}`])}`,
    `(add --dry-run first to see every call it makes).`,
  ].join('\n');
}
