import { DetailType } from '@evote/shared';
import type { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { audited } from '../../../test/events';
import { auditRecordOf } from '../../domain/auditLog';
import { factNameOf } from '../../domain/auditId';
import { AuditWriteError, dynamoAuditLog, type DocumentSender } from './auditTable';

const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });

/** A refused conditional put, carrying the stored item as DynamoDB returns it (ALL_OLD). */
function conditionalFailure(stored?: { eventId: string; time: string }, raw?: Record<string, { S: string }>): Error {
  const item = stored ? { eventId: { S: stored.eventId }, time: { S: stored.time } } : raw;
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
    Item: item,
  });
}

/** A stream entry as raw attribute values, as a refused put returns the one holding its revision. */
function rawEntry(entry: Entry): Record<string, { S: string }> {
  return {
    detailType: { S: entry.detailType },
    correlationId: { S: entry.correlationId },
    ...(entry.voteId === undefined ? {} : { voteId: { S: entry.voteId } }),
  };
}

type Entry = { revision: number; detailType: string; correlationId: string; voteId?: string };

/**
 * A fake table: stream queries answer from `streams`, a put of a free revision adds to it and a
 * taken one is refused; other puts are answered by `put(pk)` (undefined: written).
 */
function fakeClient(
  options: { streams?: Record<string, Entry[]>; put?: (pk: string, sk: string) => Error | undefined } = {},
) {
  const streams = options.streams ?? {};
  const sent: { name: string; pk: string; sk: string }[] = [];
  const client = {
    send: async (command: PutCommand | QueryCommand) => {
      if (command.constructor.name === 'QueryCommand') {
        const pk = String((command as QueryCommand).input.ExpressionAttributeValues?.[':pk']);
        sent.push({ name: 'Query', pk, sk: '' });
        return { Items: streams[pk] ?? [] };
      }
      const item = (command as PutCommand).input.Item as Record<string, unknown>;
      const pk = String(item.pk);
      const sk = String(item.sk);
      sent.push({ name: 'Put', pk, sk });
      const error = options.put?.(pk, sk);
      if (error) throw error;
      if (sk.startsWith('REV#')) {
        const stream = (streams[pk] ??= []);
        if (stream.some((entry) => entry.revision === item.revision)) throw conditionalFailure();
        stream.push(item as unknown as Entry);
      }
      return {};
    },
  } as unknown as DocumentSender;
  return { client, sent, streams };
}

const record = auditRecordOf(audited(DetailType.VoteCast));
const eventId = record.event.id;
const noPause = async () => undefined;
const log = (client: DocumentSender) => dynamoAuditLog({ tableName: 't', client, pause: noPause });
const other = (revision: number): Entry => ({
  revision,
  detailType: DetailType.BallotSubmitted,
  correlationId: `other-${revision}`,
});

