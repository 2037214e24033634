// Shared Jest settings: ts-jest transpiles only (isolatedModules) — types are checked by each
// project's `typecheck` target, which keeps test runs fast.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

// ESM-only packages (octokit and the parsers under openapi-backend) are transformed to
// CommonJS for Jest; the rest of node_modules is left alone.
const esm = ['@octokit', '@secretlint', '@apidevtools', 'universal-user-agent', 'before-after-hook', 'bottleneck', 'fast-content-type-parse', 'json-with-bigint', 'content-type'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { module: 'commonjs', target: 'es2022', esModuleInterop: true, allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/../../' }),
};
