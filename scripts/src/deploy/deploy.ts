/**
 * `yarn deploy`: `sls deploy` in each service folder, one after another, events first.
 *
 * Events must go first: it owns the bus and the user pool, and the other three import its
 * exports. After it, voters, elections and audit import nothing from one another and could
 * deploy at once, but they run one at a time: a deploy that is interrupted does not stop
 * CloudFormation, so with three in flight "stop at the first failure" would leave two stacks
 * changing with nobody watching; one at a time, a failure leaves every later stack exactly as
 * it was, and running `yarn deploy` again is the whole recovery. The price is wall time (each
 * stack waits for CloudFormation in turn).
 */
import { SERVICES, commandLine, slsArgs, type Plan, type StageOptions } from './plan';

export function deployPlan(options: StageOptions): Plan {
  return {
    command: commandLine('deploy', options),
    steps: SERVICES.map((service) => ({ kind: 'sls', service, args: slsArgs('deploy', options) })),
  };
}
