import { ApiError, entrySize, putEvents, type PutEventsContext } from './putEvents';

const ctx: PutEventsContext = {
  region: 'us-east-1',
  accountId: '000000000000',
  knownBuses: new Set(['evote-local', 'default']),
  now: () => new Date('2026-01-02T03:04:05.678Z'),
};
const entry = (overrides: Record<string, unknown> = {}) => ({
  Source: 'evote.events',
  DetailType: 'Ballot Submitted',
  Detail: '{"a":1}',
  EventBusName: 'evote-local',
  ...overrides,
});

describe('PutEvents request validation', () => {
  it.each([
    ['no Entries', {}, /must not be null/],
    ['zero entries', { Entries: [] }, /greater than or equal to 1/],
    ['eleven entries', { Entries: Array.from({ length: 11 }, () => entry()) }, /less than or equal to 10/],
    [
      'over 256 KB in total',
      {
        Entries: [
          entry({ Detail: JSON.stringify({ big: 'x'.repeat(200_000) }) }),
          entry({ Detail: JSON.stringify({ big: 'y'.repeat(70_000) }) }),
        ],
      },
      /over the limit/,
    ],
  ])('rejects the whole request with %s', (_name, request, message) => {
    expect(() => putEvents(request, ctx)).toThrow(ApiError);
    expect(() => putEvents(request, ctx)).toThrow(message);
  });

  it('accepts exactly 10 entries and exactly 256 KB', () => {
    expect(putEvents({ Entries: Array.from({ length: 10 }, () => entry()) }, ctx).response.FailedEntryCount).toBe(0);
    const fixed = entrySize(entry({ Detail: '' }));
    const detail = JSON.stringify({ a: 'x'.repeat(256 * 1024 - fixed - 8) });
    expect(entrySize(entry({ Detail: detail }))).toBe(256 * 1024);
    expect(putEvents({ Entries: [entry({ Detail: detail })] }, ctx).response.FailedEntryCount).toBe(0);
  });
});

describe('PutEvents entry validation', () => {
  it.each([
    ['missing Source', { Source: undefined }, 'InvalidArgument', /Source is a required argument/],
    ['empty DetailType', { DetailType: '' }, 'InvalidArgument', /DetailType is a required argument/],
    ['missing Detail', { Detail: undefined }, 'InvalidArgument', /Detail is a required argument/],
    ['Detail not JSON', { Detail: '{nope' }, 'MalformedDetail', /malformed/],
    ['Detail a JSON array', { Detail: '[1,2]' }, 'MalformedDetail', /malformed/],
    ['Detail a JSON string', { Detail: '"text"' }, 'MalformedDetail', /malformed/],
    ['Detail null', { Detail: 'null' }, 'MalformedDetail', /malformed/],
    ['unknown bus', { EventBusName: 'nope' }, 'ResourceNotFoundException', /nope does not exist/],
    ['Resources not strings', { Resources: [1] }, 'InvalidArgument', /Resources/],
  ])('fails an entry with %s but still accepts its valid neighbours', (_name, overrides, code, message) => {
    const { response, accepted } = putEvents({ Entries: [entry(), entry(overrides), entry()] }, ctx);
    expect(response.FailedEntryCount).toBe(1);
    expect(response.Entries).toHaveLength(3);
    expect(response.Entries[1]).toEqual({ ErrorCode: code, ErrorMessage: expect.stringMatching(message) });
    expect(accepted).toHaveLength(2);
    expect(response.Entries[0]).toEqual({ EventId: accepted[0]?.event.id });
    expect(response.Entries[2]).toEqual({ EventId: accepted[1]?.event.id });
  });
});

describe('PutEvents envelope', () => {
  it('builds the envelope AWS delivers, one distinct id per entry', () => {
    const { accepted } = putEvents({ Entries: [entry({ Resources: ['arn:x'] }), entry()] }, ctx);
    expect(accepted[0]).toEqual({
      busName: 'evote-local',
      event: {
        version: '0',
        id: expect.any(String),
        'detail-type': 'Ballot Submitted',
        source: 'evote.events',
        account: '000000000000',
        time: '2026-01-02T03:04:05Z',
        region: 'us-east-1',
        resources: ['arn:x'],
        detail: { a: 1 },
      },
    });
    expect(accepted[0]?.event.id).not.toBe(accepted[1]?.event.id);
  });

  it('takes Time (epoch seconds, as the SDK sends it) and accepts a bus ARN', () => {
    const { accepted } = putEvents(
      {
        Entries: [
          entry({ Time: 1700000000, EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/evote-local' }),
        ],
      },
      ctx,
    );
    expect(accepted[0]?.event.time).toBe('2023-11-14T22:13:20Z');
    expect(accepted[0]?.busName).toBe('evote-local');
  });

  it('puts an entry without EventBusName on the default bus', () => {
    const { accepted } = putEvents({ Entries: [entry({ EventBusName: undefined })] }, ctx);
    expect(accepted[0]?.busName).toBe('default');
  });
});
