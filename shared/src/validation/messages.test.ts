import type { ErrorObject } from 'ajv';
import { normaliseFieldErrors, toFieldErrors } from './messages';
import { comparePointers } from './pointer';

function ajvError(
  keyword: string,
  params: Record<string, unknown>,
  instancePath = '',
  schemaPath = `#/${keyword}`,
): ErrorObject {
  return { keyword, params, instancePath, schemaPath, message: `ajv says ${keyword}` };
}

describe('toFieldErrors', () => {
  it('words one-sided bounds and unknown keywords sensibly', () => {
    const schema = { properties: { a: { maxLength: 3 }, b: { minLength: 1 }, c: { minItems: 2 } } };
    expect(
      toFieldErrors(
        [
          ajvError('maxLength', { limit: 3 }, '/a', '#/properties/a/maxLength'),
          ajvError('minLength', { limit: 1 }, '/b', '#/properties/b/minLength'),
          ajvError('minItems', { limit: 2 }, '/c', '#/properties/c/minItems'),
          ajvError('format', { format: 'email' }, '/d'),
        ],
        schema,
      ),
    ).toEqual([
      { path: '/a', message: 'must be at most 3 characters' },
      { path: '/b', message: 'must not be empty' },
      { path: '/c', message: 'must contain at least 2 items' },
      { path: '/d', message: 'ajv says format' },
    ]);
  });

  it('words types, unknown patterns and prefixes', () => {
    expect(
      toFieldErrors(
        [ajvError('type', { type: 'integer,null' }, '/n'), ajvError('pattern', { pattern: '^x$' }, '/p')],
        {},
        '/detail',
      ),
    ).toEqual([
      { path: '/detail/n', message: 'must be an integer or null' },
      { path: '/detail/p', message: 'must match the pattern ^x$' },
    ]);
  });
});

describe('normaliseFieldErrors', () => {
  it('drops duplicates and sorts by path, then message', () => {
    const errors = [
      { path: '/b', message: 'y' },
      { path: '/a', message: 'z' },
      { path: '/b', message: 'x' },
      { path: '/a', message: 'z' },
    ];
    expect(normaliseFieldErrors(errors)).toEqual([
      { path: '/a', message: 'z' },
      { path: '/b', message: 'x' },
      { path: '/b', message: 'y' },
    ]);
  });
});

describe('comparePointers', () => {
  it('puts the root first, parents before children and indexes in numeric order', () => {
    const sorted = ['/v/10', '/v/2/x', '', '/v', '/a', '/v/2'].sort(comparePointers);
    expect(sorted).toEqual(['', '/a', '/v', '/v/2', '/v/2/x', '/v/10']);
  });
});
