// The legacy Campaigns API (`/api/...`, docs/rest-compat.md "The legacy dialect"): every endpoint is POST at
// its documented path, with or without the trailing slash; bodies are form fields (`a[b]=c` nesting) or
// JSON, an empty body where nothing is required; the error body is
// `{ "status": "error", "error": CODE, "message": …, "requestId": … }` (+ `details.fields` on validation
// errors) for every failure under /api/, unknown paths included.
import { ERROR_HTTP_STATUS, type ErrorCode } from "../../src/shared/errors.js";
import type { AuthKind, Dialect } from "../core/dialect.js";
import { bearerAuth, bearerAuthScheme, noAuth } from "../core/auth.js";
import { RestFailure, userMessageOf, type RestError } from "../core/failure.js";
import { readFileSync } from "node:fs";
import { enumOf, integer, nullable, object, requestObject, string } from "../core/json-schema.js";
import { defineRoute, type GraphQLRouteSpec, type JsonSchema, type RouteErrors } from "../core/route.js";
import * as codecs from "./codecs.js";

/**
 * `app`: a user's access token issued to a registered application (OAuth 2 client credentials at
 * `/oauth/token`); `bearer`: an access token from GraphQL `signIn` (the back-office endpoints); `none`: public.
 */
export type LegacyAuth = "app" | "bearer" | "none";

/**
 * A user's access token issued to a registered application at /oauth/token: the context (src/context.ts)
 * takes only tokens with a `client_id` whose application is not revoked, looked up on every request, and
 * the request then runs as the token's user, as with `bearer`. See docs/oauth.md.
 */
const appAuth: AuthKind = {
  security: [{ appAuth: [] }],
  accepts: "application",
  check(request) {
    if (!request.headers.authorization) {
      throw new RestFailure(401, "UNAUTHORIZED", "Sign in through a registered application: send its access token as 'Authorization: Bearer <token>'", {
        technicalMessage: "No Authorization header",
      });
    }
  },
};

/** Public paths: partner apps send their application token along, which is verified and accepted like a signIn token. */
const publicAuth: AuthKind = { ...noAuth, accepts: "any" };

function errorBody(error: RestError, requestId: string) {
  const fields = error.details?.fields;
  return { status: "error", error: error.code, message: error.message, ...(fields ? { details: { fields } } : {}), requestId };
}

const errorSchema: JsonSchema = {
  type: "object",
  required: ["status", "error", "message", "requestId"],
  properties: {
    status: enumOf(["error"], "Always error"),
    error: enumOf(Object.keys(ERROR_HTTP_STATUS), "Stable error code for programmatic handling."),
    message: string("What went wrong, for people."),
    details: {
      type: "object",
      description: "Validation errors carry `fields`: each offending request field → what is wrong with it.",
      properties: { fields: { type: "object", additionalProperties: { type: "string" } } },
    },
    requestId: string("The request's id, also in the X-Request-ID response header."),
  },
};

export const legacy: Dialect<LegacyAuth, typeof codecs> = {
  name: "legacy",
  prefix: "/api",
  bodyTypes: ["form", "json"],
  emptyBodyIsObject: true,
  // The documentation's JSON examples carry ids as text (`"campaign_id": "123"`), as its form examples do.
  coercesJsonLikeForm: true,
  trailingSlashOptional: true,
  answersOptions: false,
  auth: { app: appAuth, bearer: bearerAuth, none: publicAuth },
  defaultAuth: "app",
  errorBody,
  standardTexts: {
    401: "No valid access token",
    405: "Another method than POST",
    413: "The body is larger than the limit",
    415: "The body is neither form fields nor JSON",
    429: "Too many requests; see `Retry-After`",
    503: "The database cannot be reached",
  },
  standardErrors(route, auth) {
    const texts = legacy.standardTexts;
    return { ...(auth === publicAuth ? {} : { 401: texts[401] }), 405: texts[405], 413: texts[413], 415: texts[415] };
  },
  // Legacy ids are the rows' integer keys.
  pathParameter: (name) => integer(`The ${name.replace(/_?id$/i, "")}'s id`, { minimum: 1 }),
  codecs,
  openapi: {
    description:
      "The legacy Campaigns API (`/api/...`): every endpoint is POST, takes form fields or JSON and answers errors as " +
      '`{ "status": "error", "error", "message", "details"?, "requestId" }`.',
    errorSchemaName: "LegacyError",
    errorSchema,
    errorExample: (code: ErrorCode) => ({ status: "error", error: code, message: userMessageOf(code), requestId: "550e8400-e29b-41d4-a716-446655440000" }),
    securitySchemes: {
      appAuth: {
        type: "oauth2",
        description: "A user's access token issued to a registered application.",
        flows: { password: { tokenUrl: "/oauth/token", refreshUrl: "/oauth/token", scopes: {} } },
      },
      bearerAuth: bearerAuthScheme,
    },
    defaultResponse: "Any other error: 500 INTERNAL_SERVER_ERROR, 503 SERVICE_UNAVAILABLE",
  },
};

