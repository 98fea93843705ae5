import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  cancellationReasons,
  ConfigError,
  EvoteError,
  isConditionalCheckFailed,
  PublishError,
  ValidationError,
} from './errors';

const metadata = { $metadata: {} };

describe('error classes', () => {
  it.each([
    [new EvoteError('SOME_CODE', 'm'), 'EvoteError', 'SOME_CODE'],
    [new ValidationError([{ path: '/a', message: 'is required' }]), 'ValidationError', 'VALIDATION_FAILED'],
    [new ConfigError('m'), 'ConfigError', 'CONFIG_MISSING'],
    [new PublishError('m', []), 'PublishError', 'PUBLISH_FAILED'],
  ])('%s has its name and stable code and is an EvoteError', (error, name, code) => {
    expect(error).toBeInstanceOf(EvoteError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new EvoteError('X', 'm', { cause }).cause).toBe(cause);
    expect(new PublishError('m', [], { cause }).cause).toBe(cause);
  });

  it('ValidationError keeps its field errors and describes them by default', () => {
    const errors = [
      { path: '', message: 'must be an object' },
      { path: '/votes', message: 'must contain 1 to 50 items' },
    ];
    const error = new ValidationError(errors);
    expect(error.errors).toBe(errors);
    expect(error.message).toBe('validation failed: (root) must be an object; /votes must contain 1 to 50 items');
    expect(new ValidationError(errors, 'custom').message).toBe('custom');
  });

  it('PublishError keeps its failures', () => {
    const failures = [{ index: 0, detailType: 'Vote Cast', errorCode: 'AccessDeniedException', errorMessage: 'no' }];
    expect(new PublishError('m', failures).failures).toBe(failures);
  });
});

describe('isConditionalCheckFailed', () => {
  it('recognises the SDK exception, also by name alone', () => {
    expect(isConditionalCheckFailed(new ConditionalCheckFailedException({ message: 'failed', ...metadata }))).toBe(
      true,
    );
    expect(isConditionalCheckFailed({ name: 'ConditionalCheckFailedException' })).toBe(true);
  });

  it.each([
    new Error('other'),
    new TransactionCanceledException({ message: 'x', ...metadata }),
    null,
    undefined,
    'ConditionalCheckFailedException',
  ])('is false for %p', (err) => {
    expect(isConditionalCheckFailed(err)).toBe(false);
  });
});

describe('cancellationReasons', () => {
  it('lists the reason code of every item, None where no Code is given', () => {
    const err = new TransactionCanceledException({
      message: 'Transaction cancelled',
      CancellationReasons: [
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
        { Code: 'None' },
        {},
      ],
      ...metadata,
    });
    expect(cancellationReasons(err)).toEqual(['ConditionalCheckFailed', 'None', 'None']);
  });

  it('falls back to the list in the message when the structured reasons are absent', () => {
    const err = {
      name: 'TransactionCanceledException',
      message:
        'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    };
    expect(cancellationReasons(err)).toEqual(['None', 'ConditionalCheckFailed']);
  });

  it('is an empty list when neither is available', () => {
    expect(cancellationReasons({ name: 'TransactionCanceledException', message: 'Transaction cancelled' })).toEqual([]);
  });

  it.each([new ConditionalCheckFailedException({ message: 'x', ...metadata }), new Error('x'), null, 42])(
    'is undefined for %p',
    (err) => {
      expect(cancellationReasons(err)).toBeUndefined();
    },
  );
});
