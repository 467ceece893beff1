// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import layerBoundaries from './scripts/eslint-layer-boundaries.js'

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test/artifacts/**', 'bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { tdcs: { rules: { 'layer-boundaries': layerBoundaries } } },
    rules: {
      'tdcs/layer-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='parseFloat']", message: 'Money is bigint đồng: no parseFloat.' },
        { selector: "CallExpression[callee.property.name='toFixed']", message: 'Money is bigint đồng: no toFixed.' },
      ],
    },
  },
  {
    // Migrations are frozen in time: they see no typed schema, so they take Kysely<any>.
    files: ['src/db/migrate.ts', 'src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
)
