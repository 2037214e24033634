module.exports = {
  displayName: 'monitor-integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/integration/**/*.spec.ts'],
  testTimeout: 300000,
  maxWorkers: 1,
};
