// GET /graphiql: an explorer that works offline. Apollo Sandbox (the landing page at GET /graphql) loads from
// Apollo's CDN; this page is GraphiQL with React, all read from installed npm packages and served from here.
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { FastifyInstance } from "fastify";
import { IMMUTABLE, REVALIDATE, StaticDocument, packageFile, serveStaticDocument } from "./static-document.js";

export const EXPLORER_PATH = "/graphiql";

const ASSETS = {
  react: packageFile("react", "umd/react.production.min.js"),
  reactDom: packageFile("react-dom", "umd/react-dom.production.min.js"),
  graphiqlScript: packageFile("graphiql", "graphiql.min.js"),
  graphiqlStyle: packageFile("graphiql", "graphiql.min.css"),
};

// Only this server: scripts from files (no inline script), answers from /graphql. Inline styles are allowed
// because GraphiQL's dialogs add a <style> element (the scroll lock); they load nothing from elsewhere.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

// Links are relative (as on /docs), so the page also works behind a proxy that mounts the API under a prefix.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Varmply API – GraphiQL</title>
  <link rel="stylesheet" href="graphiql/${ASSETS.graphiqlStyle.versionedName}">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="graphiql/${ASSETS.react.versionedName}"></script>
  <script src="graphiql/${ASSETS.reactDom.versionedName}"></script>
  <script src="graphiql/${ASSETS.graphiqlScript.versionedName}"></script>
  <script src="graphiql/init.js"></script>
</body>
</html>
`;

const DEFAULT_QUERY = `# The Varmply API, explored offline. Sign in (demo password: varmply-demo), then open the Headers
# tab below and send the access token:  { "authorization": "Bearer <accessToken>" }

mutation SignIn {
  signIn(input: { email: "northwind@varmply.example", password: "varmply-demo" }) {
    accessToken
    user { id role displayName }
  }
}

query Viewer {
  viewer { id role displayName email }
}
`;

// In a file of its own rather than inline, so the page runs under a CSP without 'unsafe-inline' scripts.
// ?query= and ?variables= open the editor with them (and follow its edits), so a query can be linked to.
const INIT = `(function () {
  var params = new URLSearchParams(window.location.search);
  function keepInUrl(name) {
    return function (value) {
      if (value) params.set(name, value); else params.delete(name);
      var search = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    };
  }
  document.body.style.margin = "0";
  var container = document.getElementById("graphiql");
  container.style.height = "100vh";
  var fetcher = GraphiQL.createFetcher({ url: new URL("graphql", window.location.href).href, enableIncrementalDelivery: false });
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      query: params.get("query") || undefined,
      variables: params.get("variables") || undefined,
      onEditQuery: keepInUrl("query"),
      onEditVariables: keepInUrl("variables"),
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: false,
    }),
  );
})();
`;

/** Registers the explorer page and its assets (call only when introspection is on: it needs the schema). */
export function registerExplorer(fastify: FastifyInstance): void {
  const html = { contentType: "text/html; charset=utf-8", cacheControl: REVALIDATE, headers: { "content-security-policy": CSP } };
  serveStaticDocument(fastify, EXPLORER_PATH, new StaticDocument(PAGE, html));
  serveStaticDocument(fastify, `${EXPLORER_PATH}/init.js`, new StaticDocument(INIT, { contentType: "text/javascript; charset=utf-8", cacheControl: REVALIDATE }));
  for (const asset of Object.values(ASSETS)) {
    const contentType = asset.versionedName.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    serveStaticDocument(fastify, `${EXPLORER_PATH}/${asset.versionedName}`, new StaticDocument(asset.body, { contentType, cacheControl: IMMUTABLE }));
  }
}

const OFFLINE_HINT = `<p>The built-in explorer works offline: <a href="graphiql">GraphiQL at /graphiql</a>.</p>`;

/**
 * Apollo's landing page plugin with a pointer to the offline explorer in the text it shows when Sandbox
 * cannot load (Sandbox covers it once it does).
 */
export function withOfflineExplorerHint<TContext extends BaseContext>(landingPage: ApolloServerPlugin<TContext>): ApolloServerPlugin<TContext> {
  return {
    ...landingPage,
    async serverWillStart(service) {
      const listener = await landingPage.serverWillStart?.(service);
      const renderLandingPage = listener?.renderLandingPage;
      if (!listener || !renderLandingPage) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const { html } = await renderLandingPage();
          const render = typeof html === "string" ? async () => html : html;
          return { html: async () => addOfflineHint(await render()) };
        },
      };
    },
  };
}

/** Inside Apollo's offline fallback text when it has one, else at the end of the body. */
export function addOfflineHint(html: string): string {
  const fallback = /(<div class="fallback">[\s\S]*?)(<\/div>)/;
  return fallback.test(html) ? html.replace(fallback, `$1${OFFLINE_HINT}\n$2`) : html.replace("</body>", `${OFFLINE_HINT}\n</body>`);
}
