// Builds the whole server: database, keys, Fastify, Apollo at /graphql, health, JWKS and the REST layer.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import formbody from "@fastify/formbody";
import qs from "qs";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import { GraphQLError } from "graphql";
import type { Config } from "./config.js";
import { openDatabase } from "./db/client.js";
import { resolveEncryption } from "./shared/encryption.js";
import { SigningKeys } from "./auth/signing-keys.js";
import { AccessTokens } from "./auth/tokens.js";
import { ensureAdmin } from "./auth/auth.service.js";
import { createProviders } from "./metrics/providers/index.js";
import { MetricsRefresher } from "./metrics/refresher.js";
import { createContext, type App, type Context } from "./context.js";
import { DomainError, ERROR_HTTP_STATUS, type ErrorCode } from "./shared/errors.js";
import { getSchema } from "./graphql/schema.js";
import { aliasLimit, costLimit, depthLimit } from "./graphql/limits.js";
import { formatError, isDatabaseUnavailable, isUnexpected } from "./graphql/format-error.js";
import { registerRestCompat } from "../rest-compat/router.js";
import { legacyErrorBody, restErrorBody } from "../rest-compat/errors.js";

export interface Server {
  fastify: FastifyInstance;
  app: App;
  apollo: ApolloServer<Context>;
  close(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** How long shutdown waits for in-flight requests before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 5_000;

/** Maps errors Fastify raises before a handler runs (bad JSON, size, content type) onto our codes. */
function classifyHttpError(error: FastifyError): { status: number; code: ErrorCode; message: string } {
  const status = error.statusCode ?? 500;
  if (status === 413) return { status, code: "VALIDATION_ERROR", message: "The request body is too large" };
  if (status === 415) return { status, code: "VALIDATION_ERROR", message: "Unsupported content type; send application/json" };
  if (status >= 400 && status < 500) {
    return { status, code: status === 404 ? "NOT_FOUND" : "VALIDATION_ERROR", message: error.message.replace(/^Body /, "The request body ") };
  }
  return { status: 500, code: "INTERNAL_SERVER_ERROR", message: "Internal server error" };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  if (request.url.startsWith("/graphql")) {
    return reply.code(status).send({ errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] });
  }
  if (request.url.startsWith("/api/")) return reply.code(status).send(legacyErrorBody({ code, message }));
  return reply.code(status).send(restErrorBody({ code, message, details }, request.id));
}

export async function createServer(config: Config, options: { logger?: boolean } = {}): Promise<Server> {
  const fastify = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    // Errors the router raises before any hook runs (a malformed %-escape, a path parameter over
    // maxParamLength): without this Fastify answers them in its own shape and without X-Request-ID.
    frameworkErrors: (error, request, reply) => {
      reply.header("x-request-id", request.id);
      const { status, code, message } = classifyHttpError(error);
      return sendError(request, reply, status, code, message);
    },
  });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir, poolSize: config.databasePoolSize });
  const encryption = await resolveEncryption(config, database, fastify.log);
  const signingKeys = new SigningKeys(database.db, encryption);
  await signingKeys.init();
  if (config.adminEmail && config.adminPassword) await ensureAdmin(database.db, config.adminEmail, config.adminPassword);
  const app: App = { config, database, encryption, signingKeys, accessTokens: new AccessTokens(signingKeys, config), providers: createProviders(config), log: fastify.log };

  fastify.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, code, message } = classifyHttpError(error);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    return sendError(request, reply, status, code, message);
  });
  fastify.setNotFoundHandler((request, reply) => sendError(request, reply, 404, "NOT_FOUND", `No route for ${request.method} ${request.url.split("?")[0]}`));
  await fastify.register(formbody, { parser: (body) => qs.parse(body, { depth: 5, arrayLimit: 100 }) });

  const schema = await getSchema();
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Shutdown is ours (src/main.ts, Server.close): Apollo's own signal handlers would stop it and re-raise
    // the signal, racing the drain of in-flight requests.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.graphqlMaxTokens },
    validationRules: [depthLimit(config.graphqlMaxDepth), aliasLimit(config.graphqlMaxAliases)],
    formatError,
    plugins: [
      fastifyApolloDrainPlugin(fastify),
      costLimit(schema, config.graphqlMaxCost),
      config.introspection ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled(),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, contextValue }) {
              for (const error of errors) {
                if (isUnexpected(error)) app.log.error({ err: error.originalError ?? error, requestId: contextValue?.requestId }, "GraphQL operation failed");
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  await fastify.register(fastifyApollo(apollo), {
    context: async (request) => {
      try {
        return await createContext(app, request.id, request.headers.authorization);
      } catch (error) {
        // Errors here (a bad token) end the request before execution; give them their HTTP status.
        if (error instanceof DomainError) {
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: ERROR_HTTP_STATUS[error.code] } } });
        }
        // The viewer's lookup is the first query: a database that went away must be 503 here too, not a masked 500.
        if (isDatabaseUnavailable(error)) {
          throw new GraphQLError("The service is temporarily unavailable; try again shortly", {
            extensions: { code: "SERVICE_UNAVAILABLE", http: { status: ERROR_HTTP_STATUS.SERVICE_UNAVAILABLE } },
          });
        }
        throw error;
      }
    },
  });

  fastify.get("/health", async () => ({ status: "ok" }));
  fastify.get("/health/ready", async (request, reply) => {
    try {
      await database.ping();
      return { status: "ok", database: "up" };
    } catch (error) {
      request.log.warn({ err: error }, "readiness check failed");
      return sendError(request, reply, 503, "SERVICE_UNAVAILABLE", "The database is not reachable");
    }
  });
  fastify.get("/.well-known/jwks.json", async (_request, reply) => {
    reply.header("cache-control", "public, max-age=300");
    return signingKeys.jwks();
  });
  await registerRestCompat(fastify, { app, apollo });

  // The scheduled refresher can live in the server (the only option on PGlite, one process per data directory).
  const refresher = config.workerInServer
    ? new MetricsRefresher({ db: database.db, encryption, providers: app.providers, log: fastify.log }, config)
    : undefined;
  fastify.addHook("onReady", async () => refresher?.start());

  return {
    fastify,
    app,
    apollo,
    async close() {
      await refresher?.stop();
      // Apollo's drain plugin closes Fastify: no new connections, in-flight requests finish. A keep-alive
      // socket whose response ended a moment ago is not idle yet when Node reaps idle sockets once, so keep
      // reaping while draining, and cut whatever still hangs after the grace period.
      const reap = setInterval(() => fastify.server.closeIdleConnections(), 100);
      const cut = setTimeout(() => fastify.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      try {
        await apollo.stop();
      } finally {
        clearInterval(reap);
        clearTimeout(cut);
      }
      await database.close();
    },
  };
}
