// The Varmply paths (docs/rest-compat.md): JSON bodies, bearer tokens from GraphQL `signIn`, ids as opaque
// strings, the error body `{ error, message, technicalMessage?, details?, requestId, timestamp }`. They own
// no prefix: every URL no other scope claims (unknown paths included) answers in this dialect.
import { ERROR_HTTP_STATUS, type ErrorCode } from "../../src/shared/errors.js";
import type { Dialect } from "../core/dialect.js";
import { bearerAuth, bearerAuthScheme, noAuth } from "../core/auth.js";
import { userMessageOf, type RestError } from "../core/failure.js";
import { enumOf, requestObject, string, timestamp } from "../core/json-schema.js";
import { pathParameters, takesBody, type JsonSchema } from "../core/route.js";

export type VarmplyAuth = "bearer" | "none";

function errorBody(error: RestError, requestId: string) {
  return {
    error: error.code,
    message: error.message,
    ...(error.technicalMessage && error.technicalMessage !== error.message ? { technicalMessage: error.technicalMessage } : {}),
    ...(error.details ? { details: error.details } : {}),
    requestId,
    timestamp: new Date().toISOString(),
  };
}

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error", "message", "requestId", "timestamp"],
  properties: {
    error: enumOf(Object.keys(ERROR_HTTP_STATUS), "Stable error code for programmatic handling."),
    message: string("User-friendly message, free of technical details."),
    technicalMessage: string("Detail for developers (ids, the rule that failed); only present when it differs from `message`."),
    details: {
      type: "object",
      description: "Structured detail. Validation errors carry `fields`: each offending request field → what is wrong with it.",
      properties: { fields: { type: "object", additionalProperties: { type: "string" } } },
    },
    requestId: string("The request's id, also in the X-Request-ID response header."),
    timestamp: timestamp("When the error happened (UTC)."),
  },
};

/** Example values of the id parameters (the documented ids); a route may show another with `idParameters`. */
const ID_EXAMPLES: Record<string, string> = {
  participationId: "participation_xyz789",
  submissionId: "submission_xyz789",
  campaignId: "campaign_abc123",
};

/** `participationId` → "participation", `influencerUserId` → "influencer user". */
const entityOf = (name: string) => name.replace(/Id$/, "").replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);

/** `participationId` → its schema: "Unique identifier for the participation". */
function idParameter(name: string, example = ID_EXAMPLES[name]): JsonSchema {
  return string(`Unique identifier for the ${entityOf(name)}`, example ? { examples: [example] } : {});
}

/** Path parameters with examples of the route's own (the documentation of that path shows other ids). */
export const idParameters = (examples: Record<string, string>): JsonSchema =>
  requestObject(Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, idParameter(name, example)])), Object.keys(examples));

const DESCRIPTION = `These are the documented REST paths, kept for existing clients; each one runs a GraphQL operation of the
primary API (\`POST /graphql\`) in-process. Access tokens come from the GraphQL \`signIn\` mutation:

    curl -s localhost:3000/graphql -H 'content-type: application/json' \\
      -d '{"query":"mutation { signIn(input: { email: \\"you@example.com\\", password: \\"...\\" }) { accessToken } }"}'

Errors share one body: \`{ error, message, technicalMessage?, details?, requestId, timestamp }\`. Common error codes:
NOT_FOUND (404), VALIDATION_ERROR (400; also 405, 413 and 415), PERMISSION_DENIED (403), CONFLICT (409),
UNAUTHORIZED (401), INTERNAL_SERVER_ERROR (500), SERVICE_UNAVAILABLE (503).`;

export const varmply: Dialect<VarmplyAuth, { metricKey(metric: string): string }> = {
  name: "varmply",
  prefix: "",
  bodyTypes: ["json"],
  emptyBodyIsObject: false,
  trailingSlashOptional: false,
  answersOptions: true,
  auth: { bearer: bearerAuth, none: noAuth },
  defaultAuth: "bearer",
  errorBody,
  standardTexts: {
    401: "No valid access token",
    413: "The body is larger than the limit",
    415: "The body is not JSON",
    429: "Too many requests; see `Retry-After`",
    503: "The database cannot be reached",
  },
  standardErrors(route, auth) {
    const texts = varmply.standardTexts;
    const bodiless = !route.request?.body;
    // A path about one object (`/participations/{participationId}/…`) refuses a malformed id and hides what the
    // caller may not see; an entry whose 400 or 404 says more lists its own text.
    const [id] = pathParameters(route.path);
    return {
      ...(id ? { 400: `The ${entityOf(id)} id is malformed`, 404: `No such ${entityOf(id)}, or the caller may not see it` } : {}),
      ...(auth === bearerAuth ? { 401: texts[401] } : {}),
      ...(takesBody(route.method)
        ? bodiless
          ? { 413: "The body is larger than the limit (the path takes no body)", 415: "A body was sent that is not JSON (the path takes no body)" }
          : { 413: texts[413], 415: texts[415] }
        : {}),
    };
  },
  pathParameter: (name) => idParameter(name),
  // The GraphQL enum AnalyticsMetric (IMPRESSIONS) is the documented metric key (impressions).
  codecs: { metricKey: (metric) => metric.toLowerCase() },
  openapi: {
    description: DESCRIPTION,
    errorSchemaName: "Error",
    errorSchema,
    errorExample: (code: ErrorCode) => ({
      error: code,
      message: userMessageOf(code),
      requestId: "550e8400-e29b-41d4-a716-446655440000",
      timestamp: "2024-01-01T12:00:00.000Z",
    }),
    securitySchemes: { bearerAuth: bearerAuthScheme },
    defaultResponse: "Any other error: 500 INTERNAL_SERVER_ERROR, 503 SERVICE_UNAVAILABLE",
  },
};
