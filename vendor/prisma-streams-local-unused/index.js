"use strict";
// `prisma dev` is the only caller; this project runs PGlite and PostgreSQL itself (see README, "Engines").
module.exports = {
  startLocalDurableStreamsServer() {
    throw new Error("prisma dev's streams server is not installed in this project (see README, Engines)");
  },
};
