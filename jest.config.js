// NestJS 12 is ESM-only: tests run as ES modules (NODE_OPTIONS=--experimental-vm-modules, set by
// `npm test`) and @swc/jest emits ES modules with legacy decorators and their metadata.
const swc = [
  '@swc/jest',
  {
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{src,workflows}/**/__tests__/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/*.integration-spec.ts'],
      setupFiles: ['<rootDir>/test/support/env.setup.ts'],
      // Resets the test database and applies the migrations, before any suite of the run.
      globalSetup: '<rootDir>/test/global-setup.mjs',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/env.setup.ts'],
      // Resets the test database and applies the migrations, before any suite of the run.
      globalSetup: '<rootDir>/test/global-setup.mjs',
    },
    {
      ...common,
      // Tandem's promises over generated event sequences (fast-check); `npm test` runs a fixed seed,
      // `npm run test:invariants -- --runs N --seed S` more (scripts/test-invariants.mjs).
      displayName: 'invariants',
      testMatch: ['<rootDir>/test/invariants/*.invariant-spec.ts'],
      setupFiles: ['<rootDir>/test/support/env.setup.ts', '<rootDir>/test/invariants/env.setup.ts'],
      globalSetup: '<rootDir>/test/global-setup.mjs',
    },
    {
      ...common,
      // The console in headless Chromium (Debian's package, driven by playwright-core) against the running service.
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/*.browser-spec.ts'],
      setupFiles: ['<rootDir>/test/support/env.setup.ts'],
      globalSetup: '<rootDir>/test/global-setup.mjs',
    },
  ],
  testTimeout: 30000,
  // One suite at a time: suites share one database, and a worker started by one of them relays every
  // committed effect, whichever suite wrote it.
  maxWorkers: 1,
};
