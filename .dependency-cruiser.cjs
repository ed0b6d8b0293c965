/**
 * Which way dependencies may point (run by `npm run lint:deps`, part of `npm test`):
 * - no cycles between files;
 * - `src/` never imports `test/` or `bench/`;
 * - `common/` imports no module (it is the bottom, with config/, database/ and event-store/);
 * - the event store knows no module;
 * - a module's pure domain (policy/, decide-*.ts, customer-state.ts, customer-events.ts) imports no
 *   framework and no database.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'src-not-to-tests', severity: 'error', from: { path: '^src/' }, to: { path: '^(test|bench)/' } },
    { name: 'common-imports-no-module', severity: 'error', from: { path: '^src/common/' }, to: { path: '^src/modules/' } },
    { name: 'event-store-imports-no-module', severity: 'error', from: { path: '^src/event-store/' }, to: { path: '^src/modules/' } },
    {
      name: 'pure-domain',
      comment: 'decide, evolve and the policy are pure functions: no Nest, no database, no I/O',
      severity: 'error',
      from: {
        path: '(^src/modules/points/policy/|/decide-[^/]+\\.ts$|customer-stream/customer-(state|events)\\.ts$|customer-stream/stored-customer-event\\.ts$)',
        pathNot: '\\.spec\\.ts$',
      },
      to: { path: '(@nestjs|typeorm|^pg$|node_modules/pg/|^src/database/|sql-template-tag)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
