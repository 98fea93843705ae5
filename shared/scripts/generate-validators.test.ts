import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateValidatorsDts, generateValidatorsJs, VALIDATORS_DTS, VALIDATORS_JS } from './generate-validators';

const REGENERATE = 'stale: run `yarn tsx shared/scripts/generate-validators.ts` from the repository root';

describe('generated validators', () => {
  it(`validators.js matches the schemas (${REGENERATE})`, () => {
    expect(readFileSync(VALIDATORS_JS, 'utf8')).toBe(generateValidatorsJs());
  });

  it(`validators.d.ts matches the schemas (${REGENERATE})`, () => {
    expect(readFileSync(VALIDATORS_DTS, 'utf8')).toBe(generateValidatorsDts());
  });

  it('needs nothing of ajv at runtime but its small runtime helpers', () => {
    const required = [...readFileSync(VALIDATORS_JS, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.filter((name) => !name?.startsWith('ajv/dist/runtime/'))).toEqual([]);
  });

  it('is the only ajv code the runtime sources load (type imports aside)', () => {
    const offenders = runtimeSources(join(__dirname, '..', 'src')).filter((file) =>
      /(?:^|\n)\s*import\s+(?!type\b)[^;]*from\s+['"]ajv|require\(['"]ajv/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

/** Every .ts file under `dir` that ships in a bundle (tests and fixtures excluded). */
function runtimeSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return runtimeSources(path);
    const isRuntime =
      name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') && name !== 'fixtures.ts';
    return isRuntime ? [path] : [];
  });
}
