/** The part of a pino logger that background work (the notification bus reconnecting) writes to. */
export interface BackgroundLog {
  warn(obj: object, msg: string): void;
}

/**
 * A logger for services built before the app's logger exists: buildApp attaches Fastify's logger, and from then on
 * every line goes there. Until then (or without an app: scripts, the admin command line) a line is written to
 * stderr as JSON, never dropped.
 */
export class DeferredLog implements BackgroundLog {
  private target: BackgroundLog | null = null;

  attach(target: BackgroundLog): void {
    this.target = target;
  }

  warn(obj: object, msg: string): void {
    if (this.target) this.target.warn(obj, msg);
    else process.stderr.write(`${JSON.stringify({ level: "warn", ...errorFields(obj), msg })}\n`);
  }
}

/** `err` as its message (an Error stringifies to {}). */
function errorFields(obj: object): object {
  const { err, ...rest } = obj as { err?: unknown };
  return err === undefined ? rest : { ...rest, err: err instanceof Error ? err.message : String(err) };
}
