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
  transform: { "^.+\\.ts$": swc },
  testMatch: ["**/*.test.ts"],
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  testTimeout: 60000,
  maxWorkers: process.env.JEST_WORKERS ?? 2,
};
