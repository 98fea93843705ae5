/**
 * Reading an election definition file: YAML or JSON (JSON is YAML, so one parser reads both) with
 * every problem placed at its line and column. Values are read with YAML's failsafe schema: every
 * scalar is text, so an id such as `3391e4` or `012345` stays the id it looks like instead of
 * becoming a number, and an instant stays exactly as written until it is checked.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { checkDefinition, type DefinitionProblem, type ElectionDefinition } from './definition';

/** A problem placed in the file: line and column (1-based) of the value it is about. */
export interface PlacedProblem extends DefinitionProblem {
  line: number;
  column: number;
}

export type DefinitionFileCheck =
  { ok: true; definition: ElectionDefinition } | { ok: false; problems: PlacedProblem[] };

/** Parses and checks the text of a definition file; nothing is thrown for a bad file. */
export function parseDefinitionText(text: string): DefinitionFileCheck {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { schema: 'failsafe', lineCounter, uniqueKeys: true, prettyErrors: true });
  const syntax = [...document.errors, ...document.warnings];
  if (syntax.length > 0) {
    return {
      ok: false,
      problems: syntax.map((error) => ({
        path: '',
        message: error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code,
        line: error.linePos?.[0].line ?? 1,
        column: error.linePos?.[0].col ?? 1,
      })),
    };
  }
  const check = checkDefinition(document.toJS() ?? null);
  if (check.ok) return check;
  return { ok: false, problems: check.problems.map((problem) => place(problem, document, lineCounter)) };
}

/**
 * Where a problem's path points: the value's node, or, for a field that is missing or unknown,
 * the nearest node that exists (the mapping that lacks it, or the unknown key itself).
 */
function place(problem: DefinitionProblem, document: Document, lineCounter: LineCounter): PlacedProblem {
  const segments = problem.path
    .split('/')
    .slice(1)
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  for (let length = segments.length; length >= 0; length--) {
    const path = segments.slice(0, length);
    const node = length === 0 ? document.contents : (document.getIn(path, true) as { range?: number[] } | undefined);
    const keyOffset = length === segments.length ? undefined : keyRangeOf(document, segments.slice(0, length + 1));
    const offset = keyOffset ?? (node as { range?: number[] } | null | undefined)?.range?.[0];
    if (offset !== undefined) {
      const { line, col } = lineCounter.linePos(offset);
      return { ...problem, line, column: col };
    }
  }
  return { ...problem, line: 1, column: 1 };
}

/** The offset of a mapping key (an unknown field exists as a key even though the schema has no value for it). */
function keyRangeOf(document: Document, path: (string | number)[]): number | undefined {
  const parent = document.getIn(path.slice(0, -1), true) as
    { items?: { key?: { value?: unknown; range?: number[] } }[] } | undefined;
  const name = path[path.length - 1];
  return parent?.items?.find((pair) => pair.key?.value === name)?.key?.range?.[0];
}

/** `file:line:column: path: message`, one line per problem, in file order. */
export function describeProblems(file: string, problems: readonly PlacedProblem[]): string[] {
  return [...problems]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map(
      (problem) =>
        `${file}:${problem.line}:${problem.column}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`,
    );
}
