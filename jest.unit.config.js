/** Same as jest.config.js but without globalSetup: for pure unit tests (no database). */
const { globalSetup: _globalSetup, ...base } = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = base;
