/**
 * The voter roll import against DynamoDB Local, with the voters table created from
 * voters/serverless.yml: a refused roll writes nothing, a good one enrols each voter with exactly
 * one ISSUED ballot, importing again changes nothing, and an import stopped part way is
 * completed by running it again. The last test runs the command itself, as `yarn admin` does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTableInput } from '../../local/dynamodb/tables';
import { loadStackModel } from '../../local/model/load';
import { repoRoot } from '../../local/paths';
import { startTableUnderTest, type TableUnderTest } from '../../testing/tableUnderTest';
import { checkRoll } from './checkRoll';
import { main } from './command';
import { generateRoll } from './generateRoll';
import { openRoll } from './rollFile';
import { writeRoll } from './writeRoll';

type Item = Record<string, unknown>;

let table: TableUnderTest;
let folder: string;
const example = (name: string) => path.join(repoRoot(), 'docs', 'examples', name);

beforeAll(async () => {
  table = await startTableUnderTest({ service: 'evote-voters', logicalId: 'VotersTable' });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-roll-'));
});

afterAll(async () => {
  await table?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function scan(tableName = table.tableName): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await table.db.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.pk} ${a.sk}`.localeCompare(`${b.pk} ${b.sk}`));
}

/** Voter id -> the ballots issued to them, for the voters whose id starts with `prefix`. */
function ballotsByVoter(items: Item[], prefix: string): Map<string, Item[]> {
  const voters = new Map<string, Item[]>();
  for (const item of items.filter((candidate) => String(candidate.voterId).startsWith(prefix))) {
    if (item.sk === 'PROFILE') voters.set(String(item.voterId), voters.get(String(item.voterId)) ?? []);
  }
  for (const item of items.filter(
    (candidate) => candidate.entity === 'Ballot' && voters.has(String(candidate.voterId)),
  ))
    voters.get(String(item.voterId))?.push(item);
  return voters;
}

function expectOneIssuedBallotEach(voters: Map<string, Item[]>): void {
  for (const [voterId, ballots] of voters) {
    expect({ voterId, ballots: ballots.length }).toEqual({ voterId, ballots: 1 });
    const [ballot] = ballots as [Item];
    expect(ballot.ballotState).toBe('ISSUED');
    expect(String(ballot.ballotId)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(String(ballot.ballotId), 'base64url').length * 8).toBeGreaterThanOrEqual(96);
  }
}

const importFile = (file: string, extra: Partial<Parameters<typeof writeRoll>[0]> = {}) =>
  writeRoll({ db: table.db, tableName: table.tableName, source: openRoll(file), ...extra });

