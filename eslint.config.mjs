// Lint: typescript-eslint's recommended rules plus the type-aware ones that catch a lost promise, jest's rules on
// expectations, zero warnings, and STYLE.md's import boundaries:
// apps never import other apps (apps/platform, the composition root, excepted), libs never import apps,
// libs/domain imports no framework and no IO.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const APPS = ['registration', 'question-bank', 'exam-session', 'leaderboard', 'platform', 'web'];
const otherApps = (self) => APPS.filter((a) => a !== self);
const appBoundary = (self) => ({
  // apps/web/test drives the whole platform (the composition root) in a browser, so only its src is bounded.
  files: self === 'web' ? ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'] : [`apps/${self}/**/*.ts`, `apps/${self}/**/*.tsx`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `(^|/)(${otherApps(self).join('|')})/(src|test)(/|$)`,
            message: 'Apps never import other apps: share through libs/ or facts in Redis Streams.',
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'apps/web/dist/**', 'coverage/**', 'load-tests/results/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // Type-aware: a promise nobody awaits or handles (an unhandled rejection, an answer lost), one passed where a
    // callback's return is ignored (an event handler, setInterval), an await of something that is not a promise.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['load-tests/k6/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // A test's expectations: each expect() asserted (awaited when it is a promise), no focused or disabled test
    // committed, titles that say something.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts', '**/test/**/*.ts'],
    plugins: { jest },
    rules: {
      'jest/valid-expect': 'error',
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      // describe(SomeService.name, …) is STYLE.md's way of naming a suite.
      'jest/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
    },
  },
  ...['registration', 'question-bank', 'exam-session', 'leaderboard', 'web'].map(appBoundary),
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)apps/', message: 'libs never import apps.' },
            { regex: '^(\\.\\./)+(registration|question-bank|exam-session|leaderboard|platform)/', message: 'libs never import apps.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@nestjs/', message: 'libs/domain is pure: no framework.' },
            {
              regex: '^(typeorm|ioredis|pg|fastify|socket\\.io|express|class-validator|class-transformer)($|/)',
              message: 'libs/domain is pure: no IO, no framework.',
            },
            { regex: '^@hoi-thi/(platform|testing)', message: 'libs/domain imports nothing outside itself.' },
            { regex: '(^|/)apps/', message: 'libs never import apps.' },
          ],
        },
      ],
    },
  },
);
