import { originalDesignTraffic, priceTraffic, PRICES, type BallotTraffic } from './cost';

/** A two-vote ballot as the design document describes it (audit 28 WRU, count transaction 4 WRU per vote). */
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
    UpdateItem: { requests: 1, writeUnits: 1, readUnits: 0 },
    PutItem: { requests: 26, writeUnits: 32, readUnits: 0 },
    TransactWriteItems: { requests: 2, writeUnits: 8, readUnits: 0 },
    GetItem: { requests: 2, writeUnits: 0, readUnits: 2 },
  },
};

describe('priceTraffic', () => {
  it('prices every line per million ballots at the stated prices', () => {
    const model = priceTraffic('ours', ours);
    const line = (item: string) => model.lines.find((candidate) => candidate.item.startsWith(item));
    expect(line('API Gateway HTTP')?.dollarsPerMillionBallots).toBeCloseTo(1.0);
    expect(line('Lambda requests')).toMatchObject({ perBallot: 5, dollarsPerMillionBallots: 1.0 });
    expect(line('Lambda duration')?.perBallot).toBeCloseTo(1 * 0.01 * 0.25 + 4 * 0.02 * 0.25);
    expect(line('Lambda duration')?.dollarsPerMillionBallots).toBeCloseTo((0.0025 + 0.02) * PRICES.lambdaPerGbSecond.arm64! * 1e6);
    expect(line('EventBridge')?.dollarsPerMillionBallots).toBeCloseTo(4);
    expect(line('DynamoDB writes')).toMatchObject({ perBallot: 41 });
    expect(line('DynamoDB writes')?.dollarsPerMillionBallots).toBeCloseTo(41 * 0.625);
    expect(line('DynamoDB reads')?.dollarsPerMillionBallots).toBeCloseTo(2 * 0.125);
    expect(line('CloudWatch')?.perBallot).toBe(1400);
    expect(model.dollarsPerMillionBallots).toBeCloseTo(model.lines.reduce((total, item) => total + item.dollarsPerMillionBallots, 0));
  });
});

describe('originalDesignTraffic', () => {
  const original = originalDesignTraffic(ours, { clientSource: 'evote.events', apiFunction: 'createEvent' });

  it('sends every follow-up event through the REST API and the API function once more', () => {
    expect(original.api).toBe('rest');
    expect(original.apiRequests).toBe(4);
    expect(original.functions.createEvent?.invocations).toBe(4);
    expect(original.functions.auditEvent).toEqual(ours.functions.auditEvent);
    expect(original.eventEntries).toEqual(ours.eventEntries);
  });

  it('counts with one 1-WRU update per vote instead of a transaction', () => {
    expect(original.dynamo.TransactWriteItems).toBeUndefined();
    expect(original.dynamo.UpdateItem).toEqual({ requests: 3, writeUnits: 3, readUnits: 0 });
  });

  it('costs more per million ballots than ours', () => {
    expect(priceTraffic('original', original).dollarsPerMillionBallots).toBeGreaterThan(priceTraffic('ours', ours).dollarsPerMillionBallots);
  });
});
