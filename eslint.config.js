// ESLint with typescript-eslint's strict type-checked rules over the TypeScript the project compiles
// (tsconfig.json's src, commands, tests and bench). Formatting is Prettier's job: eslint-config-prettier turns
// off the rules that would argue with it. See docs/architecture.md for why this pair.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Built output, and the sandbox page's browser modules and bin/'s launchers: plain JavaScript outside
    // tsconfig.json, which type-aware rules cannot read.
    ignores: ['dist/**', 'dist.*/**', 'node_modules/**', 'src/sandbox/page/**', 'bin/**', 'eslint.config.js', '.dependency-cruiser.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers and booleans read the same in any template (ids, counts, limits in messages); objects and nullish values stay refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Invisible and zero-width characters are listed one by one as \u escapes on purpose (a class of them, not a grapheme); literal combining characters in a class stay refused.
      'no-misleading-character-class': ['error', { allowEscape: true }],
      // `() => void call()` and `(x) => set.add(x)` in callbacks are the idiom for "do this", and so is `return close()` as the early exit of a
      // function that itself returns void (nothing is returned either way); a void value in an expression elsewhere stays refused.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // `const { user: _user, ...rest } = member` is how a field is left out of a copy; an underscore marks it as unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/emulator/**/*.ts'],
    rules: {
      // discord-api-types types each bitfield (flags, public_flags, system_channel_flags) as the enum of its single flags; the emulator
      // writes zero and combinations of them, which no member names.
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
    },
  },
  {
    files: ['src/emulator/driver.ts'],
    rules: {
      // The Driver's actions are async by contract, like a person's action on Discord: a refused one must reject, never throw synchronously.
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
