module.exports = {
  displayName: 'state-store-integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/integration/**/*.spec.ts'],
  testTimeout: 120000,
};
