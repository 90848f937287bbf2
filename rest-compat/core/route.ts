// What one entry of a route table says. Entries are data: the router (router.ts) turns them into Fastify
// routes in their dialect's scope and the OpenAPI generator (openapi.ts) into documentation, so the two can
// never disagree. What every route of a dialect shares (error statuses, id parameters, auth kinds) is the
// dialect's (dialect.ts), not the entry's.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { ErrorCode } from "../../src/shared/errors.js";

/** A JSON Schema (the 2020-12 subset that OpenAPI 3.1 and Ajv both understand). */
export type JsonSchema = Record<string, unknown>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Body encodings a route accepts. */
export type BodyType = "json" | "form";

export const MEDIA_TYPES: Record<BodyType, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
};

/** What the request carried, after validation: path parameters, query string and body. */
export interface RestInput {
  params: Record<string, string>;
  query: Record<string, any>;
  body: Record<string, any>;
}

export interface RestResponse {
  description: string;
  schema?: JsonSchema;
  /** The documentation's example, with its elisions (`{ … }`) filled in as docs/rest-compat.md explains. */
  example?: unknown;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503;

/**
 * Error statuses a path answers, with when. `true` takes the dialect's standard text for that status; the
 * statuses every route of a dialect answers (401 on authenticated paths, 413/415 where a body can be sent)
 * are added by the dialect and need not be listed.
 */
export type RouteErrors = Partial<Record<ErrorStatus, string | true>>;

interface RouteBase<Auth extends string> {
  method: HttpMethod;
  /** OpenAPI spelling: `/participations/{participationId}`. */
  path: string;
  /** One of the dialect's auth kinds; the dialect's default when absent. */
  auth?: Auth;
  tag: string;
  summary: string;
  description: string;
  request?: {
    /** The dialect derives an id parameter's schema from its name when this is absent. */
    params?: JsonSchema;
    query?: JsonSchema;
    body?: JsonSchema;
    /** The dialect's body types when absent. */
    bodyTypes?: BodyType[];
    bodyExample?: unknown;
  };
  /** The success response, keyed by its status. */
  success: { status: 200 | 201; response: RestResponse };
  errors?: RouteErrors;
}

/** A documented path answered by running one GraphQL operation in-process. */
export interface GraphQLRoute<Data = any, Variables = any, Auth extends string = string> extends RouteBase<Auth> {
  kind: "graphql";
  /**
   * The operation's typed document (rest-compat/generated/operations.ts, generated from the `.graphql` file
   * beside the route): it names the operation and types `variables` and `respond`.
   */
  operation: TypedDocumentNode<Data, Variables>;
  variables(input: RestInput): Variables;
  /**
   * GraphQL input names → the REST names the client sent, so that `details.fields` of a validation error
   * names what the client knows (`contentUrl` → `content_url`, the argument `id` → `participationId`).
   */
  fieldNames?: Record<string, string>;
  /** Shapes the operation's `data` into the documented body. */
  respond(data: Data): unknown;
}

/**
 * A path the server itself serves (the health probes in src/server.ts): listed so that it is documented,
 * appears in /openapi.json and gets 405s, but no GraphQL operation stands behind it.
 */
export interface ServerRoute<Auth extends string = string> extends RouteBase<Auth> {
  kind: "server";
}

export type RestRoute<Auth extends string = string> = GraphQLRoute<any, any, Auth> | ServerRoute<Auth>;

/** Which error code a status stands for in an error body (413, 415 and 405 have no code of their own). */
export const CODE_OF_STATUS: Record<ErrorStatus, ErrorCode> = {
  400: "VALIDATION_ERROR",
  401: "UNAUTHORIZED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  405: "VALIDATION_ERROR",
  409: "CONFLICT",
  413: "VALIDATION_ERROR",
  415: "VALIDATION_ERROR",
  429: "RATE_LIMITED",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

/** `/participations/{participationId}` → `/participations/:participationId` (Fastify's spelling). */
export const fastifyPath = (path: string): string => path.replace(/\{(\w+)\}/g, ":$1");

/** The names of a path's parameters, in order. */
export const pathParameters = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

/** A method that can carry a body. */
export const takesBody = (method: HttpMethod): boolean => method !== "GET" && method !== "DELETE";

/** A GraphQL route as its file writes it: `kind` is implied, and `respond`/`variables` are typed by `operation`. */
export type GraphQLRouteSpec<Data, Variables, Auth extends string = string> = Omit<GraphQLRoute<Data, Variables, Auth>, "kind">;

/** `Auth` is inferred from the route's `auth`; without one the route takes its dialect's default. */
export const defineRoute = <Data, Variables, Auth extends string = never>(
  route: GraphQLRouteSpec<Data, Variables, Auth>,
): GraphQLRoute<Data, Variables, Auth> => ({ kind: "graphql", ...route });
