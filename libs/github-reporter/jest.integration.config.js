module.exports = {
  displayName: 'github-reporter-integration',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/integration/**/*.spec.ts'],
  testTimeout: 120000,
};
