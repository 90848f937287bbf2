// Builds the whole server: database, keys, Fastify, Apollo at /graphql, health, JWKS and the REST layer.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { DestinationStream } from "pino";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import formbody from "@fastify/formbody";
import fastifyCors from "@fastify/cors";
import qs from "qs";
import { ApolloServer } from "@apollo/server";
import { compiledExecution } from "./graphql/compiled-execution.js";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
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
import { WebhookDispatcher } from "./webhooks/dispatcher.js";
import { createRateLimits } from "./rate-limits/rate-limit.policies.js";
import { limitPasswordHashing } from "./auth/password.js";
import { createContext, type App, type Context } from "./context.js";
import { DomainError, ERROR_HTTP_STATUS } from "./shared/errors.js";
import { getSchema } from "./graphql/schema.js";
import { aliasLimit, costLimit, depthLimit } from "./graphql/limits.js";
import { unstorableTextGuard } from "./graphql/input-safety.js";
import { formatError, isDatabaseUnavailable, isUnexpected } from "./graphql/format-error.js";
import { registerRestCompat } from "../rest-compat/index.js";
import { errorHandlers, keepUnknownOptionsInScope } from "../rest-compat/core/router.js";
import { ErrorScopes } from "../rest-compat/core/error-scopes.js";
import { RestFailure, failureOf, type RestError } from "../rest-compat/core/failure.js";
import { REQUEST_ID_LOG_KEY, loggerOptions } from "./logging.js";
import { RequestLogController, accessLogPlugin, registerRequestLogging, requestChildLogger, requestInScope } from "./observability/request-log.js";
import { ServerMetrics, countRequests, serveMetrics } from "./observability/metrics.js";
import { registerCompression } from "./http/compression.js";
import { registerExplorer, withOfflineExplorerHint } from "./http/explorer.js";
import { corsOptions } from "./http/cors.js";
import { registerConnectRoutes } from "./connections/connection.routes.js";

export interface Server {
  fastify: FastifyInstance;
  app: App;
  apollo: ApolloServer<Context>;
  close(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** How long shutdown waits for in-flight requests before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 5_000;
/**
 * Before it stops listening, a draining server keeps answering (503, `connection: close`) until no request
 * has come for DRAIN_QUIET_MS, at most DRAIN_LINGER_MAX_MS. Closing a keep-alive connection while its client
 * is sending on it resets that request; told to close in an answer, the client opens no more of them.
 */
const DRAIN_QUIET_MS = 250;
const DRAIN_LINGER_MAX_MS = 2_000;

/** The error body of /graphql for failures outside an operation (a body over the limit, an unknown path under it). */
const graphqlErrorBody = ({ code, message, details }: RestError) => ({ errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] });

/**
 * Errors raised before any route is known (on the connection, or by the router) are answered in the body of
 * the scope that owns the URL: each REST dialect and /graphql register theirs in `errorScopes` as they are
 * mounted, and this is the one place that asks.
 */
function bodyBeforeRouting(errorScopes: ErrorScopes, url: string, requestId: string, failure: RestError): string {
  return JSON.stringify(errorScopes.bodyFor(url, failure, requestId));
}

/** Errors Node's HTTP parser and timers raise on a connection, before or while a request is read. */
const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: "The request was not received in time; send it again without pausing" },
  HPE_HEADER_OVERFLOW: { status: 431, message: "The request headers are too large" },
};
const MALFORMED_REQUEST = { status: 400, message: "The request is not valid HTTP" };

