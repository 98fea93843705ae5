import { EvoteError } from '@evote/shared';
import type { Voter } from '@evote/shared';
import { BallotState } from '../../domain/model';
import type { IssuedBallot } from '../../domain/model';

type Item = Record<string, unknown>;

/** A voter profile item -> the domain's Voter (only the fields the events may carry). */
export function toVoter(item: Item): Voter {
  return { voterId: stringField(item, 'voterId'), fullName: stringField(item, 'fullName') };
}

/** A ballot item -> the domain's IssuedBallot. */
export function toIssuedBallot(item: Item): IssuedBallot {
  const ballotState = stringField(item, 'ballotState');
  if (ballotState !== BallotState.Issued && ballotState !== BallotState.Submitted) {
    throw malformed(item, 'ballotState');
  }
  const submittedBy = optionalString(item, 'submittedBy');
  const submittedAt = optionalString(item, 'submittedAt');
  return {
    voterId: stringField(item, 'voterId'),
    ballotId: stringField(item, 'ballotId'),
    ballotState,
    ...(submittedBy === undefined ? {} : { submittedBy }),
    ...(submittedAt === undefined ? {} : { submittedAt }),
  };
}

/**
 * The item a ConditionalCheckFailedException carries under ReturnValuesOnConditionCheckFailure
 * ALL_OLD. The document client does not unmarshall errors, so the values arrive as raw
 * AttributeValues ({S: '...'}); plain values are accepted too. Only string attributes are read.
 */
export function itemFromConditionFailure(error: unknown): Item | undefined {
  const raw = (error as { Item?: unknown } | null)?.Item;
  if (raw === null || typeof raw !== 'object' || Object.keys(raw).length === 0) return undefined;
  const item: Item = {};
  for (const [name, value] of Object.entries(raw as Item)) {
    item[name] = typeof value === 'object' && value !== null && 'S' in value ? (value as { S: unknown }).S : value;
  }
  return item;
}

function stringField(item: Item, name: string): string {
  const value = item[name];
  if (typeof value !== 'string') throw malformed(item, name);
  return value;
}

function optionalString(item: Item, name: string): string | undefined {
  const value = item[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformed(item, name);
  return value;
}

function malformed(item: Item, name: string): EvoteError {
  return new EvoteError('ITEM_MALFORMED', `Item ${String(item.pk)} / ${String(item.sk)} has no valid ${name}.`);
}
