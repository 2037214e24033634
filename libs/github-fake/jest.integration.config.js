module.exports = {
  displayName: 'github-fake-integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/integration/**/*.spec.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
