// ESLint (flat config), run by `npm run lint` and so by `npm test`. Only type-aware rules that
// catch real bugs: a promise nobody awaits (its rejection is lost, its work may outlive the
// request), a promise where a boolean or void callback is expected, awaiting a non-promise, and
// dead code or imports. Style is not linted here (see README, Troubleshooting).
import path from 'node:path';
import tseslint from 'typescript-eslint';

const root = path.resolve(import.meta.dirname, '../..');

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'docs/dist/**', 'docs/.astro/**', '.data/**', '.wrangler/**', '**/*.d.ts', '**/*.js', '**/*.mjs'],
  },
  {
    files: ['api/**/*.{ts,tsx}', 'db/**/*.ts', 'test/**/*.{ts,tsx}', 'docs/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // api/, db/, test/ are one program (tsconfig.json); docs/ is Astro's (docs/tsconfig.json).
        project: [path.join(root, 'tsconfig.json'), path.join(root, 'docs/tsconfig.json')],
        tsconfigRootDir: root,
      },
    },
    // Off: some comments disable rules of the wider recommended sets, which we do not turn on.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_',
        ignoreRestSiblings: true,
      }],
    },
  },
);
