module.exports = {
  displayName: 'monitor-integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/integration/**/*.spec.ts'],
  testTimeout: 120000,
};
