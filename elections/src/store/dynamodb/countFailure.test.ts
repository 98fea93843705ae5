import { classifyCountFailure } from './countFailure';

describe('classifyCountFailure', () => {
  it.each([
    [['ConditionalCheckFailed', 'None'], 'alreadyCounted'],
    [['ConditionalCheckFailed', 'ConditionalCheckFailed'], 'alreadyCounted'],
    [['None', 'ConditionalCheckFailed'], 'candidateMissing'],
    [['TransactionConflict', 'None'], 'conflict'],
    [['None', 'TransactionConflict'], 'conflict'],
    [['None', 'ThrottlingError'], 'throttled'],
    [['ThrottlingError', 'None'], 'throttled'],
    [['TransactionConflict', 'ThrottlingError'], 'throttled'],
    [['None', 'ValidationError'], 'other'],
    [[], 'other'],
  ] as const)('reads %j as %s', (reasons, expected) => {
    expect(classifyCountFailure(reasons)).toBe(expected);
  });

  it('reads an error that is no cancelled transaction as other', () => {
    expect(classifyCountFailure(undefined)).toBe('other');
  });
});
