// GET /docs: Swagger UI rendering /openapi.json for people. The assets come from the swagger-ui-dist
// package and are served from here, so the page works offline and needs no CDN.
import type { FastifyInstance } from "fastify";
import { IMMUTABLE, REVALIDATE, StaticDocument, packageFile, serveStaticDocument } from "../../src/http/static-document.js";

// Read once: the bundle is about 1.7 MB and never changes while the process runs. Their URLs name the
// package version, so browsers may keep them for good.
const STYLE = packageFile("swagger-ui-dist", "swagger-ui.css");
const BUNDLE = packageFile("swagger-ui-dist", "swagger-ui-bundle.js");

// Relative links, so the page also works behind a proxy that mounts the API under a prefix.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Varmply API – REST paths</title>
  <link rel="stylesheet" href="docs/${STYLE.versionedName}">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/${BUNDLE.versionedName}"></script>
  <script src="docs/init.js"></script>
</body>
</html>
`;

// In its own file rather than inline, so the page runs under a CSP without 'unsafe-inline' scripts.
const INIT = `window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true });\n`;

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'";

export function registerDocsPage(fastify: FastifyInstance): void {
  const script = "text/javascript; charset=utf-8";
  serveStaticDocument(fastify, "/docs", new StaticDocument(PAGE, { contentType: "text/html; charset=utf-8", cacheControl: REVALIDATE, headers: { "content-security-policy": CSP } }));
  serveStaticDocument(fastify, "/docs/init.js", new StaticDocument(INIT, { contentType: script, cacheControl: REVALIDATE }));
  serveStaticDocument(fastify, `/docs/${STYLE.versionedName}`, new StaticDocument(STYLE.body, { contentType: "text/css; charset=utf-8", cacheControl: IMMUTABLE }));
  serveStaticDocument(fastify, `/docs/${BUNDLE.versionedName}`, new StaticDocument(BUNDLE.body, { contentType: script, cacheControl: IMMUTABLE }));
}
