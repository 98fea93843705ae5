/**
 * The event-pattern engine of the local EventBridge: `validatePattern` checks a rule's pattern
 * as PutRule would, `matchesPattern` decides whether an event goes to the rule's targets.
 *
 * Known gaps, where the local engine simplifies what AWS does:
 * - Wildcard cost. AWS refuses a pattern whose wildcards are "too complex" without publishing
 *   its measure or limit. Locally each wildcard value weighs its number of stars plus one for
 *   every literal run after a star that repeats an earlier one (`*:*:*:` weighs 5), the weights of
 *   one field add up (over all its values, spellings and `$or` branches), and more than 6 is
 *   refused. That refuses six `*:` in a row and four two-star values on one field, and accepts
 *   three, as AWS does; other patterns near the line may be judged differently from AWS.
 * - Dotted names meeting arrays. An event that spells one name both inside an array of objects
 *   and with a dotted key outside it (`{"a": [{"b": 1}], "a.c": 2}`) is matched as if the dotted
 *   part were one more element; AWS lets it combine with any element.
 * - A `$or` branch naming a field its siblings also name: in AWS the later of the two replaces
 *   the other's values; the local matcher asks for both.
 */
export { matchesPattern } from './matcher';
export { validatePattern } from './validate';
export type {
  AnythingButOperand,
  ContentFilter,
  EventPattern,
  ExactValue,
  IgnoreCase,
  NumericCondition,
  NumericOperator,
  PatternLeaf,
} from './types';
