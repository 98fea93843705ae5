/**
 * The event-pattern engine of the local EventBridge: `validatePattern` checks a rule's pattern
 * as PutRule would, `matchesPattern` decides whether an event goes to the rule's targets.
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
