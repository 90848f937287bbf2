// The legacy Campaigns API (`/api/...`, docs/rest-compat.md "The legacy dialect"): every endpoint is POST at
// its documented path, with or without the trailing slash; bodies are form fields (`a[b]=c` nesting) or
// JSON, an empty body where nothing is required; the error body is
// `{ "status": "error", "error": CODE, "message": …, "requestId": … }` (+ `details.fields` on validation
// errors) for every failure under /api/, unknown paths included.
import { ERROR_HTTP_STATUS, type ErrorCode } from "../../src/shared/errors.js";
import type { AuthKind, Dialect } from "../core/dialect.js";
import { bearerAuth, bearerAuthScheme, noAuth } from "../core/auth.js";
import { RestFailure, userMessageOf, type RestError } from "../core/failure.js";
import { enumOf, integer, string } from "../core/json-schema.js";
import type { JsonSchema } from "../core/route.js";
import * as codecs from "./codecs.js";

/**
 * `app`: a user's access token issued to a registered application (OAuth 2 client credentials at
 * `/oauth/token`); `bearer`: an access token from GraphQL `signIn` (the back-office endpoints); `none`: public.
 */
export type LegacyAuth = "app" | "bearer" | "none";

/** Application tokens are not issued yet: until `/oauth/token` exists, an `app` path refuses every caller. */
const appAuth: AuthKind = {
  security: [{ appAuth: [] }],
  check() {
    throw new RestFailure(401, "UNAUTHORIZED", "Sign in through a registered application: send its access token as 'Authorization: Bearer <token>'", {
      technicalMessage: "Application access tokens are not issued by this server yet",
    });
  },
};

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
  trailingSlashOptional: true,
  answersOptions: false,
  auth: { app: appAuth, bearer: bearerAuth, none: noAuth },
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
    return { ...(auth === noAuth ? {} : { 401: texts[401] }), 405: texts[405], 413: texts[413], 415: texts[415] };
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
