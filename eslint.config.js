// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The two architectural boundaries of DESIGN.md, as lint rules so that `npm test` fails on a breach:
 * - the SPA never imports server, Upvest-client or sandbox code (no secret or signing code in the bundle);
 * - the sandbox never imports the Upvest client (its verifier must stay independent of our signer).
 * Exported so a test can prove the rules fire.
 */
export const webBoundary = {
  patterns: [
    {
      regex: String.raw`(^|/)(server|upvest|sandbox)(/|$)`,
      message: 'src/web must not import server, upvest or sandbox code (DESIGN.md boundary).',
    },
    {
      regex: '^node:',
      message: 'src/web runs in the browser: no Node built-ins.',
    },
  ],
};

export const sandboxBoundary = {
  patterns: [
    {
      regex: String.raw`(^|/)upvest(/|$)`,
      message: 'src/sandbox must not import the Upvest client: its verifier is written independently (DESIGN.md boundary).',
    },
  ],
};

/** DESIGN.md's import table: the Upvest client depends on the domain only, the domain on nothing of ours. */
export const upvestBoundary = {
  patterns: [
    {
      regex: String.raw`(^|/)(server|sandbox|web)(/|$)`,
      message: 'src/upvest may import only src/domain (DESIGN.md layout).',
    },
  ],
};

export const domainBoundary = {
  patterns: [
    {
      regex: String.raw`(^|/)(server|sandbox|web|upvest)(/|$)`,
      message: 'src/domain imports nothing of ours (DESIGN.md layout).',
    },
  ],
};

/**
 * no-restricted-imports sees only static imports; the same boundary for `import('…')`, so that a lazy
 * chunk cannot carry server code into the bundle either.
 * @param {{ patterns: { regex: string, message: string }[] }} boundary
 */
function dynamicImportsOutside(boundary) {
  return boundary.patterns.map(({ regex, message }) => ({
    selector: `ImportExpression[source.value=/${regex.replaceAll('/', String.raw`\/`)}/]`,
    message,
  }));
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/results/', 'public/mockServiceWorker.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      // Fastify route handlers and hooks are async by contract (their return value is the reply),
      // whether or not they await anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', webBoundary],
      'no-restricted-syntax': ['error', ...dynamicImportsOutside(webBoundary)],
    },
  },
  {
    // Tests included: the sandbox's own tests sign with their own test signer (src/sandbox/testing),
    // so that the verifier is never checked only against the signer it is meant to catch.
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', sandboxBoundary],
      'no-restricted-syntax': ['error', ...dynamicImportsOutside(sandboxBoundary)],
    },
  },
  {
    files: ['src/upvest/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', upvestBoundary],
      'no-restricted-syntax': ['error', ...dynamicImportsOutside(upvestBoundary)],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', domainBoundary],
      'no-restricted-syntax': ['error', ...dynamicImportsOutside(domainBoundary)],
    },
  },
);
