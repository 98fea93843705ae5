// Jest transformer: TypeScript -> CommonJS with esbuild, the same compiler serverless-esbuild
// uses for the Lambda bundles. Type checking is `yarn typecheck`'s job, not the test runner's.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code, map };
  },
};
