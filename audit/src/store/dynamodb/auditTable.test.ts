import { DetailType } from '@evote/shared';
import type { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { audited } from '../../../test/events';
import { auditRecordOf } from '../../domain/auditLog';
import { AuditWriteError, dynamoAuditLog, type DocumentSender } from './auditTable';

const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });

function conditionalFailure(): Error {
  return Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
}

/** A cancelled transaction; the event item's reason carries the stored item (ALL_OLD) when given. */
function cancelled(codes: string[], stored?: { eventId: string; time: string }): Error {
  const reasons = codes.map((Code, index) => ({ Code, ...(index === 0 && stored ? { Item: { eventId: { S: stored.eventId }, time: { S: stored.time } } } : {}) }));
  return Object.assign(new Error(`Transaction cancelled [${codes.join(', ')}]`), { name: 'TransactionCanceledException', CancellationReasons: reasons });
}

interface Sent {
  name: string;
  keys: { pk: string; sk: string }[];
}

/**
 * A fake client. Queries for a stream's last revision answer `heads[pk]`; transactions and puts
 * are answered by the given rules (called with the attempt number for transactions).
 */
function fakeClient(rules: { transaction?: (attempt: number) => Error | undefined; put?: (pk: string) => Error | undefined; heads?: Record<string, number> } = {}) {
  const sent: Sent[] = [];
  let attempts = 0;
  const client = {
    send: async (command: PutCommand | QueryCommand | TransactWriteCommand) => {
      const name = command.constructor.name;
      if (name === 'QueryCommand') {
        const pk = String((command as QueryCommand).input.ExpressionAttributeValues?.[':pk']);
        sent.push({ name, keys: [{ pk, sk: 'REV#' }] });
        const head = rules.heads?.[pk];
        return { Items: head === undefined ? [] : [{ revision: head }] };
      }
      if (name === 'TransactWriteCommand') {
        const items = (command as TransactWriteCommand).input.TransactItems ?? [];
        sent.push({ name, keys: items.map((item) => ({ pk: String(item.Put?.Item?.pk), sk: String(item.Put?.Item?.sk) })) });
        attempts += 1;
        const error = rules.transaction?.(attempts);
        if (error) throw error;
        return {};
      }
      const pk = String((command as PutCommand).input.Item?.pk);
      sent.push({ name, keys: [{ pk, sk: String((command as PutCommand).input.Item?.sk) }] });
      const error = rules.put?.(pk);
      if (error) throw error;
      return {};
    },
  } as unknown as DocumentSender;
  return { client, sent };
}

const record = auditRecordOf(audited(DetailType.VoteCast));
const eventId = record.event.id;
const noPause = async () => undefined;
const log = (client: DocumentSender) => dynamoAuditLog({ tableName: 't', client, pause: noPause });

describe('dynamoAuditLog', () => {
  it('appends a new fact with the next revision of its ballot and voter streams, then the other entries', async () => {
    const { client, sent } = fakeClient({ heads: { 'BALLOT#b00001': 3 } });
    await expect(log(client).append(record)).resolves.toEqual({ written: 5, alreadyPresent: 0, recordedEventId: eventId });
    const transaction = sent.find((call) => call.name === 'TransactWriteCommand');
    expect(transaction?.keys).toEqual([
      { pk: 'EVENT#Vote Cast#0123456789abcdef0123456789abcdef', sk: 'EVENT' },
      { pk: 'BALLOT#b00001', sk: 'REV#0000000004' },
      { pk: 'VOTER#v00001', sk: 'REV#0000000001' },
    ]);
    expect(sent.filter((call) => call.name === 'PutCommand').map((call) => call.keys[0]?.pk)).toEqual(['ELECTION#e00001', 'CANDIDATE#c00001']);
  });

  it('reads the heads again and retries when another append took the revision', async () => {
    const heads: Record<string, number> = { 'BALLOT#b00001': 1 };
    const { client, sent } = fakeClient({
      heads,
      transaction: (attempt) => {
        if (attempt > 1) return undefined;
        heads['BALLOT#b00001'] = 2; // the winner's append
        return cancelled(['None', 'ConditionalCheckFailed', 'None']);
      },
    });
    await expect(log(client).append(record)).resolves.toMatchObject({ written: 5 });
    const transactions = sent.filter((call) => call.name === 'TransactWriteCommand');
    expect(transactions.map((call) => call.keys[1]?.sk)).toEqual(['REV#0000000002', 'REV#0000000003']);
  });

  it('retries a transaction conflict the same way', async () => {
    const { client, sent } = fakeClient({ transaction: (attempt) => (attempt < 3 ? cancelled(['TransactionConflict', 'None', 'None']) : undefined) });
    await expect(log(client).append(record)).resolves.toMatchObject({ written: 5 });
    expect(sent.filter((call) => call.name === 'TransactWriteCommand')).toHaveLength(3);
  });

  it('gives up with an error, never an overwrite, when it keeps losing the race', async () => {
    const { client, sent } = fakeClient({ transaction: () => cancelled(['None', 'ConditionalCheckFailed', 'None']) });
    await expect(log(client).append(record)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
    expect(sent.filter((call) => call.name === 'PutCommand')).toHaveLength(0);
  });

  it('completes the other entries on a redelivery, keyed by the kept copy, and counts what was there', async () => {
    const stored = { eventId: 'first-copy', time: '2025-11-04T09:00:00Z' };
    const { client, sent } = fakeClient({ transaction: () => cancelled(['ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'], stored), put: (pk) => (pk.startsWith('ELECTION#') ? conditionalFailure() : undefined) });
    await expect(log(client).append(record)).resolves.toEqual({ written: 1, alreadyPresent: 4, recordedEventId: 'first-copy' });
    expect(sent.filter((call) => call.name === 'PutCommand').map((call) => call.keys[0]?.sk)).toEqual(Array(2).fill('2025-11-04T09:00:00Z#3#first-copy'));
  });

  it('throws when any entry cannot be written, after attempting every entry', async () => {
    const { client, sent } = fakeClient({ put: (pk) => (pk.startsWith('ELECTION#') ? throttled : undefined) });
    const append = log(client).append(record);
    await expect(append).rejects.toThrow(AuditWriteError);
    await expect(append).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', cause: throttled });
    expect(sent.filter((call) => call.name === 'PutCommand')).toHaveLength(2);
  });

  it('throws, writing nothing more, when the transaction fails for another reason', async () => {
    const { client, sent } = fakeClient({ transaction: () => throttled });
    await expect(log(client).append(record)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', cause: throttled });
    expect(sent.filter((call) => call.name === 'PutCommand')).toHaveLength(0);
  });

  it('throws rather than guess when a refused event put does not say which copy is kept', async () => {
    const { client } = fakeClient({ transaction: () => cancelled(['ConditionalCheckFailed', 'None', 'None']) });
    await expect(log(client).append(record)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
  });
});
