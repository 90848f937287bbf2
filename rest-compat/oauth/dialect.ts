// The OAuth 2 token endpoint's conventions (RFC 6749; docs/oauth.md): errors are `{ error, error_description }`
// (§5.2) with RFC error codes, every answer carries `Cache-Control: no-store` and `Pragma: no-cache` (§5.1),
// bodies are form fields (as the RFC says) or JSON, and the client authenticates with HTTP Basic
// (`client_secret_basic`, §2.3.1) or `client_id` + `client_secret` fields (`client_secret_post`).
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { App } from "../../src/context.js";
import type { GrantedApplication } from "../../src/auth/auth.service.js";
import { isStorableText } from "../../src/graphql/input-safety.js";
import { authenticateClient as applicationOf } from "../../src/applications/application.service.js";
import type { ErrorCode } from "../../src/shared/errors.js";
import type { AuthKind, Dialect } from "../core/dialect.js";
import { RestFailure, type RestError } from "../core/failure.js";
import { enumOf, string } from "../core/json-schema.js";
import type { JsonSchema } from "../core/route.js";

export type OAuthAuth = "client";

export const OAUTH_ERRORS = ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "slow_down", "server_error", "temporarily_unavailable"] as const;
export type OAuthError = (typeof OAUTH_ERRORS)[number];

/** The RFC code of an error of ours that names none (a 405, a malformed body, a lost database). */
const OAUTH_ERROR_OF_CODE: Record<ErrorCode, OAuthError> = {
  VALIDATION_ERROR: "invalid_request",
  UNAUTHORIZED: "invalid_client",
  PERMISSION_DENIED: "unauthorized_client",
  NOT_FOUND: "invalid_request",
  CONFLICT: "invalid_request",
  RATE_LIMITED: "slow_down",
  INTERNAL_SERVER_ERROR: "server_error",
  SERVICE_UNAVAILABLE: "temporarily_unavailable",
};

export const REALM = 'Basic realm="oauth", charset="UTF-8"';

/** An RFC 6749 §5.2 error: 400, or 401 with `WWW-Authenticate` for `invalid_client` (§5.2 requires it after HTTP Basic). */
export function oauthFailure(error: OAuthError, description: string, status = error === "invalid_client" ? 401 : 400, headers: Record<string, string> = {}): RestFailure {
  const code: ErrorCode = status === 401 ? "UNAUTHORIZED" : status === 429 ? "RATE_LIMITED" : status === 503 ? "SERVICE_UNAVAILABLE" : "VALIDATION_ERROR";
  return new RestFailure(status, code, description, {
    details: { oauthError: error },
    headers: { ...(status === 401 ? { "www-authenticate": REALM } : {}), ...headers },
  });
}

/** §5.2: `error_description` is printable ASCII without `"` and `\`. */
const asciiText = (text: string) => text.replace(/[’‘]/g, "'").replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, "");

function errorBody(error: RestError) {
  const named = error.details?.oauthError;
  return { error: typeof named === "string" ? named : OAUTH_ERROR_OF_CODE[error.code], error_description: asciiText(error.message) };
}

/** RFC 6749 §2.3.1: the id and the secret are form-urlencoded before they are joined for HTTP Basic. */
const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));

/** The client id and secret of an `Authorization: Basic` header; undefined without a header; invalid_client for any other. */
export function basicCredentials(request: FastifyRequest): { clientId: string; clientSecret: string } | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  const decoded = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  try {
    if (colon > 0) {
      const [clientId, clientSecret] = [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
      if (isStorableText(clientId) && isStorableText(clientSecret)) return { clientId, clientSecret };
    }
  } catch {
    // a malformed percent escape: not credentials
  }
  throw oauthFailure("invalid_client", "Authorization must be 'Basic base64(client_id:client_secret)'");
}

/** A parameter the request needs: invalid_request when it is absent or empty. */
export function required(params: Record<string, string | undefined>, name: string): string {
  const value = params[name];
  if (value === undefined) throw oauthFailure("invalid_request", `${name} is required`);
  return value;
}

