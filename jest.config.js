/**
 * ESM-only packages that tests load. Jest runs tests as CommonJS, so swc compiles these packages'
 * files to CommonJS; every other file in node_modules (and every other .js file) stays untransformed.
 */
const esmPackages = ["@marcbachmann/cel-js"].map((name) => name.replace(/[.]/g, "\\."));
const esmPackagesPattern = `(?:${esmPackages.join("|")})`;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Two workers on these 2-core machines: measured 47 s instead of 84 s for the whole suite.
  maxWorkers: 2,
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
        sourceMaps: "inline",
      },
    ],
    [`/node_modules/${esmPackagesPattern}/.+\\.m?js$`]: [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "ecmascript" }, target: "es2022" },
        module: { type: "commonjs" },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!${esmPackagesPattern}/)`],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
