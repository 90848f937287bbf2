// Serves one dialect's route table in a Fastify scope of its own. Each request is authenticated (before its
// body is read), validated against its route's schemas, then the route's GraphQL operation runs in-process
// through `apollo.executeOperation` with the same per-request context /graphql builds (no HTTP hop), and the
// result is shaped into the documented body. Every failure in the scope (a refused caller, a bad body, a
// failed operation, a path or method that is not there, an error Fastify raises) is rendered by the
// scope's error and not-found handlers in the dialect's error body.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import type { ApolloServer } from "@apollo/server";
import qs from "qs";
import { createContext, type App, type Context } from "../../src/context.js";
import { MEDIA_TYPES, fastifyPath, type HttpMethod } from "./route.js";
import { resolveRoute, type Dialect, type ResolvedRoute, type RouteTable } from "./dialect.js";
import { RestFailure, failureFromGraphQL, failureOf, failureOfDomainError } from "./failure.js";
import { compileRequestValidator } from "./request.js";
import { operationFor, type Operations } from "./operations.js";
import type { ErrorBody, ErrorScopes } from "./error-scopes.js";

export interface DialectMount {
  app: App;
  apollo: ApolloServer<Context>;
  operations: Operations;
  /** Where connection-level errors learn which body a URL answers in (src/server.ts). */
  errorScopes?: ErrorScopes;
}

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** The request's media type without parameters (`application/json; charset=utf-8` → `application/json`). */
const mediaTypeOf = (request: FastifyRequest) => (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();

const hasBody = (request: FastifyRequest) =>
  request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;

/**
 * Rejects a body in an encoding the path does not take, before it is read: form fields where the
 * documentation shows JSON are 415, as is any other type (Fastify itself only knows the types of all paths).
 */
function checkBodyType(route: ResolvedRoute, request: FastifyRequest): void {
  const accepted = route.request.bodyTypes.map((type) => MEDIA_TYPES[type]);
  if (route.method === "GET" || !hasBody(request) || accepted.includes(mediaTypeOf(request))) return;
  throw new RestFailure(415, "VALIDATION_ERROR", `Unsupported content type; send ${accepted.join(" or ")}`, {
    technicalMessage: `Content-Type '${request.headers["content-type"] ?? "(none)"}' is not accepted by ${route.method} ${route.path}`,
    details: { accepted },
  });
}

/** The per-request GraphQL context; a bad token is 401, a lost database 503. */
async function contextFor(app: App, request: FastifyRequest, route: ResolvedRoute): Promise<Context> {
  try {
    return await createContext(app, request.id, request.headers.authorization, request.ip, route.authKind.accepts);
  } catch (error) {
    throw failureOfDomainError(error) ?? error;
  }
}

/** The context built for each request before its body is read (see `authenticate`). */
const contexts = new WeakMap<FastifyRequest, Context>();

/**
 * Runs as the request arrives, before Fastify reads the body: who is asking comes before what they sent,
 * so an anonymous caller is 401 without its body (however large or malformed) being read or judged.
 */
function authenticate(route: ResolvedRoute, app: App) {
  return async (request: FastifyRequest) => {
    route.authKind.check(request);
    contexts.set(request, await contextFor(app, request, route));
    checkBodyType(route, request);
  };
}

function graphQLHandler(route: ResolvedRoute, operations: Operations, apollo: ApolloServer<Context>) {
  if (route.kind !== "graphql") throw new Error(`rest-compat: ${route.method} ${route.path} is served by the server itself`);
  const { text: query } = operationFor(operations, route.operation);
  const validate = compileRequestValidator(route);

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const input = validate(request);
    const response = await apollo.executeOperation({ query, variables: route.variables(input) }, { contextValue: contexts.get(request)! });
    if (response.body.kind !== "single") throw new Error(`rest-compat: ${route.method} ${route.path} answered incrementally`);
    const { data, errors } = response.body.singleResult;
    // A REST body is all or nothing: any error fails the request, even beside partial data.
    if (errors?.length) throw failureFromGraphQL(errors, route.fieldNames);
    return reply.code(route.success.status).send(route.respond(data));
  };
}

/** The URLs a documented path answers at, relative to the dialect's prefix (both spellings when the slash is optional). */
function urlsOf(dialect: Dialect, path: string): string[] {
  const url = fastifyPath(path).slice(dialect.prefix.length) || "/";
  if (!dialect.trailingSlashOptional || url === "/") return [url];
  return url.endsWith("/") ? [url, url.slice(0, -1)] : [url, `${url}/`];
}

