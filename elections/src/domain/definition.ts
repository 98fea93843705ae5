/**
 * An election definition: the elections an official loads with `yarn admin load-election`, each
 * with its candidates, the instants its polls open and close, and when its results are public.
 * The JSON Schema below is the format's one description (docs/election-definition.md explains
 * it); `checkDefinition` applies it and the rules a schema cannot say (calendar dates, opensAt
 * before closesAt, unique ids), and normalises every instant to a UTC `toISOString()`.
 * Reading a file (JSON or YAML, with line numbers) is `definitionFile.ts`.
 */
import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { FromSchema } from 'json-schema-to-ts';
import { IDENTIFIER_PATTERN, IDENTIFIER_RULE, MAX_CANDIDATES } from '@evote/shared';

/** When an election's tallies are public: at once, or only once its polls have closed. */
export const RESULTS_POLICIES = ['live', 'after-close'] as const;
export type ResultsPolicy = (typeof RESULTS_POLICIES)[number];

/** At most this many elections in one file (one load reads each one's stored item first). */
export const MAX_ELECTIONS = 100;

/**
 * An ISO 8601 date and time WITH its offset (`Z` or `±hh:mm`): a time without one would mean a
 * different instant on every machine. Seconds and up to 3 fraction digits are optional.
 */
const INSTANT_WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';
const INSTANT_RULE =
  'must be an ISO 8601 date and time with its offset, e.g. 2026-05-01T08:00:00+02:00 or 2026-05-01T06:00:00Z';

const textSchema = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

export const electionDefinitionSchema = {
  $id: 'evote:election-definition',
  type: 'object',
  additionalProperties: false,
  required: ['elections'],
  properties: {
    elections: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ELECTIONS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['electionId', 'description', 'opensAt', 'closesAt', 'results', 'candidates'],
        properties: {
          electionId: { type: 'string', pattern: IDENTIFIER_PATTERN },
          description: textSchema(200),
          opensAt: { type: 'string', pattern: INSTANT_WITH_OFFSET },
          closesAt: { type: 'string', pattern: INSTANT_WITH_OFFSET },
          results: { type: 'string', enum: RESULTS_POLICIES },
          candidates: {
            type: 'array',
            minItems: 1,
            maxItems: MAX_CANDIDATES,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['candidateId', 'fullName'],
              properties: {
                candidateId: { type: 'string', pattern: IDENTIFIER_PATTERN },
                fullName: textSchema(100),
              },
            },
          },
        },
      },
    },
  },
} as const;

/** A definition as written in the file (instants as the author wrote them). */
export type ElectionDefinitionInput = FromSchema<typeof electionDefinitionSchema>;

/** One election of a checked definition: instants are UTC `toISOString()`. */
export interface DefinedElection {
  electionId: string;
  description: string;
  /** The instant the polls open (inclusive), as `new Date(x).toISOString()`. */
  opensAt: string;
  /** The instant the polls close (exclusive), as `new Date(x).toISOString()`. */
  closesAt: string;
  results: ResultsPolicy;
  /** The election day: the calendar date of opensAt as written (in the author's own offset). */
  date: string;
  candidates: { candidateId: string; fullName: string }[];
}

export interface ElectionDefinition {
  elections: DefinedElection[];
}

/** One thing wrong with a definition: where (a JSON Pointer into the document) and what. */
export interface DefinitionProblem {
  /** `/elections/0/opensAt`; `` for the whole document. */
  path: string;
  message: string;
}

export type DefinitionCheck =
  { ok: true; definition: ElectionDefinition } | { ok: false; problems: DefinitionProblem[] };

/** Compiled when first needed: bundles that import this package but never check a file skip it. */
let validator: ValidateFunction<ElectionDefinitionInput> | undefined;

/** Checks a parsed document against the schema and the rules; every problem is reported, not just the first. */
export function checkDefinition(document: unknown): DefinitionCheck {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile<ElectionDefinitionInput>(electionDefinitionSchema);
  const validate = validator;
  if (!validate(document)) return { ok: false, problems: (validate.errors ?? []).map(describeSchemaError) };
  const problems = [...calendarProblems(document), ...uniquenessProblems(document)];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, definition: { elections: document.elections.map(normalise) } };
}

function normalise(election: ElectionDefinitionInput['elections'][number]): DefinedElection {
  return {
    electionId: election.electionId,
    description: election.description,
    opensAt: new Date(election.opensAt).toISOString(),
    closesAt: new Date(election.closesAt).toISOString(),
    results: election.results,
    date: election.opensAt.slice(0, 10),
    candidates: election.candidates.map(({ candidateId, fullName }) => ({ candidateId, fullName })),
  };
}

