import type { FastifyInstance, HTTPMethods } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route only answers 405 Method Not Allowed: its methods are not offered to browsers (CORS). */
    methodNotAllowed?: boolean;
  }
}

interface RoutePattern {
  segments: string[];
  methods: Set<string>;
}

/**
 * The methods each route of the app answers, learnt from Fastify's onRoute hook as routes are registered (so routes
 * added later, by any plugin, are known too), for a concrete path: what a preflight is told in
 * Access-Control-Allow-Methods. OPTIONS routes and routes that only answer 405 are left out.
 */
export class RouteMethods {
  private readonly patterns = new Map<string, RoutePattern>();

  /** Call before the routes are registered. */
  collectFrom(app: FastifyInstance): void {
    app.addHook("onRoute", (route) => {
      if (route.config?.methodNotAllowed) return;
      const methods = ([] as HTTPMethods[]).concat(route.method).map((method) => method.toUpperCase()).filter((method) => method !== "OPTIONS");
      if (methods.length === 0) return;
      const known = this.patterns.get(route.url) ?? { segments: route.url.split("/"), methods: new Set<string>() };
      for (const method of methods) known.methods.add(method);
      this.patterns.set(route.url, known);
    });
  }

  /** The methods answered at `path` (no query string), in a stable order; empty when no route matches. */
  methodsFor(path: string): string[] {
    const segments = path.split("/");
    const found = new Set<string>();
    for (const pattern of this.patterns.values()) {
      if (matches(pattern.segments, segments)) for (const method of pattern.methods) found.add(method);
    }
    return [...found].sort();
  }
}

/** Fastify's route syntax: `:name` matches one non-empty segment, a final `*` the rest, anything else itself. */
function matches(pattern: string[], path: string[]): boolean {
  for (let i = 0; i < pattern.length; i += 1) {
    const part = pattern[i] as string;
    if (part === "*" && i === pattern.length - 1) return true;
    const segment = path[i];
    if (segment === undefined) return false;
    if (part.includes(":") ? segment === "" : part !== segment) return false;
  }
  return pattern.length === path.length;
}