// ---- a route's defaults ----------------------------------------------------------------------------------

/** The documentation's title, request example and response example of every legacy path, one line each. */
const SEED: Record<string, { title: string; request: Record<string, unknown> | null; response: unknown }> = JSON.parse(
  readFileSync(new URL("./seed-examples.json", import.meta.url), "utf8"),
);

// ---- the schemas of the values codecs.ts writes ----------------------------------------------------------

/** An amount out: a decimal in the campaign currency. */
export const decimal = (description: string): JsonSchema => ({ type: "number", minimum: 0, description });

/** A network, in lower case. */
export const network = (description: string): JsonSchema => enumOf(codecs.campaignNetworks([]), description);

/** A date object (`dateObject`), or null. */
export const dateObjectSchema = (description: string): JsonSchema =>
  nullable(
    object(
      {
        year: integer("Year"),
        month: integer("Month, 1-12"),
        day: integer("Day of the month"),
        hour: integer("Hour, 0-23"),
        minute: integer("Minute, 0-59"),
        second: integer("Second, 0-59"),
      },
      description,
    ),
  );

/** A successful action's answer, plus the fields the documentation shows beside `status` and `message`. */
export const successAnswer = (message: string, fields: Record<string, unknown> = {}) => ({ status: "success", message, ...fields });

export const successSchema = (fields: Record<string, JsonSchema> = {}): JsonSchema =>
  object({ status: enumOf(["success"], "Always success"), message: string("What happened"), ...fields });

/** An id a legacy body carries (`campaign_id=123`): a row's integer key, text in a form. */
export const legacyIdField = (what: string): JsonSchema => integer(`The ${what}'s id`, { minimum: 1, maximum: 2_147_483_647 });

/**
 * Who may call a path, from the path alone: the app paths (`/api/get/...`, `/api/action/...`) act for a user
 * through an application, the public list needs nothing, every other path is the back office's.
 */
export function legacyAuthOf(path: string): LegacyAuth {
  if (path.startsWith("/api/get/public/")) return "none";
  return path.startsWith("/api/get/") || path.startsWith("/api/action/") ? "app" : "bearer";
}

/** /openapi.json groups the legacy paths by who calls them. */
const LEGACY_TAGS: Record<LegacyAuth, string> = { app: "Legacy app", none: "Legacy public", bearer: "Legacy back office" };

/** A body of one required id (`task_id=456`), which the operation takes as `names` (so `details.fields` say `task_id`). */
export const idBody = (field: string, what: string, ...names: string[]) => ({
  body: { [field]: legacyIdField(what) },
  required: [field],
  fieldNames: Object.fromEntries(names.map((name) => [name, field])),
});

/** What a legacy route says beyond the defaults: POST at its documented path, the seed's title and examples. */
export interface LegacyRouteSpec<Data, Variables> {
  /** The documented path, trailing slash included (the key of seed-examples.json). */
  path: string;
  description: string;
  /** The body's fields and which are required; none means an empty body is the whole request. */
  body?: Record<string, JsonSchema>;
  required?: string[];
  operation: GraphQLRouteSpec<Data, Variables, LegacyAuth>["operation"];
  variables(body: Record<string, any>): Variables;
  fieldNames?: Record<string, string>;
  /** Shapes the answer; an action that only reports success names its `message` instead. */
  respond?(data: Data): unknown;
  /** The answer's schema (`successSchema()` for a `message`); its example is the documentation's unless `example` replaces it. */
  response?: JsonSchema;
  /** An action's answer: `{ "status": "success", "message": message }`. */
  message?: string;
  example?: unknown;
  errors?: RouteErrors;
}

/** A legacy entry from its essentials: everything the legacy paths share is filled in here, once. */
export function legacyRoute<Data, Variables>(spec: LegacyRouteSpec<Data, Variables>) {
  const seed = SEED[spec.path];
  if (!seed) throw new Error(`legacyRoute: ${spec.path} is not a documented legacy path`);
  if (!spec.respond === (spec.message === undefined)) throw new Error(`legacyRoute: ${spec.path} needs exactly one of respond and message`);
  return defineRoute<Data, Variables, LegacyAuth>({
    method: "POST",
    path: spec.path,
    auth: legacyAuthOf(spec.path),
    tag: LEGACY_TAGS[legacyAuthOf(spec.path)],
    summary: seed.title,
    description: spec.description,
    request: { body: requestObject(spec.body ?? {}, spec.required ?? []), bodyExample: seed.request ?? undefined },
    operation: spec.operation,
    variables: ({ body }) => spec.variables(body),
    fieldNames: spec.fieldNames,
    respond: spec.respond ?? (() => successAnswer(spec.message!)),
    success: { status: 200, response: { description: seed.title, schema: spec.response ?? successSchema(), example: spec.example ?? seed.response } },
    errors: spec.errors,
  });
}
