import { deployPlan } from './deploy';
import { PlanFailedError, describePlan, runPlan, type Step, type StepRunner } from './plan';

describe('yarn deploy plan', () => {
  it('deploys events first, then voters, elections and audit, each in its own folder', () => {
    expect(describePlan(deployPlan({ stage: 'dev', params: [] }))).toEqual([
      'events    (cd events && yarn sls deploy --stage dev)',
      'voters    (cd voters && yarn sls deploy --stage dev)',
      'elections (cd elections && yarn sls deploy --stage dev)',
      'audit     (cd audit && yarn sls deploy --stage dev)',
    ]);
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
    expect(plan.steps.map((step) => [step.service, step.kind === 'sls' && step.args])).toEqual(
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

/** Runs nothing; says a line per step and fails the steps of the services it is told to. */
function fakeRunner(failing: string[] = []): StepRunner & { ran: Step[] } {
  const ran: Step[] = [];
  return {
    ran,
    async run(step, output) {
      ran.push(step);
      output(`${step.kind} ${step.service}`);
      if (failing.includes(step.service)) throw new Error('CREATE_FAILED VotersTable');
    },
  };
}

describe('running a plan', () => {
  it('runs every step in order and prefixes each line with its service', async () => {
    const runner = fakeRunner();
    const lines: string[] = [];
    await runPlan(deployPlan({ stage: 'dev', params: [] }), runner, (line) => lines.push(line));
    expect(runner.ran.map((step) => step.service)).toEqual(['events', 'voters', 'elections', 'audit']);
    expect(lines).toEqual([
      'events    | sls events',
      'voters    | sls voters',
      'elections | sls elections',
      'audit     | sls audit',
    ]);
  });

  it('stops at the first failure and says which service failed, what is done and what was not attempted', async () => {
    const runner = fakeRunner(['voters']);
    const failure = runPlan(deployPlan({ stage: 'dev', params: [] }), runner, () => undefined);
    await expect(failure).rejects.toThrow(PlanFailedError);
    await expect(failure).rejects.toThrow(
      [
        'yarn deploy --stage dev stopped: voters failed at (cd voters && yarn sls deploy --stage dev)',
        '  CREATE_FAILED VotersTable',
        '  done: events; not attempted: elections, audit',
      ].join('\n'),
    );
    expect(runner.ran.map((step) => step.service)).toEqual(['events', 'voters']);
  });
});
