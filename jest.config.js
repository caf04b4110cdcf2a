/** @type {import('jest').Config} */
const swc = [
  "@swc/jest",
  {
    jsc: {
      target: "es2022",
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: "commonjs" },
  },
];
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  // jose 6 (src/auth/jose.ts) is an ES module loaded with require(): Node 20.19 does that, Jest's module loader does
  // not, so swc compiles it to CommonJS for the tests.
  transform: { "^.+\\.ts$": swc, "/node_modules/jose/.+\\.js$": swc },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  testTimeout: 60000,
  maxWorkers: process.env.JEST_WORKERS ?? 2,
};
