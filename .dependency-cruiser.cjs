// The layer rules (docs/architecture.md explains each): `npm run lint` fails on any import that breaks one.
// Paths are relative to the project folder; type-only imports count, since a contract shared the wrong way
// ties the layers as surely as code does.

/** Small helpers any layer may use: they import nothing of the project themselves (pair-cache is a pure memo). */
const SHARED_HELPERS = '^src/(validation|errors|pair-cache)[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file must not import a file that imports it back: contracts go in a types.ts both can import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds the rules of reviews, likes and search: it imports nothing of the other folders, only the shared helpers.',
      from: { path: '^src/domain/' },
      to: { path: '^(src|commands|bench|tests)/', pathNot: ['^src/domain/', SHARED_HELPERS] },
    },
    {
      name: 'store-knows-no-catalogue-or-adapters',
      severity: 'error',
      comment: 'The store is storage behind ports: it does not know the catalogue, the Discord adapter, engagement or the emulator.',
      from: { path: '^src/store/' },
      to: { path: '^src/(catalogue|discord|engagement|emulator|sandbox|cli|importer)/' },
    },
    {
      name: 'emulator-imports-nothing-of-the-bot',
      severity: 'error',
      comment: 'The emulator is a library of its own (a local Discord): it imports nothing of the bot, its CLI, store, catalogue or domain.',
      from: { path: '^src/emulator/' },
      to: { path: '^(src|commands)/', pathNot: ['^src/emulator/', SHARED_HELPERS] },
    },
    {
      name: 'catalogue-does-not-use-the-importer',
      severity: 'error',
      comment: "The review file format is the catalogue's own: it reads track listings with the domain's grammar, not the blog importer's.",
      from: { path: '^src/catalogue/' },
      to: { path: '^src/importer/' },
    },
    {
      name: 'domain-and-adapters-are-not-the-cli',
      severity: 'error',
      comment: 'The CLI is an adapter over the use cases: nothing below it imports it.',
      from: { path: '^src/', pathNot: '^src/(cli/|cli[.]ts$)' },
      to: { path: '^src/(cli/|cli[.]ts$)' },
    },
    {
      name: 'domain-knows-no-discord',
      severity: 'error',
      comment: 'The domain is plain TypeScript: Discord is an adapter, so its libraries stay out of src/domain.',
      from: { path: '^src/domain/' },
      to: { path: '^node_modules/(discord[.]js|@discordjs|discord-api-types)/' },
    },
    {
      name: 'use-cases-know-no-adapter',
      severity: 'error',
      comment: 'src/reviews holds the use cases: they work through the ports they are given, never through discord.js or an adapter.',
      from: { path: '^src/reviews/' },
      to: { path: ['^src/(discord|emulator|sandbox|cli|shards|health)/', '^node_modules/(discord[.]js|@discordjs)/'] },
    },
    {
      name: 'engagement-rules-know-no-discord-js',
      severity: 'error',
      comment:
        "Engagement's view (its facts, rules, index and merge) is plain data and unit-testable: only the gateway adapter, the reads and the edits speak discord.js.",
      from: {
        path: '^src/engagement/(facts|view|merge-post|reconcile-post|like-settings-change|response-order|post-index|guild-counts|guild-rules|reconciler)[.]ts$',
      },
      to: { path: '^node_modules/(discord[.]js|@discordjs)/' },
    },
    {
      name: 'source-does-not-import-tests-or-bench',
      severity: 'error',
      comment: 'Tests and benchmarks use the source, never the other way round.',
      from: { path: '^(src|commands)/' },
      to: { path: '^(tests|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
