import { DetailType } from '@evote/shared';
import type { PutCommand } from '@aws-sdk/lib-dynamodb';
import { audited } from '../../../test/events';
import { auditRecordOf } from '../../domain/auditLog';
import { AuditWriteError, dynamoAuditLog, type DocumentSender } from './auditTable';

const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });

/** A refused conditional put, carrying the stored item as DynamoDB returns it (ALL_OLD). */
function conditionalFailure(stored?: { eventId: string; time: string }): Error {
  const item = stored ? { eventId: { S: stored.eventId }, time: { S: stored.time } } : undefined;
  return Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException', Item: item });
}

/** A fake client: answers each put by the given rule, records what was sent. */
function fakeClient(answer: (pk: string) => Error | undefined) {
  const sent: { pk: string; sk: string }[] = [];
  const client = {
    send: async (command: PutCommand) => {
      const pk = String(command.input.Item?.pk);
      sent.push({ pk, sk: String(command.input.Item?.sk) });
      const error = answer(pk);
      if (error) throw error;
      return {};
    },
  } as unknown as DocumentSender;
  return { client, sent };
}

const record = auditRecordOf(audited(DetailType.VoteCast));
const eventId = record.event.id;

describe('dynamoAuditLog', () => {
  it('writes the event item, then every entry of a new fact', async () => {
    const { client, sent } = fakeClient(() => undefined);
    await expect(dynamoAuditLog({ tableName: 't', client }).append(record)).resolves.toEqual({ written: 5, alreadyPresent: 0, recordedEventId: eventId });
    expect(sent[0]?.pk).toBe('EVENT#Vote Cast#0123456789abcdef0123456789abcdef');
    expect(sent).toHaveLength(5);
  });

  it('completes the entries on a redelivery and counts what was there', async () => {
    const stored = { eventId, time: record.event.time };
    const { client } = fakeClient((pk) => (pk.startsWith('EVENT#') ? conditionalFailure(stored) : pk.startsWith('BALLOT#') ? conditionalFailure() : undefined));
    await expect(dynamoAuditLog({ tableName: 't', client }).append(record)).resolves.toEqual({ written: 3, alreadyPresent: 2, recordedEventId: eventId });
  });

  it('keys the entries of another copy of the fact by the kept copy, so they coincide', async () => {
    const stored = { eventId: 'first-copy', time: '2025-11-04T09:00:00Z' };
    const { client, sent } = fakeClient((pk) => (pk.startsWith('EVENT#') ? conditionalFailure(stored) : conditionalFailure()));
    await expect(dynamoAuditLog({ tableName: 't', client }).append(record)).resolves.toEqual({ written: 0, alreadyPresent: 5, recordedEventId: 'first-copy' });
    expect(sent.slice(1).map((put) => put.sk)).toEqual(Array(4).fill('2025-11-04T09:00:00Z#3#first-copy'));
  });

  it('throws when any entry cannot be written, after attempting every entry', async () => {
    const { client, sent } = fakeClient((pk) => (pk.startsWith('VOTER#') ? throttled : undefined));
    const append = dynamoAuditLog({ tableName: 't', client }).append(record);
    await expect(append).rejects.toThrow(AuditWriteError);
    await expect(append).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', cause: throttled });
    expect(sent).toHaveLength(5);
  });

  it('throws, writing nothing more, when the event item cannot be written', async () => {
    const { client, sent } = fakeClient(() => throttled);
    await expect(dynamoAuditLog({ tableName: 't', client }).append(record)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
    expect(sent).toHaveLength(1);
  });

  it('throws rather than guess when a refused put does not say which copy is kept', async () => {
    const { client } = fakeClient((pk) => (pk.startsWith('EVENT#') ? conditionalFailure() : undefined));
    await expect(dynamoAuditLog({ tableName: 't', client }).append(record)).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
  });
});
