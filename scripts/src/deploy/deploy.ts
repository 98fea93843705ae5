/**
 * `yarn deploy`: `sls deploy` in each service folder, one after another, events first; the web
 * app built before any stack changes and published after the last one.
 *
 * Events must go first: it owns the bus and the user pool, and the other three import its
 * exports. After it, voters, elections and audit import nothing from one another and could
 * deploy at once, but they run one at a time: a deploy that is interrupted does not stop
 * CloudFormation, so with three in flight "stop at the first failure" would leave two stacks
 * changing with nobody watching; one at a time, a failure leaves every later stack exactly as
 * it was, and running `yarn deploy` again is the whole recovery. The price is wall time (each
 * stack waits for CloudFormation in turn).
 *
 * The web app is built first, so that a build error stops the run before any stack changed. It
 * is published last: its config.json names the HTTP API of every service, known from the stack
 * outputs only once all four are deployed. The voters' sign-in already accepts the
 * distribution's address: events' template takes it as the default callback URL.
 */
import {
  SERVICES,
  commandLine,
  slsArgs,
  stackNameOf,
  type Plan,
  type ServiceDir,
  type StageOptions,
  type Step,
} from './plan';

export function deployPlan(options: StageOptions): Plan {
  const stackNames = Object.fromEntries(
    SERVICES.map((service) => [service, stackNameOf(service, options.stage)]),
  ) as Record<ServiceDir, string>;
  return {
    command: commandLine('deploy', options),
    steps: [
      { kind: 'build-web', service: 'events' },
      ...SERVICES.map((service): Step => ({ kind: 'sls', service, args: slsArgs('deploy', options) })),
      { kind: 'publish-web', service: 'events', stackNames },
    ],
  };
}
