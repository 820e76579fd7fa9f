// npm run test:compat: the compatibility suite (test/compat/), apart from npm test because it installs PicGo cores
// and Node builds (cached under .cache/compat/) and takes minutes.
const base = require('./jest.config')

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/test/compat'], testPathIgnorePatterns: ['/node_modules/'], testTimeout: 120000 }
