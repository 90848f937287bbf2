// Cross-origin access for browser clients (CORS_ORIGINS): which pages on other origins may call every path
// (/graphql, the REST dialects, /health, /openapi.json), with which headers, and what they may read back.
import type { FastifyCorsOptions } from "@fastify/cors";
import type { Config } from "../config.js";

/** The request headers clients send: the bearer token, JSON, Apollo's CSRF headers, our request id, W3C trace context. */
export const CORS_ALLOWED_HEADERS = [
  "authorization",
  "content-type",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
  "x-request-id",
  "traceparent",
  "tracestate",
];

/** Response headers a page may read beyond the CORS-safelisted ones: the request id and the rate-limit answers. */
export const CORS_EXPOSED_HEADERS = [
  "x-request-id",
  "retry-after",
  "ratelimit",
  "ratelimit-policy",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
];

/** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
export const CORS_PREFLIGHT_MAX_AGE_SECONDS = 7_200;

/**
 * @fastify/cors options for the configured origins, or undefined when none is configured (no CORS headers at
 * all: same-origin only). Credentials are never allowed: the API authenticates with bearer tokens, not cookies,
 * so a page never needs to send cookies, and `*` stays safe.
 */
export function corsOptions(config: Pick<Config, "corsOrigins">): FastifyCorsOptions | undefined {
  const { corsOrigins } = config;
  if (corsOrigins !== "*" && corsOrigins.length === 0) return undefined;
  const allowed = corsOrigins === "*" ? undefined : new Set(corsOrigins);
  const granted: FastifyCorsOptions = {
    // The caller's origin, echoed (with Vary: Origin), or `*` when every origin is allowed.
    origin: allowed ? true : "*",
    credentials: false,
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: CORS_PREFLIGHT_MAX_AGE_SECONDS,
    preflight: true,
  };
  // An OPTIONS that is no preflight (no Access-Control-Request-Method) gets the CORS headers and then the
  // path's own OPTIONS or 405 answer (rest-compat/core/router.ts), not a bare 400 from the plugin.
  const grantedWithoutPreflight: FastifyCorsOptions = { ...granted, preflight: false };
  // No CORS handling at all for a request without an allowed Origin: it is answered as if CORS did not exist.
  const refused: FastifyCorsOptions = { origin: false };
  return {
    // Runs as the request arrives: a preflight is answered before authentication, body parsing and any path's
    // own OPTIONS or 405 handler.
    hook: "onRequest",
    delegator(request, callback) {
      const origin = request.headers.origin;
      if (origin === undefined || (allowed && !allowed.has(origin))) return callback(null, refused);
      const isPreflight = request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined;
      callback(null, isPreflight || request.method !== "OPTIONS" ? granted : grantedWithoutPreflight);
    },
  };
}
