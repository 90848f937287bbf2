// What one entry of the route table says. Entries are data: the router (router.ts) turns them into Fastify
// routes and the OpenAPI generator (openapi.ts) into documentation, so the two can never disagree.
import type { ErrorCode } from "../src/shared/errors.js";

/** A JSON Schema (the 2020-12 subset that OpenAPI 3.1 and Ajv both understand). */
export type JsonSchema = Record<string, unknown>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Body encodings a route accepts. Only paths whose documentation shows form fields accept `form`. */
export type BodyType = "json" | "form";

export const MEDIA_TYPES: Record<BodyType, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
};

/** What the request carried, after validation: path parameters, query string and body. */
export interface RestInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, any>;
}

export interface RestResponse {
  description: string;
  schema?: JsonSchema;
  /** The seed's example, with its elisions (`{ … }`) filled in as docs/rest-compat.md explains. */
  example?: unknown;
}

interface RouteBase {
  method: HttpMethod;
  /** OpenAPI spelling: `/participations/{participationId}`. */
  path: string;
  /** `bearer`: a JWT access token from GraphQL `signIn`; `none`: public. */
  auth: "bearer" | "none";
  tag: string;
  summary: string;
  description: string;
  request?: {
    params?: JsonSchema;
    query?: JsonSchema;
    body?: JsonSchema;
    /** Defaults to JSON only. */
    bodyTypes?: BodyType[];
    bodyExample?: unknown;
  };
  /** The success response, keyed by its status. */
  success: { status: 200 | 201; response: RestResponse };
  /** Every error status the path can answer, with when. The body is always the error shape (DESIGN §7). */
  errors: Partial<Record<ErrorStatus, string>>;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503;

/** A documented path answered by running one GraphQL operation in-process. */
export interface GraphQLRoute<Data = any> extends RouteBase {
  kind: "graphql";
  /** A document in rest-compat/operations/ (file name without `.graphql`). */
  operation: string;
  variables(input: RestInput): Record<string, unknown>;
  /**
   * GraphQL input names → the REST names the client sent, so that `details.fields` of a validation error
   * names what the client knows (`contentUrl` → `content_url`, the argument `id` → `participationId`).
   */
  fieldNames?: Record<string, string>;
  /** Shapes the operation's `data` into the documented body. */
  respond(data: Data): unknown;
}

/**
 * A path the server itself serves (the health probes in src/server.ts): listed here so that it is
 * documented, appears in /openapi.json and gets 405s, but no GraphQL operation stands behind it.
 */
export interface ServerRoute extends RouteBase {
  kind: "server";
}

export type RestRoute = GraphQLRoute | ServerRoute;

export const defineRoute = <Data>(route: GraphQLRoute<Data>): GraphQLRoute<Data> => route;

/** Which error code a status stands for in the error body (413, 415 and 405 have no code of their own). */
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