/**
 * Fingerprint of one election as defined: equal digests mean loading it again changes nothing.
 * Candidates count in their order (the order is how the ballot lists them).
 */
export function electionDigest(election: DefinedElection): string {
  const canonical = JSON.stringify([
    election.electionId,
    election.description,
    election.opensAt,
    election.closesAt,
    election.results,
    election.date,
    election.candidates.map((candidate) => [candidate.candidateId, candidate.fullName]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The attributes of an election item that its definition owns (and only those: the lifecycle's
 * openedAt, closedAt and certification are the service's own, never written from a definition).
 * `candidateIds` lists the election's candidates on the election item itself, so the fan-out
 * reads one item per election, not one per vote (the election's partition then takes twice the
 * votes a second; docs/performance.md, "Past one partition"). The candidate items stay the
 * source of names and tallies; a load writes them first and the election item last.
 */
export function electionAttributes(election: DefinedElection): Record<string, string | string[]> {
  return {
    electionId: election.electionId,
    candidateIds: election.candidates.map((candidate) => candidate.candidateId),
    description: election.description,
    date: election.date,
    opensAt: election.opensAt,
    closesAt: election.closesAt,
    results: election.results,
    definitionDigest: electionDigest(election),
  };
}

/** Real calendar instants (V8 would turn 30 February into 2 March), and opensAt before closesAt. */
function calendarProblems(document: ElectionDefinitionInput): DefinitionProblem[] {
  return document.elections.flatMap((election, index) => {
    const base = `/elections/${index}`;
    const bad = (['opensAt', 'closesAt'] as const)
      .filter((field) => !isCalendarInstant(election[field]))
      .map((field) => ({ path: `${base}/${field}`, message: `${election[field]} is not a date and time that exists` }));
    if (bad.length > 0) return bad;
    return Date.parse(election.opensAt) < Date.parse(election.closesAt)
      ? []
      : [{ path: `${base}/closesAt`, message: `must be after opensAt (${election.opensAt})` }];
  });
}

function isCalendarInstant(text: string): boolean {
  const [year, month, day, hour, minute, second = 0] = (text.match(/\d+/g) ?? []).map(Number) as number[];
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return false;
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined)
    return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

function uniquenessProblems(document: ElectionDefinitionInput): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const firstElection = new Map<string, number>();
  document.elections.forEach((election, index) => {
    const earlier = firstElection.get(election.electionId);
    if (earlier === undefined) firstElection.set(election.electionId, index);
    else
      problems.push({
        path: `/elections/${index}/electionId`,
        message: `${election.electionId} is already the id of /elections/${earlier}`,
      });
    const firstCandidate = new Map<string, number>();
    election.candidates.forEach((candidate, position) => {
      const before = firstCandidate.get(candidate.candidateId);
      if (before === undefined) firstCandidate.set(candidate.candidateId, position);
      else
        problems.push({
          path: `/elections/${index}/candidates/${position}/candidateId`,
          message: `${candidate.candidateId} is already the id of /elections/${index}/candidates/${before}`,
        });
    });
  });
  return problems;
}

/** What an ajv error means, in words an author can act on. */
function describeSchemaError(error: ErrorObject): DefinitionProblem {
  const field = error.instancePath.split('/').pop() ?? '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: error.instancePath, message: `missing "${String(params.missingProperty)}"` };
    case 'additionalProperties':
      return {
        path: `${error.instancePath}/${String(params.additionalProperty)}`,
        message: `unknown field "${String(params.additionalProperty)}"`,
      };
    case 'pattern':
      return { path: error.instancePath, message: field.endsWith('At') ? INSTANT_RULE : IDENTIFIER_RULE };
    case 'enum':
      return { path: error.instancePath, message: `must be one of: ${RESULTS_POLICIES.join(', ')}` };
    case 'minLength':
    case 'maxLength': {
      const maxLength = field === 'fullName' ? 100 : 200;
      return { path: error.instancePath, message: `must be 1 to ${maxLength} characters` };
    }
    case 'minItems':
      return { path: error.instancePath, message: `must list at least ${String(params.limit)}` };
    case 'maxItems':
      return { path: error.instancePath, message: `must list at most ${String(params.limit)}` };
    case 'type':
      return { path: error.instancePath, message: `must be ${typeWords[String(params.type)] ?? String(params.type)}` };
    default:
      return { path: error.instancePath, message: error.message ?? error.keyword };
  }
}

const typeWords: Record<string, string> = { object: 'a mapping of fields', array: 'a list', string: 'text' };