describe('importing a voter roll into the voters table', () => {
  const roll = () => path.join(folder, 'generated.csv');

  it('refuses the roll with 3 bad rows, naming their lines, and writes nothing', async () => {
    const check = await checkRoll(openRoll(example('roll-with-errors.csv')));
    expect(check.problems.map((problem) => problem.line)).toEqual([4, 6, 8]);
    expect(await scan()).toEqual([]);
  });

  it('imports a checked roll: every voter with exactly one ISSUED ballot of at least 96 random bits', async () => {
    await generateRoll(roll(), 150);
    const check = await checkRoll(openRoll(roll()));
    expect(check).toMatchObject({ rows: 150, voters: 150, derivedIds: 15, problems: [] });
    const result = await importFile(roll());
    expect(result).toMatchObject({ rows: 150, written: 150, present: 0, differing: 0 });
    const items = await scan();
    expect(items).toHaveLength(300);
    const voters = ballotsByVoter(items, '');
    expect(voters.size).toBe(150);
    expectOneIssuedBallotEach(voters);
    expect(new Set(items.filter((item) => item.entity === 'Ballot').map((item) => item.ballotId)).size).toBe(150);
    const withEmail = items.filter((item) => item.sk === 'PROFILE' && item.email !== undefined);
    expect(withEmail).toHaveLength(50);
  });

  it('changes nothing when the same roll is imported again', async () => {
    const before = await scan();
    const result = await importFile(roll());
    expect(result).toMatchObject({ rows: 150, written: 0, present: 150, differing: 0 });
    expect(await scan()).toEqual(before);
  });

  it('completes an import that was stopped part way, without a second ballot for anyone', async () => {
    const file = path.join(folder, 'interrupted.csv');
    const rows = Array.from({ length: 200 }, (_, index) => `Person ${index},p${index},`);
    fs.writeFileSync(file, ['full_name,voter_id,email', ...rows].join('\n'));
    const stop = new Error('interrupted after 50 voters');
    await expect(
      importFile(file, {
        transactionSize: 10,
        concurrency: 2,
        afterWrite: (written) => {
          if (written === 50) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const partial = ballotsByVoter(await scan(), 'p');
    expect(partial.size).toBeGreaterThanOrEqual(50);
    expect(partial.size).toBeLessThanOrEqual(70); // the transaction that hit 50 and at most one other in flight
    expectOneIssuedBallotEach(partial);

    const rest = await importFile(file);
    expect(rest).toMatchObject({ rows: 200, written: 200 - partial.size, present: partial.size });
    const complete = ballotsByVoter(await scan(), 'p');
    expect(complete.size).toBe(200);
    expectOneIssuedBallotEach(complete);
    for (const [voterId, ballots] of partial) expect(complete.get(voterId)).toEqual(ballots);
  });

  it('reports, and keeps, a voter already there under another name', async () => {
    const file = path.join(folder, 'renamed.csv');
    fs.writeFileSync(file, 'full_name,voter_id\nSomeone Else,p7\nPerson 8,p8\n');
    const before = await scan();
    expect(await importFile(file)).toMatchObject({ written: 0, present: 2, differing: 1, differingLines: [2] });
    expect(await scan()).toEqual(before);
  });
});

describe('yarn admin import-voters', () => {
  let localTable: string;
  let output: string[];

  beforeAll(async () => {
    const model = await loadStackModel({ root: repoRoot(), stage: 'local' });
    const voters = model.services.find((service) => service.name === 'evote-voters')?.tables[0];
    if (!voters) throw new Error('evote-voters declares no table');
    localTable = voters.tableName;
    await table.client.send(new CreateTableCommand(createTableInput(voters)));
    process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  });

  beforeEach(() => {
    output = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => output.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => output.push(line));
  });

  afterEach(() => jest.restoreAllMocks());

  it('refuses the roll with errors (exit 1), prints the 3 lines, and writes nothing', async () => {
    expect(await main([example('roll-with-errors.csv')])).toBe(1);
    expect(output).toEqual([
      expect.stringMatching(/: 3 bad row\(s\); nothing was written\.$/),
      '  line 4: full name is missing',
      '  line 6: e-mail "edsger-at-example.net" is not an e-mail address',
      '  line 8: voter id c10002 is already on line 3',
    ]);
    expect(await scan(localTable)).toEqual([]);
  });

  it('imports the fixed roll, then a second run writes nothing', async () => {
    expect(await main([example('roll.csv')])).toBe(0);
    expect(output).toContain('  voters written   10 (each with one ISSUED ballot)');
    expect(output.some((line) => /rows\/s, peak RSS \d+ MB$/.test(line))).toBe(true);
    const after = await scan(localTable);
    expect(ballotsByVoter(after, 'c1').size).toBe(10);
    expectOneIssuedBallotEach(ballotsByVoter(after, 'c1'));

    output = [];
    expect(await main([example('roll.csv')])).toBe(0);
    expect(output).toContain('  voters written   0 (each with one ISSUED ballot)');
    expect(output).toContain('  already present  10 (left unchanged)');
    expect(await scan(localTable)).toEqual(after);
  });

  it('refuses --stage without the role the user import job logs through, before reading anything', async () => {
    expect(await main([example('roll.csv'), '--stage', 'dev'])).toBe(2);
    expect(output[0]).toMatch(/^--stage needs --logs-role-arn <arn>/);
  });
});
