// ESLint 9 flat config: typescript-eslint (strict, type-checked), the Rules of React (react-hooks) and the
// layering of docs/architecture.md. A wrong import fails with a message that says where the code belongs.
import path from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importProblem, layerOf, resolveImport, ROOT } from './scripts/layers.mjs';

/** `layers/layer-order`: an import into a higher layer of scripts/layers.mjs (the one layer table) is an error. */
const layersPlugin = {
  rules: {
    'layer-order': {
      meta: { type: 'problem', schema: [], docs: { description: 'Imports follow the layer table in scripts/layers.mjs' } },
      create(context) {
        const from = path.relative(ROOT, context.filename).split(path.sep).join('/');
        if (layerOf(from) === null) return {};
        const check = (node) => {
          const spec = node.source?.value;
          if (typeof spec !== 'string') return;
          const to = resolveImport(from, spec);
          const problem = to === null ? null : importProblem(from, to);
          if (problem) context.report({ node: node.source, message: problem });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

/** Import restrictions, each with the message the developer sees. */
const NO_ELECTRON = {
  name: 'electron',
  message: 'services/ is plain Node (it also runs headless): put Electron code in electron/*.ts and pass what the service needs in.',
};
const NO_ELECTRON_STORE = {
  name: 'electron-store',
  message: 'electron-store imports Electron: only electron/main.ts loads it and hands it to createAppServices as settingsBackend.',
};
const DELIVERY_SURFACE = {
  regex: '(^|/)delivery/(?!index\\.js$).+',
  message: 'Import the delivery pipeline from services/delivery/index.js (its public surface); export it there if it belongs to it.',
};
const NO_RENDERER = {
  regex: '^(\\.\\./)+renderer/',
  message: 'renderer/ is the browser side: share code through shared/ instead.',
};
const restrict = (...patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: patterns.filter((p) => 'name' in p),
      patterns: patterns.filter((p) => 'regex' in p),
    },
  ],
});

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'test/**'];

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'build/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The Vite config runs in Node but renders the renderer's static shell: its own tsconfig (Bundler resolution, JSX).
        projectService: { allowDefaultProject: ['renderer/vite.config.ts', 'renderer/build/*.ts'], defaultProject: 'renderer/tsconfig.node.json' },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Code lines stay readable at 160 (Prettier wraps code); a localized sentence stays one string, whole and greppable.
      'max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      // Template literals with numbers and booleans are how the localized texts are built; strings only would add noise.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNever: true }],
      // `!` after a lookup the code has just checked (array index, Map.get after has) is clearer than a redundant guard.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Handlers are async by contract (Promise-returning API) even when the body is synchronous.
      '@typescript-eslint/require-await': 'off',
      // Flags every `??`/`?.` on values typed as non-nullable that still arrive from JSON, SQLite or older settings files.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Arrow shorthand for void callbacks (`() => sender.poke()`) is the house style; the rule flags every one.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Callbacks are declared in method syntax in interfaces and never use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Users, ids and lookups are plain JSON records keyed by id (settings file); deleting a key is the operation.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // Platform error codes arrive as unknown JSON; String() is the intended fallback for display.
      '@typescript-eslint/no-base-to-string': 'off',
      // Unions like `HttpMethod | string` document the expected values while accepting others.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // `withSignal<void>(...)`: void as the result type of a promise helper is what it means.
      '@typescript-eslint/no-invalid-void-type': 'off',
      // `!!` and String() normalize values from untyped sources (antd forms, request headers) whose static type is optimistic.
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      '@typescript-eslint/no-deprecated': 'error',
      // `_unused` destructuring is how the code drops a field (e.g. the token) from an object.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.tsx', 'renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // React event props take `async () => ...`; the handlers catch their own errors and show them.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // antd Form's getFieldValue is typed any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // The Rules of React, including the React Compiler's checks.
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: reactHooks.configs.flat.recommended.plugins,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['**/*.cts'],
    rules: {
      // The preload is CommonJS (Electron loads it with require); its imports are require() calls.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Layering (docs/architecture.md): the layer order comes from scripts/layers.mjs; these add the package and
  // public-surface restrictions. Later blocks replace the rule for their files, so each block lists all its restrictions.
  {
    files: ['electron/**/*.ts', 'electron/**/*.cts', 'shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/layer-order': 'error' },
  },
  { files: ['electron/services/**/*.ts'], rules: restrict(NO_ELECTRON, NO_ELECTRON_STORE, DELIVERY_SURFACE) },
  { files: ['electron/services/delivery/**/*.ts'], rules: restrict(NO_ELECTRON, NO_ELECTRON_STORE) },
  { files: ['electron/*.ts', 'electron/cli/**/*.ts'], rules: restrict(DELIVERY_SURFACE) },
  {
    // Each settings slice has one owning module (rule-store, dms/connection, notify-language, ...): handlers and
    // commands call the owner, never write the settings document themselves.
    files: ['electron/services/api/**/*.ts', 'electron/cli/**/*.ts', 'electron/services/http/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='update'][callee.object.property.name='settings']",
          message: "Write settings through the slice's owner (e.g. RuleStore, dms/connection.ts, notify-language.ts), not from a handler.",
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts', 'renderer/build/**'],
    rules: restrict(NO_ELECTRON),
  },
  {
    files: TESTS,
    rules: {
      // Tests may reach inside the pipeline to set up and inspect state; only the process boundaries apply.
      ...restrict(NO_RENDERER),
      // Tests read raw JSON from fakes and files (any) and assert its shape; typing each read adds nothing.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // The preload test evaluates the built bundle in a sandbox on purpose.
      '@typescript-eslint/no-implied-eval': 'off',
      // Playwright fixtures without dependencies must be declared with `{}`.
      'no-empty-pattern': 'off',
      // Tests stay as written: casts name the fixture's intended type, and fakes reject with plain values on purpose.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unnecessary-template-expression': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['electron/window.test.ts', 'test/e2e/**'], rules: { 'no-restricted-imports': 'off' } },
);
