/** A small argument reader for the project's commands: `--flag`, `--name value`, `--name=value`. */
export interface ParsedArgs {
  flags: Record<string, boolean>;
  values: Record<string, string | undefined>;
  positional: string[];
}

export function parseArgs(
  argv: readonly string[],
  spec: { flags?: readonly string[]; values?: readonly string[] },
): ParsedArgs {
  const flags = Object.fromEntries((spec.flags ?? []).map((name) => [name, false]));
  const values: Record<string, string | undefined> = {};
  const positional: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (spec.flags?.includes(name)) flags[name] = true;
    else if (spec.values?.includes(name)) {
      const value = inline ?? argv[++index];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      values[name] = value;
    } else throw new Error(`unknown option --${name}`);
  }
  return { flags, values, positional };
}
