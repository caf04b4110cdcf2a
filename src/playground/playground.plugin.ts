import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from "fastify";
import { LANDING_CSP, landingPageHtml } from "./landing.page";
import { DEFAULT_ASSETS_PATH, registerPlaygroundAssets } from "./playground.assets";
import { PLAYGROUND_CSP, htmlPageHeaders, playgroundHtml } from "./playground.page";
import { wantsPlayground } from "./playground.request";

export interface RegisterPlaygroundOptions {
  /** The GraphQL endpoint; a browser opening it gets the playground. */
  graphqlPath: string;
  /** When set, `GET /` serves the landing page linking to the playground and to these REST docs. */
  restDocsPath?: string;
  /** Initial text of the playground's headers editor. */
  defaultHeaders?: string;
  /** Initial text of the playground's query editor. */
  defaultQuery?: string;
  /**
   * Per-page editor contents, decided when each page is served (e.g. a freshly minted token); null falls back to
   * defaultHeaders/defaultQuery. Such a page is never cached and does not persist headers across visits.
   */
  pageDefaults?: () => Promise<{ headers: string; query: string } | null>;
  /** Default "/playground/assets". */
  assetsPath?: string;
  /** Sent with every operation, so that trusted documents let the playground's free text through (development). */
  trustedDocumentsKey?: string;
  /**
   * true: register no `GET <graphqlPath>` route; the caller routes GETs itself with wantsPlayground + playgroundHtml
   * (use sendPlayground). Otherwise this plugin owns `GET <graphqlPath>`, so register Apollo on that path for POST
   * (and OPTIONS) only.
   */
  passThrough?: boolean;
  /**
   * Answers the GETs of `<graphqlPath>` that are not for the playground (GraphQL over GET, API clients), e.g.
   * `fastifyApolloHandler(apollo, { context })`. Without it they get 405 with `Allow: POST`.
   */
  graphqlGetHandler?: RouteHandlerMethod;
}

/** Serves the playground assets, the playground on `GET <graphqlPath>` and (with restDocsPath) the landing page on `/`. */
export async function registerPlayground(app: FastifyInstance, opts: RegisterPlaygroundOptions): Promise<void> {
  const assetsPath = opts.assetsPath ?? DEFAULT_ASSETS_PATH;
  await registerPlaygroundAssets(app, { assetsPath });
  const key = opts.trustedDocumentsKey === undefined ? {} : { trustedDocumentsKey: opts.trustedDocumentsKey };
  const html = playgroundHtml({
    graphqlPath: opts.graphqlPath,
    assetsPath,
    ...key,
    ...(opts.defaultHeaders === undefined ? {} : { defaultHeaders: opts.defaultHeaders }),
    ...(opts.defaultQuery === undefined ? {} : { defaultQuery: opts.defaultQuery }),
  });

  const pageDefaults = opts.pageDefaults;
  const page = async (): Promise<{ html: string; fresh: boolean }> => {
    const defaults = pageDefaults ? await pageDefaults() : null;
    if (!defaults) return { html, fresh: false };
    const fresh = playgroundHtml({ graphqlPath: opts.graphqlPath, assetsPath, defaultHeaders: defaults.headers, defaultQuery: defaults.query, persistHeaders: false, ...key });
    return { html: fresh, fresh: true };
  };

  if (!opts.passThrough) {
    const fallback = opts.graphqlGetHandler ?? graphqlGetNotSupported;
    app.get(opts.graphqlPath, async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      if (wantsPlayground(request)) {
        const { html: body, fresh } = await page();
        // A page that carries a token is never stored by a cache.
        return reply.headers({ ...htmlPageHeaders(PLAYGROUND_CSP), ...(fresh ? { "cache-control": "no-store" } : {}) }).send(body);
      }
      return fallback.call(this, request, reply);
    });
  }

  const restDocsPath = opts.restDocsPath;
  if (restDocsPath !== undefined) {
    app.get("/", (request, reply) =>
      reply
        .headers(htmlPageHeaders(LANDING_CSP))
        .send(
          landingPageHtml({ graphqlPath: opts.graphqlPath, restDocsPath, baseUrl: `${request.protocol}://${request.host}` }),
        ),
    );
  }
}

/** Sends a page built by playgroundHtml with its security headers. */
export function sendPlayground(reply: FastifyReply, html: string): FastifyReply {
  return reply.headers(htmlPageHeaders(PLAYGROUND_CSP)).send(html);
}

function graphqlGetNotSupported(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .code(405)
    .header("allow", "POST")
    .send({ message: "Send GraphQL requests as POST with Content-Type: application/json; open this URL in a browser for the playground." });
}

export { wantsPlayground };
