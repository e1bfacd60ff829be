import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layer rules: imports point one way (cli → server → store → policy → engine → lib), a part is entered only through its
 * index.ts, and the pure parts (engine, policy) touch no node:* module, no process, no clock and no randomness.
 */
const layers = ['lib', 'engine', 'policy', 'store', 'server', 'cli'];
const pure = new Set(['engine', 'policy', 'lib']);

const impureGlobals = [
  { name: 'process', message: 'Pure layers take configuration as parameters.' },
  { name: 'setTimeout', message: 'Pure layers take time as a parameter.' },
  { name: 'setInterval', message: 'Pure layers take time as a parameter.' },
  { name: 'fetch', message: 'Pure layers do no I/O.' },
  { name: 'require', message: 'ESM only.' },
];

const baseSyntax = [
  { selector: 'TSEnumDeclaration', message: 'No enums: use string unions and as-const tables.' },
  { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
];

function layerBlock(layer) {
  const index = layers.indexOf(layer);
  const above = layers.slice(index + 1);
  const patterns = [
    ...above.map((upper) => ({
      group: [`**/${upper}/**`, `../${upper}`, `../../${upper}`],
      message: `${layer}/ may not import ${upper}/: imports point cli → server → store → policy → engine → lib.`,
    })),
    {
      group: layers.filter((l) => l !== layer).flatMap((l) => [`**/${l}/*`, `!**/${l}/index.js`]),
      message: 'Import another part only through its index.js.',
    },
  ];
  const testRules = { 'no-restricted-imports': ['error', { patterns: [...patterns] }] };
  if (pure.has(layer)) {
    patterns.push({ group: ['node:*'], message: `${layer}/ is pure: no node:* modules.` });
  }
  const rules = {
    'no-restricted-imports': ['error', { patterns }],
  };
  if (pure.has(layer)) {
    rules['no-restricted-globals'] = ['error', ...impureGlobals];
    rules['no-restricted-properties'] = [
      'error',
      { object: 'Date', property: 'now', message: 'Pure layers take time as a parameter.' },
      { object: 'Math', property: 'random', message: 'Pure layers take randomness as a parameter.' },
    ];
    rules['no-restricted-syntax'] = [
      'error',
      ...baseSyntax,
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'Pure layers take time as a parameter.',
      },
    ];
  }
  // Tests beside pure code may use node:test and node:assert; they still respect the direction of imports.
  return [
    { files: [`src/${layer}/**/*.ts`, `src/${layer}/**/*.tsx`, `test/fixtures/lint/${layer}/**/*.ts`], rules },
    { files: [`src/${layer}/**/*.test.ts`, `src/${layer}/**/*.test.tsx`], rules: testRules },
  ];
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bin/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'test/fixtures/lint/*/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...baseSyntax],
    },
  },
  ...layers.flatMap(layerBlock),
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['eslint.config.js'], rules: { 'no-restricted-syntax': 'off' } },
);
