// The few rules that catch real bugs; the type checker (npm run typecheck) does the rest.
const tseslint = require('typescript-eslint')

const ALI_OSS_OUTSIDE = 'ali-oss is used in src/oss/ only: call its functions (store, get, list, multipart, sign) instead'

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
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  // Every OSS request goes through src/oss/: one retry, one request-failure factory, typed answers.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/oss/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'ali-oss', message: ALI_OSS_OUTSIDE }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='require'][arguments.0.value='ali-oss']", message: ALI_OSS_OUTSIDE },
        { selector: "ImportExpression[source.value='ali-oss']", message: ALI_OSS_OUTSIDE }
      ]
    }
  }
)
