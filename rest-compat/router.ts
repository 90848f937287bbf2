// The REST compatibility layer: Fastify routes generated from the route table (routes.ts). Each request is
// validated against its entry's schemas, then the entry's GraphQL operation runs in-process through
// `apollo.executeOperation` with the same per-request context /graphql builds (no HTTP hop), and the
// result is shaped into the documented body. Also serves /openapi.json and the /docs page.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import type { ApolloServer } from "@apollo/server";
import qs from "qs";
import { createContext, type App, type Context } from "../src/context.js";
import { DomainError, ERROR_HTTP_STATUS } from "../src/shared/errors.js";
import { isDatabaseUnavailable } from "../src/graphql/format-error.js";
import { getSchema } from "../src/graphql/schema.js";
import { routes as defaultRoutes } from "./routes.js";
import { MEDIA_TYPES, fastifyPath, type GraphQLRoute, type HttpMethod, type RestRoute } from "./route.js";
import { RestFailure, failureFromGraphQL, restErrorBody, userMessageOf } from "./errors.js";
import { compileRequestValidator } from "./request.js";
import { loadOperations, type Operations } from "./operations.js";
import { buildOpenApiDocument } from "./openapi.js";
import { registerDocsPage } from "./docs-page.js";

export interface RestCompatOptions {
  app: App;
  apollo: ApolloServer<Context>;
  /** The table to serve; tests pass their own. */
  routes?: readonly RestRoute[];
}

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: RestFailure) {
  const retryAfterSeconds = failure.details?.retryAfterSeconds;
  if (failure.code === "RATE_LIMITED" && typeof retryAfterSeconds === "number") reply.header("retry-after", String(retryAfterSeconds));
  return reply.code(failure.status).send(restErrorBody(failure, request.id));
}

/** The request's media type without parameters (`application/json; charset=utf-8` → `application/json`). */
const mediaTypeOf = (request: FastifyRequest) => (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();

const hasBody = (request: FastifyRequest) =>
  request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;

/**
 * Rejects a body in an encoding the path does not take, before it is read: form fields where the
 * documentation shows JSON are 415, as is any other type (Fastify itself only knows the types of all paths).
 */
function checkBodyType(route: GraphQLRoute, request: FastifyRequest): void {
  const accepted = (route.request?.bodyTypes ?? ["json"]).map((type) => MEDIA_TYPES[type]);
  if (route.method === "GET" || !hasBody(request) || accepted.includes(mediaTypeOf(request))) return;
  throw new RestFailure(415, "VALIDATION_ERROR", `Unsupported content type; send ${accepted.join(" or ")}`, {
    technicalMessage: `Content-Type '${request.headers["content-type"] ?? "(none)"}' is not accepted by ${route.method} ${route.path}`,
    details: { accepted },
  });
}

/** The per-request GraphQL context; a bad token is 401, a lost database 503. */
async function contextFor(app: App, request: FastifyRequest): Promise<Context> {
  try {
    return await createContext(app, request.id, request.headers.authorization, request.ip);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new RestFailure(ERROR_HTTP_STATUS[error.code], error.code, userMessageOf(error.code), { technicalMessage: error.message });
    }
    if (isDatabaseUnavailable(error)) throw new RestFailure(503, "SERVICE_UNAVAILABLE", userMessageOf("SERVICE_UNAVAILABLE"));
    throw error;
  }
}

/** The context built for each request before its body is read (see `authenticate`). */
const contexts = new WeakMap<FastifyRequest, Context>();

/**
 * Runs as the request arrives, before Fastify reads the body: who is asking comes before what they sent,
 * so an anonymous caller is 401 without its body (however large or malformed) being read or judged.
 */
function authenticate(route: GraphQLRoute, app: App) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      if (route.auth === "bearer" && !request.headers.authorization) {
        throw new RestFailure(401, "UNAUTHORIZED", userMessageOf("UNAUTHORIZED"), { technicalMessage: "No Authorization header" });
      }
      contexts.set(request, await contextFor(app, request));
      checkBodyType(route, request);
    } catch (error) {
      if (error instanceof RestFailure) return sendFailure(request, reply, error);
      throw error;
    }
  };
}