/** For each path, the methods it does not serve answer 405 with `Allow` (and OPTIONS 204 with it, where the dialect says so). */
function registerMethodFallbacks(scope: FastifyInstance, dialect: Dialect, routes: readonly ResolvedRoute[]) {
  const methodsByUrl = new Map<string, Set<HttpMethod>>();
  for (const route of routes) {
    for (const url of urlsOf(dialect, route.path)) methodsByUrl.set(url, (methodsByUrl.get(url) ?? new Set()).add(route.method));
  }
  for (const [url, served] of methodsByUrl) {
    const allowed = METHODS.filter((method) => served.has(method)).flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]));
    const allow = [...allowed, ...(dialect.answersOptions ? ["OPTIONS"] : [])].join(", ");
    const unserved = [...METHODS, "HEAD", ...(dialect.answersOptions ? [] : ["OPTIONS"])].filter((method) => !allowed.includes(method)) as HTTPMethods[];
    scope.route({
      method: unserved,
      url,
      handler: async (request) => {
        throw new RestFailure(405, "VALIDATION_ERROR", `This path does not accept ${request.method}; use ${allowed.join(" or ")}`, {
          details: { allowedMethods: allowed },
          headers: { allow },
        });
      },
    });
    if (dialect.answersOptions) scope.options(url, async (_request, reply) => reply.header("allow", allow).code(204).send());
  }
}

/**
 * With CORS_ORIGINS set, @fastify/cors serves OPTIONS on every URL through a route at the root, whose
 * not-found handler is the root's: this route keeps an OPTIONS to an unknown URL under a prefixed scope in
 * that scope's own 404 body. (A preflight from an allowed origin is answered before any route runs.)
 */
export function keepUnknownOptionsInScope(scope: FastifyInstance): void {
  scope.options("/*", async (_request, reply) => reply.callNotFound());
}

/**
 * A scope's error and not-found handlers, rendering every failure in `errorBody`: a RestFailure as it is,
 * anything else through `failureOf` (an unexpected error is logged and answered 500).
 */
export function errorHandlers(errorBody: ErrorBody) {
  const send = (request: FastifyRequest, reply: FastifyReply, failure: RestFailure) =>
    reply.headers(failure.headers).code(failure.status).send(errorBody(failure, request.id));
  return {
    onError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
      const failure = failureOf(error);
      if (failure.status >= 500 && !(error instanceof RestFailure)) request.log.error({ err: error }, "request failed");
      return send(request, reply, failure);
    },
    onNotFound(request: FastifyRequest, reply: FastifyReply) {
      return send(request, reply, new RestFailure(404, "NOT_FOUND", `No route for ${request.method} ${request.url.split("?")[0]}`));
    },
  };
}

/**
 * Mounts `table`'s dialect: its routes, parsers and handlers in a scope of their own under the dialect's
 * prefix. A dialect without a prefix answers for every URL no other scope claims, so its error and
 * not-found handlers are set on `fastify` itself (the server sets none of its own).
 */
export async function registerDialect(fastify: FastifyInstance, table: RouteTable, mount: DialectMount): Promise<void> {
  const { dialect } = table;
  const routes = table.routes.map((route) => resolveRoute(dialect, route));
  mount.errorScopes?.add(dialect.prefix, dialect.errorBody);

  const { onError, onNotFound } = errorHandlers(dialect.errorBody);

  if (!dialect.prefix) {
    fastify.setErrorHandler(onError);
    fastify.setNotFoundHandler(onNotFound);
  }
  await fastify.register(
    async (scope) => {
      if (dialect.prefix) {
        scope.setErrorHandler(onError);
        scope.setNotFoundHandler(onNotFound);
        keepUnknownOptionsInScope(scope);
      }
      scope.removeAllContentTypeParsers();
      const json = scope.getDefaultJsonParser("error", "error");
      // An empty JSON body is no body (POST …/approve with a Content-Type but nothing else), not a 400.
      scope.addContentTypeParser(MEDIA_TYPES.json, { parseAs: "string" }, (request, body, done) =>
        body === "" ? done(null, undefined) : json(request, body as string, done),
      );
      // `key[sub]=v` and `list[]=a` nest as form APIs write them.
      scope.addContentTypeParser(MEDIA_TYPES.form, { parseAs: "string" }, (_request, body, done) =>
        done(null, qs.parse(body as string, { depth: 5, arrayLimit: 100 })),
      );

      for (const route of routes) {
        if (route.kind !== "graphql") continue; // served by src/server.ts
        const onRequest = authenticate(route, mount.app);
        const handler = graphQLHandler(route, mount.operations, mount.apollo);
        for (const url of urlsOf(dialect, route.path)) scope.route({ method: route.method, url, onRequest, handler });
      }
      table.serve?.(scope, mount.app);
      registerMethodFallbacks(scope, dialect, routes);
    },
    { prefix: dialect.prefix },
  );
}
