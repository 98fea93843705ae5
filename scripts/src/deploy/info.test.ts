import { formatInfo, gatherInfo, infoPlan, parseServiceInfo, type ServiceReport } from './info';
import { describePlan, type StepRunner } from './plan';

/** What `sls info --verbose` prints for a service with one route, and one with two. */
const EVENTS_INFO = `service: evote-events
stage: dev
region: eu-west-1
stack: evote-events-dev
endpoint: POST - https://abc123.execute-api.eu-west-1.amazonaws.com/events
functions:
  createEvent: evote-events-dev-createEvent (211 kB)

Stack Outputs:
  EventBusName: evote-dev
  HttpApiUrl: https://abc123.execute-api.eu-west-1.amazonaws.com
  UserPoolDomain: evote-dev-123456789012`;

const AUDIT_INFO = `service: evote-audit
stage: dev
\u001b[90mendpoints:\u001b[39m
  GET - https://def456.execute-api.eu-west-1.amazonaws.com/audit/{entityType}/{entityId}/events
  GET - https://def456.execute-api.eu-west-1.amazonaws.com/audit/health
functions:
  auditEvent: evote-audit-dev-auditEvent (180 kB)`;

describe('yarn run info plan', () => {
  it('asks each service, in deployment order, for its info with the stack outputs', () => {
    expect(describePlan(infoPlan({ stage: 'dev', region: 'eu-west-1', params: [] }))).toEqual([
      'events    (cd events && yarn sls info --stage dev --region eu-west-1 --verbose)',
      'voters    (cd voters && yarn sls info --stage dev --region eu-west-1 --verbose)',
      'elections (cd elections && yarn sls info --stage dev --region eu-west-1 --verbose)',
      'audit     (cd audit && yarn sls info --stage dev --region eu-west-1 --verbose)',
    ]);
  });
});

describe('reading sls info', () => {
  it('finds a single endpoint and the stack outputs', () => {
    expect(parseServiceInfo(EVENTS_INFO.split('\n'))).toEqual({
      endpoints: [{ method: 'POST', url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/events' }],
      outputs: {
        EventBusName: 'evote-dev',
        HttpApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
        UserPoolDomain: 'evote-dev-123456789012',
      },
    });
  });

  it('finds a list of endpoints, through terminal colours, and not the functions', () => {
    expect(parseServiceInfo(AUDIT_INFO.split('\n')).endpoints).toEqual([
      { method: 'GET', url: 'https://def456.execute-api.eu-west-1.amazonaws.com/audit/{entityType}/{entityId}/events' },
      { method: 'GET', url: 'https://def456.execute-api.eu-west-1.amazonaws.com/audit/health' },
    ]);
  });
});

describe('the info table', () => {
  it('asks every service even when one fails, and reports the framework reason', async () => {
    const printed: Record<string, string> = { events: EVENTS_INFO, audit: AUDIT_INFO, elections: 'service: x' };
    const runner: StepRunner = {
      async run(step, output) {
        if (step.service === 'voters') {
          output('Environment: linux, node 20.19.0');
          output('Error:');
          output('Stack with id evote-voters-dev does not exist');
          throw new Error('yarn sls info exited with status 1');
        }
        (printed[step.service] as string).split('\n').forEach(output);
      },
    };
    const reports = await gatherInfo(infoPlan({ stage: 'dev', params: [] }), runner);
    expect(reports.map((report) => report.service)).toEqual(['events', 'voters', 'elections', 'audit']);
    expect(reports[1]).toEqual({ service: 'voters', failure: 'Stack with id evote-voters-dev does not exist' });
  });

  it('prints one row per route, per service without one, and per bus', () => {
    const reports: ServiceReport[] = [
      { service: 'events', info: parseServiceInfo(EVENTS_INFO.split('\n')) },
      { service: 'voters', failure: 'Stack with id evote-voters-dev does not exist' },
      { service: 'elections', info: { endpoints: [], outputs: {} } },
      { service: 'audit', info: parseServiceInfo(AUDIT_INFO.split('\n')) },
    ];
    expect(formatInfo(reports, ['evote-dev', 'evote-other'])).toEqual([
      'events     POST  https://abc123.execute-api.eu-west-1.amazonaws.com/events',
      'voters           not available: Stack with id evote-voters-dev does not exist',
      'elections        no HTTP endpoint',
      'audit      GET   https://def456.execute-api.eu-west-1.amazonaws.com/audit/{entityType}/{entityId}/events',
      'audit      GET   https://def456.execute-api.eu-west-1.amazonaws.com/audit/health',
      'bus              evote-dev',
      "bus              evote-other (in no deployed stack's outputs)",
    ]);
  });
});
