// The fuzz properties on CI's short budget; `npm run fuzz` runs them for at least a million cases.
module.exports = {
  displayName: 'fuzz',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
