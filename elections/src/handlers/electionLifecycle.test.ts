import { DetailType } from '@evote/shared';
import { busEvent, capturingLogger, exampleDetail } from '@evote/shared/testing';
import { ElectionNotFoundError } from '../domain/errors';
import type { LifecycleChange, LifecycleOutcome } from '../domain/lifecycle';
import { createElectionLifecycleHandler } from './electionLifecycle';

function setup(answer: () => Promise<LifecycleOutcome> = async () => 'recorded') {
  const recorded: LifecycleChange[] = [];
  const { logger, lines } = capturingLogger();
  const run = createElectionLifecycleHandler({
    lifecycle: {
      record: async (change) => {
        recorded.push(change);
        return answer();
      },
    },
    logger,
  });
  return { run, recorded, lines };
}

describe('electionLifecycle handler', () => {
  it('records the scheduled instant of Election Opened and Election Closed', async () => {
    const { run, recorded } = setup();
    const opened = exampleDetail(DetailType.ElectionOpened);
    const closed = exampleDetail(DetailType.ElectionClosed);
    await run(busEvent(DetailType.ElectionOpened));
    await run(busEvent(DetailType.ElectionClosed));
    expect(recorded).toEqual([
      { kind: 'opened', electionId: opened.electionId, openedAt: opened.scheduledAt },
      { kind: 'closed', electionId: closed.electionId, closedAt: closed.scheduledAt },
    ]);
  });

  it('records the certification: when, the final tallies and the digest', async () => {
    const { run, recorded } = setup();
    const { electionId, certifiedAt, tallies, auditDigest } = exampleDetail(DetailType.ElectionCertified);
    await run(busEvent(DetailType.ElectionCertified));
    expect(recorded).toEqual([{ kind: 'certified', electionId, certification: { certifiedAt, tallies, auditDigest } }]);
  });

  it('treats a change already recorded as a success, and logs it', async () => {
    const { run, lines } = setup(async () => 'unchanged');
    await expect(run(busEvent(DetailType.ElectionOpened))).resolves.toBeUndefined();
    expect(lines()[0]).toMatchObject({ level: 'info', outcome: 'unchanged', change: 'opened' });
  });

  it('throws (retry, then dead letter) for an unknown election and for a store failure', async () => {
    const missing = setup(async () => Promise.reject(new ElectionNotFoundError('e00001')));
    await expect(missing.run(busEvent(DetailType.ElectionClosed))).rejects.toThrow(ElectionNotFoundError);
    expect(JSON.stringify(missing.lines()[0])).toMatch(/"level":"error".*election lifecycle not recorded/);
    const faulty = setup(async () => Promise.reject(new Error('ProvisionedThroughputExceededException')));
    await expect(faulty.run(busEvent(DetailType.ElectionCertified))).rejects.toThrow('ProvisionedThroughput');
  });

  it('refuses another event, a forged source and a malformed detail, recording nothing', async () => {
    const { run, recorded } = setup();
    await expect(run(busEvent(DetailType.VoteCast))).rejects.toThrow(/handles Election Opened/);
    await expect(run(busEvent(DetailType.ElectionClosed, { source: 'evote.events' }))).rejects.toThrow(
      /must come from/,
    );
    const broken = busEvent(DetailType.ElectionOpened);
    await expect(run({ ...broken, detail: { ...broken.detail, scheduledAt: 'soon' } })).rejects.toThrow(/scheduledAt/);
    expect(recorded).toEqual([]);
  });
});
