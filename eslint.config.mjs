// ESLint (flat config): typescript-eslint's recommended rules, type-aware where it pays (floating
// promises), the layers of the source tree (import boundaries) and no import cycles. Style is
// Prettier's (eslint-config-prettier switches ESLint's style rules off). `npm run lint`, `npm run lint:fix`.
import comments from '@eslint-community/eslint-plugin-eslint-comments';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts'];
const JS = ['**/*.js', '**/*.mjs'];

// The layers: a file in `target` may not import from `from`. The engine, effects and common sit
// below the domain modules; the console is a shell the domains register into.
const boundaries = [
  { target: './workflows', from: './src', message: 'workflows/ imports nothing from src/.' },
  {
    target: './src/engine',
    from: ['./src/modules', './src/console', './src/effects'],
    message: 'The engine imports nothing from src/{modules,console,effects}.',
  },
  {
    target: './src/common',
    from: ['./src/engine', './src/modules', './src/console'],
    message: 'src/common imports nothing from src/{engine,modules,console}.',
  },
  {
    target: './src/effects',
    from: ['./src/modules/health', './src/modules/metrics', './src/modules/auth', './src/console'],
    message:
      'src/effects imports nothing from src/modules/{health,metrics,auth} or src/console (use a small interface/token).',
  },
  {
    target: './src/console',
    from: './src/modules',
    except: ['./auth'],
    message: 'The console shell imports nothing from src/modules/* except auth (domains register into the console).',
  },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'test/contract/tandem-api.d.ts'],
  },
  {
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: TS,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
    },
  },
  // Cycles among the service's files (module load order, DI). Tests, the benches and the test
  // support are left out: nothing imports them, so a cycle through them is not the service's, and
  // following their imports costs about a fifth of the lint time.
  {
    files: ['src/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['**/__tests__/**'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    plugins: { '@eslint-community/eslint-comments': comments },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // An `eslint-disable` says why: `// eslint-disable-next-line rule -- reason`.
      '@eslint-community/eslint-comments/require-description': [
        'error',
        { ignore: ['eslint-enable', 'eslint-env', 'exported', 'global', 'globals'] },
      ],
    },
  },
  // Node scripts and configuration (ES modules).
  {
    files: JS,
    languageOptions: { globals: { ...globals.node } },
  },
  // The console's browser scripts.
  {
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  // The service logs through its logger; the CLI and the scripts write to the terminal.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli.ts', 'src/simulate.ts', 'src/tools/**'],
    rules: { 'no-console': 'error' },
  },
  // Tests: no focused test left behind.
  {
    files: ['**/__tests__/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test'].map((object) => ({
          object,
          property: 'only',
          message: 'A focused test (.only) skips the rest of the suite.',
        })),
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fdescribe', message: 'A focused test skips the rest of the suite.' },
        { name: 'fit', message: 'A focused test skips the rest of the suite.' },
      ],
    },
  },
  // Tests may assemble the layers (an engine test with a module's catalog, the workflows' catalog
  // checked by the engine's checker).
  {
    files: ['**/__tests__/**'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  // TODO(house wave 2): remove when fixed. Today's boundary violations, being moved by the other
  // parts of issue 13; a file leaves this list when it respects the layers.
  {
    files: ['src/common/openapi/openapi-document.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  // TODO(house wave 2): remove when fixed. Test bodies stay unchanged during issue 13 (only import
  // paths may change), so their findings wait.
  {
    files: ['src/engine/__tests__/machine-runtime.spec.ts', 'test/e2e/chaos.e2e-spec.ts'],
    rules: { 'preserve-caught-error': 'off', 'no-useless-assignment': 'off' },
  },
  {
    files: ['test/e2e/api-contract.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
