// The few rules that catch real bugs; the type checker (npm run typecheck) does the rest.
const tseslint = require('typescript-eslint')

module.exports = tseslint.config(
  { ignores: ['dist/', 'build/', 'coverage/', '.tmp/', 'node_modules/', 'bench/corpus/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error'
    }
  },
  // Inside PicGo the plugin speaks through ctx.log; stdout belongs to PicGo (Typora reads its last lines).
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } }
)
