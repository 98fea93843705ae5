/** One jest run over every workspace. `*.test.ts` are unit tests, `*.int.test.ts` talk to the
 * real local components (DynamoDB Local, the local bus, the HTTP gateway). */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/shared',
    '<rootDir>/events',
    '<rootDir>/voters',
    '<rootDir>/elections',
    '<rootDir>/audit',
    '<rootDir>/scripts',
  ],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.serverless/', '/.esbuild/'],
  transform: { '^.+\\.ts$': '<rootDir>/jest.transform.js' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/jest.setup.js'],
};
