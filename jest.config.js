/** @type {import('jest').Config} */
module.exports = {
  // Node's, plus: a log after its test is done fails that test by name (test/helpers/late-log-environment.ts).
  testEnvironment: '<rootDir>/test/helpers/late-log-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The compatibility suite has its own config and script (npm run test:compat); long runs (soaks) go with
  // `npm run test:long`. CI runs both after `npm test`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/compat/', ...(process.env.LONG_TESTS === '1' ? [] : ['<rootDir>/test/long/'])],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000
}
