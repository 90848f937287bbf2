// GET /docs: Swagger UI rendering /openapi.json for people. The assets come from the swagger-ui-dist
// package and are served from here, so the page works offline and needs no CDN.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";

const require = createRequire(import.meta.url);
const ASSET_DIR = (require("swagger-ui-dist") as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

// Relative links, so the page also works behind a proxy that mounts the API under a prefix.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Varmply API – REST paths</title>
  <link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script src="docs/init.js"></script>
</body>
</html>
`;

// In its own file rather than inline, so the page runs under a CSP without 'unsafe-inline' scripts.
const INIT = `window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true });\n`;

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'";

export function registerDocsPage(fastify: FastifyInstance): void {
  // Read once: the bundle is about 1.5 MB and never changes while the process runs.
  const assets: Record<string, { body: Buffer | string; type: string }> = {
    "swagger-ui.css": { body: readFileSync(join(ASSET_DIR, "swagger-ui.css")), type: "text/css; charset=utf-8" },
    "swagger-ui-bundle.js": { body: readFileSync(join(ASSET_DIR, "swagger-ui-bundle.js")), type: "text/javascript; charset=utf-8" },
    "init.js": { body: INIT, type: "text/javascript; charset=utf-8" },
  };

  fastify.get("/docs", async (_request, reply) => {
    reply.header("content-security-policy", CSP).type("text/html; charset=utf-8");
    return PAGE;
  });
  for (const [name, asset] of Object.entries(assets)) {
    fastify.get(`/docs/${name}`, async (_request, reply) => {
      reply.header("cache-control", "public, max-age=3600").type(asset.type);
      return asset.body;
    });
  }
}
