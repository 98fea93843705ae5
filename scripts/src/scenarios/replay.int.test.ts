import { startTestStack, type TestStack } from '../testing/harness';
import { runCommand, runCommandResult } from '../testing/commands';
import type { RebuildReport } from '../rebuild';
import type { BallotRow, ElectionResult } from '../inspect/queries';
import { runWalkthrough } from './ballots';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  await runWalkthrough(t);
});
afterAll(() => t?.stop());

const inspect = async <T>(view: string): Promise<T> =>
  JSON.parse(await runCommand(t, 'inspect.ts', [view, '--json'])) as T;
const rebuild = async () => {
  const { code, stdout } = await runCommandResult(t, 'rebuild.ts', ['--json']);
  return { code, report: JSON.parse(stdout) as RebuildReport };
};
const rebuiltTallies = (report: RebuildReport) => report.tallies.map((row) => row.rebuilt);

describe('yarn replay', () => {
  it('rebuilds tallies and ballot states from the archive after the voters and elections tables are reset', async () => {
    // Reads that do not depend on each other run side by side (each command is a process of its own).
    const [results, ballots, auditBefore, before] = await Promise.all([
      inspect<ElectionResult[]>('results'),
      inspect<BallotRow[]>('ballots'),
      t.scan(t.tables.audit),
      rebuild(),
    ]);
    expect(before.code).toBe(0);
    expect(before.report.differences).toEqual([]);
    expect(rebuiltTallies(before.report)).toEqual(before.report.tallies.map((row) => row.live));

    await runCommand(t, 'init.ts', ['voters', 'elections']);
    expect(
      (await inspect<ElectionResult[]>('results')).flatMap((election) =>
        election.candidates.map((candidate) => candidate.voteCount),
      ),
    ).toEqual([0, 0, 0, 0]);
    // The log still holds every vote: rebuild now disagrees with the reset tables, and says where.
    const reset = await rebuild();
    expect(reset.code).toBe(1);
    expect(rebuiltTallies(reset.report)).toEqual(rebuiltTallies(before.report));
    expect(reset.report.differences.filter((difference) => difference.kind === 'tally')).toHaveLength(4);
    expect(
      reset.report.differences
        .filter((difference) => difference.kind === 'ballot')
        .map((difference) => difference.subject)
        .sort(),
    ).toEqual(['ballot a3aa4f/73a342', 'ballot b7a42e/49aef2', 'ballot e579df/de2ac4']);

    expect(await runCommand(t, 'replay.ts', ['--name', 'rebuild-1'])).toMatch(
      /replay rebuild-1: 14 archived event\(s\) sent again to every rule/,
    );
    const [resultsAfter, ballotsAfter, after] = await Promise.all([
      inspect<ElectionResult[]>('results'),
      inspect<BallotRow[]>('ballots'),
      rebuild(),
    ]);
    expect(resultsAfter).toEqual(results);
    expect(ballotsAfter).toEqual(ballots);
    expect(after.code).toBe(0);
    expect(after.report.differences).toEqual([]);
    expect(after.report.tallies).toEqual(before.report.tallies);
    expect(after.report.ballots).toEqual(before.report.ballots);

    const auditAfter = await t.scan(t.tables.audit);
    expect(auditAfter.length).toBe(auditBefore.length);
    const replayed = auditAfter.filter(
      (item) => item.entity === 'AuditEvent' && item.replays instanceof Set && item.replays.has('rebuild-1'),
    );
    expect(replayed).toHaveLength(auditBefore.filter((item) => item.entity === 'AuditEvent').length);
  });

  it('replays to the chosen rules only, within a time window', async () => {
    const before = t.stack.bus.deliveries.length;
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await runCommand(t, 'replay.ts', ['--from', future, '--name', 'empty'])).toMatch(/0 archived event/);
    await runCommand(t, 'replay.ts', ['--rule', 'evote-local-audit-auditEvent', '--name', 'audit-only']);
    const replayed = t.stack.bus.deliveries.slice(before);
    // The first replay's handlers published new events (re-verifications), archived like any other.
    expect(t.stack.archive.list().length).toBeGreaterThan(14);
    expect(replayed.length).toBe(t.stack.archive.list().length);
    expect(new Set(replayed.map((delivery) => delivery.target))).toEqual(new Set(['auditEvent']));
    expect(replayed.every((delivery) => delivery.replayName === 'audit-only')).toBe(true);
  });
});
