/**
 * `yarn admin <command> [args]`: what an election official runs.
 *
 *   yarn admin load-election <definition.json|yaml> [--stage <s>]   write elections, schedule their polls
 *   yarn admin import-voters <roll.csv> [--stage <s>]                enrol voters and issue their ballots
 *   yarn admin certify <electionId> [--stage <s>]                    check, then emit Election Certified
 *
 * Each command lives in `src/admin/` and prints its own usage with `--help`. Local stack unless
 * --stage is given.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number> }> }> = {
  'load-election': {
    summary: 'load-election <definition.json|yaml> [--stage <s>]',
    load: () => import('../admin/loadElection/command'),
  },
  'import-voters': {
    summary: 'import-voters <roll.csv> [--stage <s>]',
    load: () => import('../admin/importVoters/command'),
  },
  certify: {
    summary: 'certify <electionId> [--stage <s>]',
    load: () => import('../admin/certify/command'),
  },
};

function usage(): string {
  return ['usage: yarn admin <command>', ...Object.values(COMMANDS).map((c) => `  yarn admin ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.error(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`yarn admin: unknown command ${JSON.stringify(name)}\n${usage()}`);
    return 2;
  }
  return (await command.load()).main(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`yarn admin ${process.argv[2] ?? ''} failed: ${error.message}`);
    process.exit(1);
  },
);