/** The body's parameters: each a string sent at most once (§3.2), empty ones as omitted (§3.1). */
export function parametersOf(body: unknown): Record<string, string | undefined> {
  if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) throw oauthFailure("invalid_request", "The body must be form fields or a JSON object");
  const params: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body ?? {})) {
    if (typeof value !== "string") throw oauthFailure("invalid_request", `${name} must be sent once, as text`);
    // PostgreSQL refuses such text in a statement's parameters (a lookup would fail as a 500, not a mismatch).
    if (!isStorableText(value)) throw oauthFailure("invalid_request", `${name} must not contain NUL characters or unpaired surrogates`);
    params[name] = value === "" ? undefined : value;
  }
  return params;
}

/** The application the request authenticates as (§2.3: one method only), as the sign-in functions take it. */
export async function authenticateClient(app: App, request: FastifyRequest, params: Record<string, string | undefined>): Promise<GrantedApplication> {
  const basic = basicCredentials(request);
  if (basic && params.client_secret !== undefined) throw oauthFailure("invalid_request", "Authenticate the client one way: HTTP Basic or client_secret, not both");
  if (basic && params.client_id !== undefined && params.client_id !== basic.clientId) throw oauthFailure("invalid_request", "client_id differs from the HTTP Basic client");
  const credentials = basic ?? (params.client_id && params.client_secret ? { clientId: params.client_id, clientSecret: params.client_secret } : undefined);
  if (!credentials) throw oauthFailure("invalid_client", "Authenticate the client with HTTP Basic or client_id and client_secret");
  const application = await applicationOf(app.database.db, credentials.clientId, credentials.clientSecret);
  if (!application) throw oauthFailure("invalid_client", "Unknown or revoked client, or a wrong client secret");
  return { id: application.id, clientId: application.clientId };
}

/** The token endpoint authenticates the client itself (HTTP Basic or body fields), inside its handler. */
const clientAuth: AuthKind = { security: [{ clientSecretBasic: [] }, {}], check() {} };

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: enumOf(OAUTH_ERRORS, "RFC 6749 §5.2 error code."),
    error_description: string("What went wrong, for the client's developer (ASCII)."),
  },
};

export const oauth: Dialect<OAuthAuth> = {
  name: "oauth",
  prefix: "/oauth",
  bodyTypes: ["form", "json"],
  emptyBodyIsObject: true,
  trailingSlashOptional: false,
  answersOptions: false,
  auth: { client: clientAuth },
  defaultAuth: "client",
  errorBody,
  standardTexts: {
    400: "invalid_request, invalid_grant or unsupported_grant_type",
    401: "invalid_client: the client is unknown, revoked, its secret is wrong, or it did not authenticate",
    405: "Another method than POST",
    413: "The body is larger than the limit",
    415: "The body is neither form fields nor JSON",
    429: "Too many sign-in attempts: slow_down, see `Retry-After`",
  },
  standardErrors: () => ({ 400: true, 401: true, 405: true, 413: true, 415: true, 429: true }),
  pathParameter: (name) => string(name),
  codecs: {},
  openapi: {
    description:
      "The OAuth 2 token endpoint (`POST /oauth/token`, RFC 6749) gives registered applications a user's access token for the " +
      "legacy app endpoints; its errors are RFC 6749's `{ error, error_description }`.",
    errorSchemaName: "OAuthError",
    errorSchema,
    errorExample: (code: ErrorCode) => ({ error: OAUTH_ERROR_OF_CODE[code], error_description: "What went wrong" }),
    securitySchemes: {
      clientSecretBasic: { type: "http", scheme: "basic", description: "client_secret_basic: the application's client id and secret (RFC 6749 §2.3.1)." },
    },
    defaultResponse: "Any other error: 500 server_error, 503 temporarily_unavailable",
  },
};

/** §5.1 and §5.2: no answer of the token endpoint may be cached. */
export function noStore(scope: FastifyInstance): void {
  scope.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store").header("pragma", "no-cache");
  });
}
