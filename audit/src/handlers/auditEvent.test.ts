import { createLogger, DetailType } from '@evote/shared';
import { busEvent, capturingMetrics } from '@evote/shared/testing';
import type { AuditLog, AuditRecord } from '../domain/auditLog';
import { createAuditEventHandler } from './auditEvent';

function setup(
  append: AuditLog['append'] = async (record) => ({
    written: record.entities.length + 1,
    alreadyPresent: 0,
    recordedEventId: record.event.id,
    revisionRacesLost: 0,
  }),
) {
  const lines: string[] = [];
  const records: AuditRecord[] = [];
  const { metrics, samples } = capturingMetrics();
  const handler = createAuditEventHandler({
    auditLog: { append: async (record) => (records.push(record), append(record)) },
    logger: createLogger({ service: 'evote-audit' }, (line) => lines.push(line)),
    metrics,
  });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { handler, records, lines, logs, samples };
}

describe('auditEvent handler', () => {
  it('records a valid event with the entities it names and logs one line', async () => {
    const { handler, records, logs } = setup();
    await expect(handler(busEvent(DetailType.BallotVerified))).resolves.toBeUndefined();
    expect(records).toHaveLength(1);
    expect(records[0]?.entities).toHaveLength(6);
    expect(logs()).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'event audited',
        correlationId: 'corr-1',
        detailType: 'Ballot Verified',
        written: 7,
        entities: 6,
      }),
    ]);
  });

  it('throws (so the event is retried and dead-lettered) when the event is invalid', async () => {
    const { handler, records, logs } = setup();
    const event = busEvent(DetailType.VoteCast);
    await expect(handler({ ...event, detail: { ...event.detail, vote: {} } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(records).toEqual([]);
    expect(logs()).toEqual([expect.objectContaining({ level: 'error', correlationId: 'corr-1', eventId: event.id })]);
  });

  it('counts an append that wrote something, and the revision races it lost on the way', async () => {
    const { handler, samples } = setup(async (record) => ({
      written: 2,
      alreadyPresent: record.entities.length - 1,
      recordedEventId: record.event.id,
      revisionRacesLost: 3,
    }));
    await handler(busEvent(DetailType.VoteCast));
    const labels = { service: 'test', stage: 'test' };
    expect(samples()).toEqual([
      { name: 'AuditAppends', value: 1, dimensions: labels },
      { name: 'AuditRevisionRacesLost', value: 3, dimensions: labels },
    ]);
  });

  it('counts no append for a redelivery that found every item in place', async () => {
    const { handler, samples } = setup(async (record) => ({
      written: 0,
      alreadyPresent: record.entities.length + 1,
      recordedEventId: record.event.id,
      revisionRacesLost: 0,
    }));
    await handler(busEvent(DetailType.VoteCast));
    expect(samples()).toEqual([]);
  });

  it('throws when the audit log cannot be written', async () => {
    const { handler } = setup(async () => Promise.reject(new Error('table unavailable')));
    await expect(handler(busEvent(DetailType.VoteCast))).rejects.toThrow('table unavailable');
  });

  it('never logs the voter name', async () => {
    const { handler, lines } = setup();
    await handler(busEvent(DetailType.BallotVerified));
    await handler(busEvent(DetailType.VoteCast)).catch(() => undefined);
    expect(lines.join('\n')).not.toMatch(/Ada Lovelace/);
  });
});
