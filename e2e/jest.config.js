// The compose file and the real SafeWork stack (MariaDB, Redis, a Flask app) end to end.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('../tsconfig.base.json');

module.exports = {
  displayName: 'stack-e2e',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // One level below the workspace root, not two like the apps and libs.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/../' }),
  testTimeout: 900000,
  maxWorkers: 1,
};
