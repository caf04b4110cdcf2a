/**
 * The script that starts GraphiQL, served as the `playground.js` asset so the page needs no inline script and its
 * Content-Security-Policy can say `script-src 'self'`. It is static: the per-page settings are read from the
 * `<script type="application/json" id="playground-config">` block (a data block, never executed).
 *
 * Globals come from the UMD builds loaded before it: `React`, `ReactDOM` and `GraphiQL`.
 */
export const PLAYGROUND_BOOTSTRAP_JS = `(function () {
  "use strict";
  var configElement = document.getElementById("playground-config");
  var config = JSON.parse(configElement ? configElement.textContent || "{}" : "{}");
  var container = document.getElementById("graphiql");
  var baseFetcher = GraphiQL.createFetcher({
    url: config.graphqlPath,
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
  function fetcher(params, options) {
    return baseFetcher(params, withoutBlankBearer(options));
  }
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: true
    })
  );
})();
`;
