module.exports = {
  displayName: 'docker-logs-integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/integration/**/*.spec.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
