import type { startTracing } from "./tracing.sdk";
import { tracingSettings } from "./tracing.settings";

/**
 * Imported first by src/main.ts (in the primary and in every cluster worker), before anything that tracing
 * instruments is loaded: the instrumentations patch `http`, `pg` and `graphql` as they are required. With no OTLP
 * endpoint configured this loads nothing more.
 */
const settings = tracingSettings(process.env);
if (settings) {
  // A plain require: the SDK must be running before the next import of main.ts, and it is loaded only when tracing is on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("./tracing.sdk") as { startTracing: typeof startTracing }).startTracing(settings);
}
