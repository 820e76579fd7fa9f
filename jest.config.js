/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The compatibility suite has its own config and script (npm run test:compat).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/compat/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000
}
