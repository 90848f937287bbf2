// The REST layer: the core (core/) serving and documenting the route table of each dialect, the Varmply
// paths (varmply/) and the legacy `/api/...` paths (legacy/), each in a Fastify scope of its own. Also
// serves /openapi.json, generated from the tables, and the /docs page that renders it.
import type { FastifyInstance } from "fastify";
import type { ApolloServer } from "@apollo/server";
import type { App, Context } from "../src/context.js";
import { getSchema } from "../src/graphql/schema.js";
import { resolveRoute, type ResolvedRoute, type RouteTable } from "./core/dialect.js";
import { loadOperations, type Operations } from "./core/operations.js";
import { buildOpenApiDocument, type DocumentInfo } from "./core/openapi.js";
import { registerDialect } from "./core/router.js";
import { registerDocsPage } from "./core/docs-page.js";
import { REVALIDATE, StaticDocument, serveStaticDocument } from "../src/http/static-document.js";
import type { ErrorScopes } from "./core/error-scopes.js";
import { varmplyRoutes } from "./varmply/routes.js";
import { legacyRoutes } from "./legacy/routes.js";
import { oauthRoutes } from "./oauth/routes.js";

/** Every dialect with its routes; a dialect without a prefix (Varmply) answers every URL the others do not claim. */
export const restTables: readonly RouteTable[] = [varmplyRoutes, legacyRoutes, oauthRoutes];

/** Every route of the tables as served and documented: the dialects' defaults filled in. */
export const servedRoutes = (tables: readonly RouteTable[] = restTables): ResolvedRoute[] =>
  tables.flatMap(({ dialect, routes }) => routes.map((route) => resolveRoute(dialect, route)));

export const DOCUMENT_INFO: DocumentInfo = {
  title: "Varmply Backend API",
  version: "0.1.0",
  summary: "Varmply API – MVP backend for campaigns, wallets, authentication, and influencer participation.",
};

export const openApiDocument = (operations: Operations, tables: readonly RouteTable[] = restTables) => buildOpenApiDocument(tables, operations, DOCUMENT_INFO);

export interface RestCompatOptions {
  app: App;
  apollo: ApolloServer<Context>;
  /** The tables to serve; tests pass their own. */
  tables?: readonly RouteTable[];
  /** Learns each dialect's prefix and error body, for errors raised before routing (src/server.ts). */
  errorScopes?: ErrorScopes;
}

export async function registerRestCompat(fastify: FastifyInstance, options: RestCompatOptions): Promise<void> {
  const tables = options.tables ?? restTables;
  const operations = loadOperations(await getSchema());
  for (const table of tables) await registerDialect(fastify, table, { ...options, operations });

  // Fixed for the process's life: clients revalidate with its ETag (304) instead of fetching 77 KB again.
  const document = new StaticDocument(JSON.stringify(openApiDocument(operations, tables)), { contentType: "application/json; charset=utf-8", cacheControl: REVALIDATE });
  serveStaticDocument(fastify, "/openapi.json", document);
  registerDocsPage(fastify);
}
