// A dialect: one family of REST paths with its own conventions (the Varmply paths, the legacy `/api/...`
// paths). The core (router.ts, openapi.ts) serves and documents any dialect's route table; what differs
// between families is said here once per dialect, never per route: the error body, the body encodings, the
// auth kinds, the statuses every route answers, the id parameters, the value codecs.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ErrorCode } from "../../src/shared/errors.js";
import { pathParameters, type BodyType, type ErrorStatus, type JsonSchema, type RestRoute, type RouteErrors } from "./route.js";
import type { RestError } from "./failure.js";
import type { AcceptedTokens, App } from "../../src/context.js";

/** How a path of the dialect authenticates its caller. */
export interface AuthKind {
  /** The path's OpenAPI `security` requirement. */
  security: Record<string, string[]>[];
  /**
   * Runs as the request arrives, before its body is read: throws a RestFailure (401) to refuse the caller.
   * The bearer token itself is verified afterwards, when the request's context is built.
   */
  check(request: FastifyRequest): void;
  /** Which access tokens the path takes (src/context.ts): signIn tokens unless it says otherwise. */
  accepts?: AcceptedTokens;
}

export interface Dialect<Auth extends string = string, Codecs = unknown> {
  name: string;
  /** The URL prefix whose every path the dialect answers ("" for the paths no other dialect claims). */
  prefix: string;
  /** Body encodings a route accepts unless it names its own. */
  bodyTypes: BodyType[];
  /** Whether a request without a body validates as `{}` (otherwise a route with a body schema requires one). */
  emptyBodyIsObject: boolean;
  /**
   * Whether JSON bodies are read like form fields, scalars coerced to the schema's types (`"123"` → 123):
   * for clients of a form API, which send the same text values in JSON. Otherwise JSON is taken as typed.
   */
  coercesJsonLikeForm?: boolean;
  /** Whether `/a/b` and `/a/b/` are the same path. */
  trailingSlashOptional: boolean;
  /** Whether OPTIONS answers 204 with `Allow` (otherwise it is one more method the path does not serve). */
  answersOptions: boolean;
  auth: Record<Auth, AuthKind>;
  defaultAuth: Auth;
  /** The body of every error answer on the dialect's paths. */
  errorBody(error: RestError, requestId: string): Record<string, unknown>;
  /** The statuses every route answers without listing them (401 where a caller must authenticate, …), with their texts. */
  standardErrors(route: RestRoute<Auth>, auth: AuthKind): RouteErrors;
  /** The text a route's `true` stands for, per status. */
  standardTexts: Partial<Record<ErrorStatus, string>>;
  /** The schema of a path parameter the route does not describe itself (`participationId`). */
  pathParameter(name: string): JsonSchema;
  /** How the dialect writes values (money, dates, enums): small functions its routes' shaping uses. */
  codecs: Codecs;
  openapi: {
    /** A paragraph of the document's description about the dialect's paths. */
    description: string;
    /** The error body's schema, published as `components.schemas[errorSchemaName]`. */
    errorSchemaName: string;
    errorSchema: JsonSchema;
    errorExample(code: ErrorCode): Record<string, unknown>;
    securitySchemes: Record<string, Record<string, unknown>>;
    /** The `default` response: what any other failure answers. */
    defaultResponse: string;
  };
}

/** A route as served and documented: the dialect's defaults filled in. */
export type ResolvedRoute = RestRoute & {
  auth: string;
  authKind: AuthKind;
  dialect: Dialect;
  request: NonNullable<RestRoute["request"]> & { bodyTypes: BodyType[] };
  /** Every error status the route answers, with its text: the dialect's standard ones, then the route's own. */
  errors: Partial<Record<ErrorStatus, string>>;
};

export function resolveRoute(dialect: Dialect, route: RestRoute): ResolvedRoute {
  const where = `rest-compat: ${route.method} ${route.path}`;
  if (!route.path.startsWith(dialect.prefix)) throw new Error(`${where} is outside dialect ${dialect.name}'s prefix ${dialect.prefix}`);
  const auth = route.auth ?? dialect.defaultAuth;
  const authKind = dialect.auth[auth];
  if (!authKind) throw new Error(`${where} names auth "${auth}", which dialect ${dialect.name} does not have`);

  const errors: Partial<Record<ErrorStatus, string>> = {};
  for (const [status, text] of Object.entries({ ...dialect.standardErrors(route, authKind), ...route.errors })) {
    const standard = dialect.standardTexts[Number(status) as ErrorStatus];
    if (text === true && !standard) throw new Error(`${where}: dialect ${dialect.name} has no standard text for ${status}`);
    errors[Number(status) as ErrorStatus] = text === true ? standard : text;
  }

  const names = pathParameters(route.path);
  const params =
    route.request?.params ??
    (names.length ? { type: "object", required: names, properties: Object.fromEntries(names.map((name) => [name, dialect.pathParameter(name)])) } : undefined);
  const request = { ...route.request, ...(params ? { params } : {}), bodyTypes: route.request?.bodyTypes ?? dialect.bodyTypes };
  return { ...route, auth, authKind, dialect, request, errors };
}

/** A dialect and the routes it serves. */
export interface RouteTable<Auth extends string = string> {
  dialect: Dialect<Auth, any>;
  routes: readonly RestRoute<Auth>[];
  /**
   * Serves the table's `kind: "server"` routes that run no GraphQL operation (`/oauth/token`) in the dialect's
   * scope, after its body parsers and error handlers are set, so their failures are answered in its body.
   */
  serve?(scope: FastifyInstance, app: App): void;
}
