// Flat config: @eslint/js + typescript-eslint recommended (syntax only, not type-checked, so lint
// stays fast; `npm run typecheck` does the type work), React hooks rules for the web app.
// `npm run lint` fails on errors only; warnings are shown but do not fail it.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// eslint-plugin-react-hooks 7 recommends the React Compiler's diagnostics as errors too. We do not
// build with the compiler, so those are advice (warnings); the two classic rules keep their force.
const reactHooksRules = Object.fromEntries(
  Object.keys(reactHooks.configs['recommended-latest'].rules).map((rule) => [rule, 'warn']),
);
reactHooksRules['react-hooks/rules-of-hooks'] = 'error';
reactHooksRules['react-hooks/exhaustive-deps'] = 'warn';

// Time is an input (issue 18): what no business code may call instead of the one clock.
const timeIsAnInput = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Take "now" from the clock (context.clock.now(), app.clock, or serverNow() in the web app), not new Date(). Durations: performance.now().',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Take "now" from the clock (context.clock.now(), app.clock, or serverNow() in the web app), not Date.now(). Durations: performance.now().',
  },
  {
    selector: "CallExpression[callee.name='dayjs'][arguments.length=0]",
    message: "Take today from the server's clock (serverToday()/serverDayjs() in web/src/clock.ts), not dayjs().",
  },
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    'web/dist/',
    'data/',
    '.tmp/',
    'test-results/',
    'coverage/',
    'src/db/migrations/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'warn',
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  // Time is an input (issue 18): business code asks the one clock (src/platform/clock.ts, or the
  // page's server clock in web/src/clock.ts) for now and today, never the machine's clock.
  {
    files: ['src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    ignores: ['src/platform/clock.ts', 'web/src/clock.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...timeIsAnInput],
    },
  },
  // The pages show times as China's clock shows them, whatever the browser's time zone (the
  // system's days are China's): through chinaTime()/chinaDate() of web/src/clock.ts.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...timeIsAnInput,
        {
          selector: "CallExpression[callee.property.name='format'][callee.object.type='CallExpression'][callee.object.callee.name='dayjs']",
          message: "Show an instant with chinaTime()/chinaDate() (web/src/clock.ts): dayjs(instant).format() writes it in the browser's time zone.",
        },
        {
          selector: "CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/][callee.object.type='NewExpression'][callee.object.callee.name='Date']",
          message: "Show an instant with chinaTime()/chinaDate() (web/src/clock.ts): toLocaleString() writes it in the browser's time zone.",
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx,js,jsx}'],
    languageOptions: {
      globals: { ...globals.browser },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooksRules,
  },
);