describe('dynamoAuditLog', () => {
  it('writes the event item, then the fact at the next revision of its ballot and voter streams, and its other entries', async () => {
    const { client, sent } = fakeClient({ streams: { 'BALLOT#b00001': [other(1), other(2), other(3)] } });
    await expect(log(client).append(record)).resolves.toEqual({
      written: 5,
      alreadyPresent: 0,
      recordedEventId: eventId,
      revisionRacesLost: 0,
    });
    expect(sent[0]).toEqual({ name: 'Put', pk: 'EVENT#Vote Cast#0fc3ff2ef39ceca44fbb8201d6fd06b1', sk: 'EVENT' });
    const puts = sent.filter((call) => call.name === 'Put').slice(1);
    expect(puts.map((call) => `${call.pk} ${call.sk.startsWith('REV#') ? call.sk : 'time-keyed'}`).sort()).toEqual([
      'BALLOT#b00001 REV#0000000004',
      'CANDIDATE#c00001#10 time-keyed',
      'ELECTION#e00001#10 time-keyed',
      'VOTER#v00001 REV#0000000001',
    ]);
  });

  it('reads the stream again and takes the next revision when another append took it first', async () => {
    const { client, streams } = fakeClient({
      put: (pk, sk) => {
        // Another fact's append lands just before ours, taking revision 1 of the ballot stream.
        if (pk === 'BALLOT#b00001' && sk === 'REV#0000000001' && !streams[pk]?.length) streams[pk] = [other(1)];
        return undefined;
      },
    });
    await expect(log(client).append(record)).resolves.toMatchObject({ written: 5 });
    expect(streams['BALLOT#b00001']?.map((entry) => entry.revision)).toEqual([1, 2]);
    expect(streams['BALLOT#b00001']?.[1]?.voteId).toBe('0fc3ff2ef39ceca44fbb8201d6fd06b1');
  });

  it('appends a fact to a stream once: a redelivery finds it there and writes nothing', async () => {
    const mine: Entry = {
      revision: 2,
      detailType: DetailType.VoteCast,
      correlationId: 'corr-1',
      voteId: '0fc3ff2ef39ceca44fbb8201d6fd06b1',
    };
    const stored = { eventId, time: record.event.time };
    const { client, sent } = fakeClient({
      streams: { 'BALLOT#b00001': [other(1), mine], 'VOTER#v00001': [mine] },
      put: (pk) =>
        pk.startsWith('EVENT#') || pk.startsWith('ELECTION#') || pk.startsWith('CANDIDATE#')
          ? conditionalFailure(pk.startsWith('EVENT#') ? stored : undefined)
          : undefined,
    });
    await expect(log(client).append(record)).resolves.toEqual({
      written: 0,
      alreadyPresent: 5,
      recordedEventId: eventId,
      revisionRacesLost: 0,
    });
    expect(sent.filter((call) => call.sk.startsWith('REV#'))).toEqual([]);
  });

  it('keys the entries of another copy of the fact by the kept copy, so they coincide', async () => {
    const stored = { eventId: 'first-copy', time: '2025-11-04T09:00:00Z' };
    const { client, streams } = fakeClient({
      put: (pk) => (pk.startsWith('EVENT#') ? conditionalFailure(stored) : undefined),
    });
    await expect(log(client).append(record)).resolves.toMatchObject({ recordedEventId: 'first-copy' });
    expect(streams['BALLOT#b00001']?.[0]).toMatchObject({
      eventId: 'first-copy',
      time: '2025-11-04T09:00:00Z',
      revision: 1,
    });
  });

  it('counts the races for a revision it lost before it won one', async () => {
    let refusals = 2;
    const { client, streams } = fakeClient({
      put: (pk) => (pk === 'BALLOT#b00001' && refusals-- > 0 ? conditionalFailure() : undefined),
    });
    await expect(log(client).append(record)).resolves.toMatchObject({ revisionRacesLost: 2 });
    expect(streams['BALLOT#b00001']).toHaveLength(1);
  });

  it('after a lost race names the winner, tries the next revision without reading the stream again', async () => {
    const streams: Record<string, Entry[]> = {};
    const { client, sent } = fakeClient({
      streams,
      // Two other facts take revisions 1 and 2 of the ballot stream just after it was read.
      put: (pk, sk) => {
        if (pk !== 'BALLOT#b00001' || !['REV#0000000001', 'REV#0000000002'].includes(sk)) return undefined;
        const revision = Number(sk.slice(4));
        (streams[pk] ??= []).push(other(revision));
        return conditionalFailure(undefined, rawEntry(other(revision)));
      },
    });
    await expect(log(client).append(record)).resolves.toMatchObject({ revisionRacesLost: 2, written: 5 });
    const ballotCalls = sent.filter((call) => call.pk === 'BALLOT#b00001').map((call) => `${call.name} ${call.sk}`);
    expect(ballotCalls).toEqual(['Query ', 'Put REV#0000000001', 'Put REV#0000000002', 'Put REV#0000000003']);
    expect(streams['BALLOT#b00001']?.map((entry) => entry.revision)).toEqual([1, 2, 3]);
  });

  it('stops at a revision a copy of the same fact won: the fact is there once', async () => {
    const { client, sent, streams } = fakeClient({
      put: (pk, sk) =>
        pk === 'BALLOT#b00001' && sk === 'REV#0000000001'
          ? conditionalFailure(
              undefined,
              rawEntry({ ...factNameOf(record.event), correlationId: 'another-request', revision: 1 }),
            )
          : undefined,
    });
    await expect(log(client).append(record)).resolves.toMatchObject({ written: 4, alreadyPresent: 1 });
    expect(sent.filter((call) => call.pk === 'BALLOT#b00001')).toHaveLength(2);
    expect(streams['BALLOT#b00001']).toBeUndefined();
  });

  it('gives up with an error, never an overwrite, when it keeps losing the race', async () => {
    const { client, sent } = fakeClient({ put: (pk) => (pk === 'BALLOT#b00001' ? conditionalFailure() : undefined) });
    await expect(log(client).append(record)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
    expect(sent.filter((call) => call.pk === 'BALLOT#b00001' && call.name === 'Put')).toHaveLength(50);
  });

  it('throws when any entry cannot be written, after attempting every entry', async () => {
    const { client, sent } = fakeClient({ put: (pk) => (pk.startsWith('VOTER#') ? throttled : undefined) });
    const append = log(client).append(record);
    await expect(append).rejects.toThrow(AuditWriteError);
    await expect(append).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
    expect(sent.filter((call) => call.name === 'Put')).toHaveLength(5);
  });

  it('throws, writing nothing more, when the event item cannot be written', async () => {
    const { client, sent } = fakeClient({ put: () => throttled });
    await expect(log(client).append(record)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', cause: throttled });
    expect(sent).toHaveLength(1);
  });

  it('throws rather than guess when a refused put does not say which copy is kept', async () => {
    const { client } = fakeClient({ put: (pk) => (pk.startsWith('EVENT#') ? conditionalFailure() : undefined) });
    await expect(log(client).append(record)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
  });
});
