// ESLint with typescript-eslint's recommended rules (part of `npm test`). `any` is allowed only at
// the database's edge (the rows node-postgres returns) and in tests, where fixtures stand in for rows.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setImmediate: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The database's edge: rows as node-postgres gives them, mapped to typed values right here.
    // and the driver's errors, inspected for their SQLSTATE and constraint.
    files: [
      'src/**/*.repository.ts',
      'src/**/postgres-*.ts',
      'src/database/**',
      'src/event-store/**',
      'src/**/*.reader.ts',
      'src/**/*.tables.ts',
      'src/**/settings-table.ts',
      'src/**/feed-entry.ts',
      'src/**/audit-reads.ts',
      'src/**/*-lookups.ts',
      'src/**/reward.ts',
      'src/common/errors/**',
      'migrations/**',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Entry points that load their heavy modules only once they know they need them (the cluster
    // primary loads no NestJS; verify's worker threads start before the CLI loads its configuration).
    files: ['src/main.ts', 'src/modules/ledger/ledger.cli.ts', 'src/modules/ledger/ledger-commands.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['*.cjs', '*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['test/**', 'bench/**', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
