import { originalDesignTraffic, priceTraffic, PRICES, type BallotTraffic } from './cost';

/** A two-vote ballot: audit 28 WRU and 8 stream reads, count transaction 4 WRU per vote. */
const ours: BallotTraffic = {
  api: 'http',
  apiRequests: 1,
  functions: {
    createEvent: { invocations: 1, meanMs: 10, memoryMb: 256, architecture: 'arm64', logBytesPerInvocation: 200 },
    auditEvent: { invocations: 4, meanMs: 20, memoryMb: 256, architecture: 'arm64', logBytesPerInvocation: 300 },
  },
  eventEntries: { 'evote.events': 1, 'evote.voters': 1, 'evote.elections': 2 },
  eventChunks: 4,
  dynamo: {
    'UpdateItem voters': { requests: 1, writeUnits: 1, readUnits: 0 },
    'PutItem elections': { requests: 2, writeUnits: 2, readUnits: 0 },
    'PutItem audit': { requests: 24, writeUnits: 28, readUnits: 0 },
    'Query audit': { requests: 8, writeUnits: 0, readUnits: 8 },
    'TransactWriteItems elections': { requests: 2, writeUnits: 8, readUnits: 0 },
    'GetItem voters': { requests: 2, writeUnits: 0, readUnits: 2 },
  },
};

describe('priceTraffic', () => {
  it('prices every line per million ballots at the stated prices', () => {
    const model = priceTraffic('ours', ours);
    const line = (item: string) => model.lines.find((candidate) => candidate.item.startsWith(item));
    expect(line('API Gateway HTTP')?.dollarsPerMillionBallots).toBeCloseTo(1.0);
    expect(line('Lambda requests')).toMatchObject({ perBallot: 5, dollarsPerMillionBallots: 1.0 });
    expect(line('Lambda duration')?.perBallot).toBeCloseTo(1 * 0.01 * 0.25 + 4 * 0.02 * 0.25);
    expect(line('Lambda duration')?.dollarsPerMillionBallots).toBeCloseTo(
      (0.0025 + 0.02) * PRICES.lambdaPerGbSecond.arm64! * 1e6,
    );
    expect(line('EventBridge')?.dollarsPerMillionBallots).toBeCloseTo(4);
    expect(line('DynamoDB writes')).toMatchObject({ perBallot: 39 });
    expect(line('DynamoDB writes')?.dollarsPerMillionBallots).toBeCloseTo(39 * 0.625);
    expect(line('DynamoDB reads')?.dollarsPerMillionBallots).toBeCloseTo(10 * 0.125);
    expect(line('CloudWatch')?.perBallot).toBe(1400);
    expect(model.dollarsPerMillionBallots).toBeCloseTo(
      model.lines.reduce((total, item) => total + item.dollarsPerMillionBallots, 0),
    );
  });
});

describe('originalDesignTraffic', () => {
  const original = originalDesignTraffic(ours, {
    clientSource: 'evote.events',
    apiFunction: 'createEvent',
    countTable: 'elections',
    auditTable: 'audit',
  });

  it('sends every follow-up event through the REST API and the API function once more', () => {
    expect(original.api).toBe('rest');
    expect(original.apiRequests).toBe(4);
    expect(original.functions.createEvent?.invocations).toBe(4);
    expect(original.functions.auditEvent).toEqual(ours.functions.auditEvent);
    expect(original.eventEntries).toEqual(ours.eventEntries);
  });

  it('counts with one 1-WRU update per vote instead of a transaction', () => {
    expect(original.dynamo['TransactWriteItems elections']).toBeUndefined();
    expect(original.dynamo['UpdateItem elections']).toEqual({ requests: 2, writeUnits: 2, readUnits: 0 });
    expect(original.dynamo['UpdateItem voters']).toEqual(ours.dynamo['UpdateItem voters']);
  });

  it('keeps no stream revisions: the stream reads go, the audit writes stay', () => {
    expect(original.dynamo['Query audit']).toBeUndefined();
    expect(original.dynamo['PutItem audit']).toEqual(ours.dynamo['PutItem audit']);
    expect(original.dynamo['GetItem voters']).toEqual(ours.dynamo['GetItem voters']);
  });

  it('costs more per million ballots than ours', () => {
    expect(priceTraffic('original', original).dollarsPerMillionBallots).toBeGreaterThan(
      priceTraffic('ours', ours).dollarsPerMillionBallots,
    );
  });
});
