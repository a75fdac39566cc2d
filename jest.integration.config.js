/**
 * Integration tests: real software started on loopback by the tests themselves (PostgreSQL from
 * Debian's packages). `npm run test:integration`; `.ci/run` installs the packages they need.
 */
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ["**/test/integration/**/*.itest.ts"],
  testTimeout: 60_000,
};
