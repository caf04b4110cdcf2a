/**
 * The script that starts GraphiQL, served as the `playground.js` asset so the page needs no inline script and its
 * Content-Security-Policy can say `script-src 'self'`. It is static: the per-page settings are read from the
 * `<script type="application/json" id="playground-config">` block (a data block, never executed).
 *
 * Globals come from the UMD builds loaded before it: `React`, `ReactDOM`, `GraphiQL` and `graphqlWs`. Queries and
 * mutations go over HTTP POST; subscriptions over WebSocket (graphql-transport-ws) at the same path, authenticated by
 * the Authorization header of the Headers editor, sent in the connection_init payload.
 */
export const PLAYGROUND_BOOTSTRAP_JS = `(function () {
  "use strict";
  var configElement = document.getElementById("playground-config");
  var config = JSON.parse(configElement ? configElement.textContent || "{}" : "{}");
  var container = document.getElementById("graphiql");
  // With trusted documents on (development only), the page's key lets its free text through.
  var keyHeaders = config.trustedDocumentsKey ? { "X-Playground-Key": config.trustedDocumentsKey } : {};
  var baseFetcher = GraphiQL.createFetcher({
    url: config.graphqlPath,
    headers: keyHeaders,
    // Plain JSON POSTs ("content-type: application/json", which also satisfies Apollo's CSRF prevention).
    enableIncrementalDelivery: false
  });
  // The prefilled "Authorization": "Bearer " has no token yet: send no Authorization header rather than a malformed
  // one, so that the schema (introspection) can load before a token is pasted where the server allows that.
  function withoutBlankBearer(options) {
    if (!options || !options.headers) return options;
    var headers = {};
    Object.keys(options.headers).forEach(function (name) {
      var value = options.headers[name];
      var blank = name.toLowerCase() === "authorization" && typeof value === "string" && /^\\s*(bearer\\s*)?$/i.test(value);
      if (!blank) headers[name] = value;
    });
    return Object.assign({}, options, { headers: headers });
  }
  var wsUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + config.graphqlPath;
  // One WebSocket client per Authorization value (a new token in the Headers editor opens a new connection).
  var wsClients = {};
  function wsClientFor(authorization) {
    var key = authorization || "";
    if (!wsClients[key]) {
      wsClients[key] = graphqlWs.createClient({
        url: wsUrl,
        connectionParams: Object.assign(key ? { Authorization: key } : {}, config.trustedDocumentsKey ? { playgroundKey: config.trustedDocumentsKey } : {}),
        lazy: true,
        retryAttempts: 0
      });
    }
    return wsClients[key];
  }
  function isSubscription(params, options) {
    var document = options && options.documentAST;
    if (!document || !document.definitions) return /^\\s*subscription\\b/.test(params.query || "");
    var operations = document.definitions.filter(function (definition) {
      return definition.kind === "OperationDefinition";
    });
    var chosen = operations.filter(function (operation) {
      return !params.operationName || (operation.name && operation.name.value === params.operationName);
    })[0];
    return Boolean(chosen && chosen.operation === "subscription");
  }
  function authorizationOf(options) {
    var headers = (options && options.headers) || {};
    var found = "";
    Object.keys(headers).forEach(function (name) {
      if (name.toLowerCase() === "authorization" && typeof headers[name] === "string") found = headers[name];
    });
    return found;
  }
  function fetcher(params, options) {
    var cleaned = withoutBlankBearer(options);
    if (isSubscription(params, options)) {
      return wsClientFor(authorizationOf(cleaned)).iterate({
        query: params.query,
        variables: params.variables,
        operationName: params.operationName || undefined
      });
    }
    return baseFetcher(params, cleaned);
  }
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: config.persistHeaders !== false
    })
  );
})();
`;
