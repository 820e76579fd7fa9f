/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Long runs (soaks) go with `npm run test:long`, which CI runs after `npm test`.
  testPathIgnorePatterns: process.env.LONG_TESTS === '1' ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/long/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000
}