/**
 * Answers a connection-level error (a request or headers timeout, a malformed request) in the documented
 * shape of the request's path, when its headers were read, and in that of `/` (the Varmply REST shape)
 * otherwise; then closes the connection, as Node does. Nothing is written over a response already under way.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, current: RequestOnSocket | undefined, log: FastifyBaseLogger, errorScopes: ErrorScopes) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const { status, message } = CLIENT_ERRORS[error.code ?? ""] ?? MALFORMED_REQUEST;
  const requestId = current?.id ?? randomUUID();
  log.debug({ requestId, code: error.code, url: current?.url }, "client error");
  const response = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !response?.headersSent) {
    const body = bodyBeforeRouting(errorScopes, current?.url ?? "/", requestId, { code: "VALIDATION_ERROR", message });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

interface RequestOnSocket {
  url: string;
  id: string;
}

export interface ServerOptions {
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
}

export async function createServer(config: Config, options: ServerOptions = {}): Promise<Server> {
  // The request being read on each connection, for a timeout that interrupts it (answerClientError).
  const requestOnSocket = new WeakMap<Socket, RequestOnSocket>();
  const errorScopes = new ErrorScopes();
  let draining = false;
  let lastRequestAt = 0;
  const fastify = Fastify({
    logger: options.logger === false ? false : loggerOptions(config.logLevel, options.logStream),
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.httpRequestTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    connectionTimeout: config.httpSocketIdleTimeoutMs,
    http: {
      headersTimeout: config.httpHeadersTimeoutMs,
      // Node looks for requests over their timeouts every this often (30 s by default, which would let a
      // slow client hold its connection that much longer than the timeout says).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(config.httpHeadersTimeoutMs / 4))),
    },
    clientErrorHandler(this: FastifyInstance, error, socket) {
      answerClientError(error, socket, requestOnSocket.get(socket), this.log, errorScopes);
    },
    // request.ip (the rate limits' client address) believes X-Forwarded-For only from proxies named here.
    trustProxy: config.trustProxy,
    // One key for the request id in every log line (GraphQL's error logs use it too), and the caller's
    // trace id on the request's lines (src/observability/request-log.ts).
    logController: new RequestLogController(),
    childLoggerFactory: requestChildLogger,
    genReqId: (request) => {
      const incoming = request.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Our onRequest hook answers 503 while draining, in the path's shape (Fastify's own has no request id).
    return503OnClosing: false,
    // Errors the router raises before any hook runs (a malformed %-escape, a path parameter over
    // maxParamLength): without this Fastify answers them in its own shape and without X-Request-ID.
    frameworkErrors: (error, request, reply) => {
      const failure = failureOf(error);
      (reply as FastifyReply).header("x-request-id", request.id).code(failure.status).type("application/json; charset=utf-8");
      return (reply as FastifyReply).send(bodyBeforeRouting(errorScopes, request.url, request.id, failure));
    },
  });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir, poolSize: config.databasePoolSize, timeouts: config, preparedStatements: config.databasePreparedStatements });
  const encryption = await resolveEncryption(config, database, fastify.log);
  const signingKeys = new SigningKeys(database.db, encryption);
  await signingKeys.init();
  if (config.adminEmail && config.adminPassword) await ensureAdmin(database.db, config.adminEmail, config.adminPassword);
  limitPasswordHashing({ concurrency: config.passwordHashConcurrency, queueLimit: config.passwordHashQueueLimit });
  const rateLimits = createRateLimits(config, database, fastify.log);
  const app: App = { config, database, encryption, signingKeys, accessTokens: new AccessTokens(signingKeys, config), providers: createProviders(config), rateLimits, log: fastify.log };

  fastify.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    requestOnSocket.set(request.raw.socket, { url: request.url, id: request.id });
    lastRequestAt = Date.now();
  });
  fastify.addHook("onSend", async (_request, reply) => {
    if (draining) reply.header("connection", "close");
  });
  fastify.addHook("onResponse", async (request) => {
    requestOnSocket.delete(request.raw.socket);
  });
  fastify.addHook("preClose", async () => {
    draining = true;
  });
  // Before any route or scope, so that every request is counted and operations find their request.
  registerRequestLogging(fastify);
  const metrics = config.metricsEnabled ? new ServerMetrics({ database }) : undefined;
  if (metrics) countRequests(fastify, metrics);
  // CORS for the pages of CORS_ORIGINS, on every path: registered before any route, after the request-id hook
  // (so preflights carry X-Request-ID too).
  const cors = corsOptions(config);
  if (cors) await fastify.register(fastifyCors, cors);
  // Requests that reach a draining server are turned away, in the error body of the path's scope; after the
  // CORS hook, so that a page on an allowed origin can read the 503 (not a network error).
  fastify.addHook("onRequest", async (_request, reply) => {
    if (!draining) return;
    reply.header("connection", "close");
    throw new RestFailure(503, "SERVICE_UNAVAILABLE", "The server is shutting down; try again shortly");
  });
  await fastify.register(formbody, { parser: (body) => qs.parse(body, { depth: 5, arrayLimit: 100 }) });
  // Before any route: the plugin compresses the answers of the routes added after it.
  await registerCompression(fastify);

  const schema = await getSchema();
  const apollo = new ApolloServer<Context>({
    // src/graphql/compiled-execution.ts: queries run compiled, the rest as graphql-js runs them.
    ...(config.graphqlCompiledExecution ? { gateway: compiledExecution(schema, config.graphqlCompileAfter) } : { schema }),
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
      // Apollo's cache-control plugin wraps every field of every answer to collect cache hints, which this
      // schema never gives (docs/performance.md measured it); usage reporting and inline traces are for Apollo
      // Studio, not configured here. Answers stay `cache-control: no-store`, as that plugin made them (below).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      fastifyApolloDrainPlugin(fastify),
      unstorableTextGuard(schema),
      costLimit(schema, config.graphqlMaxCost, config.graphqlMaxNodes),
      accessLogPlugin<Context>((context) => context.viewer?.publicId),
      ...(metrics ? [metrics.graphqlPlugin<Context>()] : []),
      config.introspection
        ? withOfflineExplorerHint(ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }))
        : ApolloServerPluginLandingPageDisabled(),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, contextValue }) {
              for (const error of errors) {
                // The request's own logger carries its id and trace; an operation run outside a request has neither.
                const log = requestInScope()?.log ?? app.log.child({ [REQUEST_ID_LOG_KEY]: contextValue?.requestId });
                if (isDatabaseUnavailable(error.originalError)) {
                  log.warn({ err: error.originalError }, "GraphQL operation failed: database unavailable");
                } else if (isUnexpected(error)) {
                  log.error({ err: error.originalError ?? error }, "GraphQL operation failed");
                }
              }
            },
            // An operation that answered nothing because the database is unreachable is a 503, as it is
            // when the viewer's lookup fails first; one with partial data stays a 200.
            async willSendResponse({ response }) {
              // Answers depend on the bearer token: no cache may keep them.
              response.http.headers.set("cache-control", "no-store");
              if (response.body.kind !== "single") return;
              const { data, errors } = response.body.singleResult;
              const unavailable = errors?.some((error) => error.extensions?.code === "SERVICE_UNAVAILABLE");
              const answeredNothing = !data || Object.values(data).every((value) => value === null);
              if (unavailable && answeredNothing) response.http.status = ERROR_HTTP_STATUS.SERVICE_UNAVAILABLE;
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // The REST dialects first: the Varmply one answers for every URL no other scope claims, so its error and
  // not-found handlers are the instance's own and must be set before the routes below are added.
  await registerRestCompat(fastify, { app, apollo, errorScopes });

  // /graphql is a scope of its own: whatever fails there outside an operation answers in GraphQL's shape.
  errorScopes.add("/graphql", graphqlErrorBody);
  await fastify.register(
    async (graphqlScope) => {
      const { onError, onNotFound } = errorHandlers(graphqlErrorBody);
      graphqlScope.setErrorHandler(onError);
      graphqlScope.setNotFoundHandler(onNotFound);
      keepUnknownOptionsInScope(graphqlScope);
      await graphqlScope.register(fastifyApollo(apollo), { path: "", context: graphqlContext });
    },
    { prefix: "/graphql" },
  );

  async function graphqlContext(request: FastifyRequest): Promise<Context> {
    try {
      return await createContext(app, request.id, request.headers.authorization, request.ip);
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
  }

  // The offline explorer needs the schema, so it goes with introspection.
  if (config.introspection) registerExplorer(fastify);

  if (metrics) {
    serveMetrics(fastify, metrics, {
      token: config.metricsToken,
      unauthorized: () => new RestFailure(401, "UNAUTHORIZED", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>"),
    });
  }
  fastify.get("/health", async () => ({ status: "ok" }));
  fastify.get("/health/ready", async (request) => {
    try {
      await database.ping();
      return { status: "ok", database: "up" };
    } catch (error) {
      request.log.warn({ err: error }, "readiness check failed");
      throw new RestFailure(503, "SERVICE_UNAVAILABLE", "The database is not reachable");
    }
  });
  // The platforms' OAuth callbacks (docs/social-connections.md).
  registerConnectRoutes(fastify, app);
  fastify.get("/.well-known/jwks.json", async (_request, reply) => {
    reply.header("cache-control", "public, max-age=300");
    return signingKeys.jwks();
  });

  // The scheduled refresher can live in the server (the only option on PGlite, one process per data directory).
  const refresher = config.workerInServer
    ? new MetricsRefresher({ db: database.db, encryption, providers: app.providers, log: fastify.log }, config, rateLimits.platformCalls)
    : undefined;
  if (refresher) metrics?.watchRefresher(() => refresher.progress);
  fastify.addHook("onReady", async () => refresher?.start());
  // Every process may run a webhook dispatcher: claims never overlap (src/webhooks/dispatcher.ts).
  const webhookDispatcher = config.webhooks.enabled ? new WebhookDispatcher({ db: database.db, encryption, log: fastify.log }, config.webhooks) : undefined;
  fastify.addHook("onReady", async () => webhookDispatcher?.start());

  return {
    fastify,
    app,
    apollo,
    async close() {
      draining = true;
      const lingerUntil = Date.now() + DRAIN_LINGER_MAX_MS;
      await refresher?.stop();
      await webhookDispatcher?.stop();
      while (fastify.server.listening && Date.now() < lingerUntil && Date.now() - lastRequestAt < DRAIN_QUIET_MS) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
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
