import type * as Jose from "jose";

let loaded: Promise<typeof Jose> | undefined;

/**
 * jose (key sets, and verifying with them) is an ES module only: loaded once, at first use, with a dynamic import. The
 * service is CommonJS, so tsc turns it into require(), which loads an ES module from Node 20.19 on (package.json's
 * engines); under Jest, swc compiles jose to CommonJS (jest.config.js).
 */
export function loadJose(): Promise<typeof Jose> {
  loaded ??= import("jose");
  return loaded;
}
