import { readFileSync } from 'node:fs';

// NestJS 12 is ESM-only: tests run as ES modules (NODE_OPTIONS=--experimental-vm-modules, set by
// `npm test`) and @swc/jest emits ES modules with legacy decorators and their metadata: the same
// options (.swcrc) as the build (scripts/build.mjs).
const { $schema, ...swcrc } = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
const swc = ['@swc/jest', { ...swcrc, swcrc: false }];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      // test/architecture: rules over the source tree itself (no server, no database).
      testMatch: ['<rootDir>/{src,workflows}/**/__tests__/*.spec.ts', '<rootDir>/test/architecture/*.spec.ts'],
    },
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
  // A guard against a hang, not a measure of speed: on two cores shared with other work, starting the
  // service, a browser or the embedded database takes many times what it takes on a quiet machine.
  // Tests wait for what they need (a state, a message), never for a fixed time.
  testTimeout: 300_000,
  // One suite at a time: suites share one database, and a worker started by one of them relays every
  // committed effect, whichever suite wrote it.
  maxWorkers: 1,
};