function graphQLHandler(route: GraphQLRoute, operations: Operations, apollo: ApolloServer<Context>) {
  const query = operations.get(route.operation);
  if (!query) throw new Error(`rest-compat: ${route.method} ${route.path} names operation "${route.operation}", which is not in rest-compat/operations/`);
  const validate = compileRequestValidator(route);

  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const input = validate(request);
      const response = await apollo.executeOperation({ query, variables: route.variables(input) }, { contextValue: contexts.get(request)! });
      if (response.body.kind !== "single") throw new Error(`rest-compat: ${route.operation} answered incrementally`);
      const { data, errors } = response.body.singleResult;
      // A REST body is all or nothing: any error fails the request, even beside partial data.
      if (errors?.length) throw failureFromGraphQL(errors, route.fieldNames);
      return reply.code(route.success.status).send(route.respond(data));
    } catch (error) {
      if (error instanceof RestFailure) return sendFailure(request, reply, error);
      throw error; // a bug: server.ts's error handler logs it and answers 500 in the same shape
    }
  };
}

/** For each path, the methods it does not serve answer 405 with `Allow`; OPTIONS answers 204 with it. */
function registerMethodFallbacks(scope: FastifyInstance, routes: readonly RestRoute[]) {
  const methodsByPath = new Map<string, Set<HttpMethod>>();
  for (const route of routes) {
    const url = fastifyPath(route.path);
    methodsByPath.set(url, (methodsByPath.get(url) ?? new Set()).add(route.method));
  }
  for (const [url, served] of methodsByPath) {
    const allowed = METHODS.filter((method) => served.has(method)).flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]));
    const allow = [...allowed, "OPTIONS"].join(", ");
    const unserved = [...METHODS, "HEAD"].filter((method) => !allowed.includes(method)) as HTTPMethods[];
    scope.route({
      method: unserved,
      url,
      handler: async (request, reply) => {
        reply.header("allow", allow);
        return sendFailure(
          request,
          reply,
          new RestFailure(405, "VALIDATION_ERROR", `This path does not accept ${request.method}; use ${allowed.join(" or ")}`, {
            details: { allowedMethods: allowed },
          }),
        );
      },
    });
    scope.options(url, async (_request, reply) => reply.header("allow", allow).code(204).send());
  }
}

export async function registerRestCompat(fastify: FastifyInstance, options: RestCompatOptions): Promise<void> {
  const routes = options.routes ?? defaultRoutes;
  const operations = loadOperations(await getSchema());
  const openApiDocument = JSON.stringify(buildOpenApiDocument(routes));

  // An encapsulated scope: the body parsers below apply to these routes only, not to /graphql.
  await fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    const json = scope.getDefaultJsonParser("error", "error");
    // An empty JSON body is no body (POST …/approve with a Content-Type but nothing else), not a 400.
    scope.addContentTypeParser(MEDIA_TYPES.json, { parseAs: "string" }, (request, body, done) =>
      body === "" ? done(null, undefined) : json(request, body as string, done),
    );
    // `key[sub]=v` and `list[]=a` nest as the documentation writes them.
    scope.addContentTypeParser(MEDIA_TYPES.form, { parseAs: "string" }, (_request, body, done) =>
      done(null, qs.parse(body as string, { depth: 5, arrayLimit: 100 })),
    );

    for (const route of routes) {
      if (route.kind !== "graphql") continue; // served by src/server.ts
      scope.route({
        method: route.method,
        url: fastifyPath(route.path),
        onRequest: authenticate(route, options.app),
        handler: graphQLHandler(route, operations, options.apollo),
      });
    }
    registerMethodFallbacks(scope, routes);

    scope.get("/openapi.json", async (_request, reply) => reply.type("application/json; charset=utf-8").send(openApiDocument));
    registerDocsPage(scope);
  });
}
