// REST failures, whatever the dialect: an error answer's HTTP status, code, messages and details. Each
// dialect (dialect.ts) renders a failure in its own body; this module decides what the failure is, for the
// errors of a GraphQL operation, for the context's errors, and for what Fastify raises before a handler runs.
import type { FastifyError } from "fastify";
import type { GraphQLFormattedError } from "graphql";
import { DomainError, ERROR_HTTP_STATUS, isErrorCode, type ErrorCode } from "../../src/shared/errors.js";
import { isDatabaseUnavailable } from "../../src/graphql/format-error.js";

export interface RestError {
  code: ErrorCode;
  message: string;
  technicalMessage?: string;
  details?: Record<string, unknown>;
}

/**
 * An error answer: its HTTP status and the body's fields, plus headers it must carry (`Allow` on a 405,
 * `Retry-After` on a 429). Thrown anywhere in a dialect's scope (hooks included), its error handler renders it.
 */
export class RestFailure extends Error implements RestError {
  readonly technicalMessage?: string;
  readonly details?: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    extra: { technicalMessage?: string; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.technicalMessage = extra.technicalMessage;
    this.details = extra.details;
    const retryAfterSeconds = extra.details?.retryAfterSeconds;
    this.headers = { ...(code === "RATE_LIMITED" && typeof retryAfterSeconds === "number" ? { "retry-after": String(retryAfterSeconds) } : {}), ...extra.headers };
  }
}

/**
 * What the user reads (`message`), per code. The operation's own message, which names ids and rules, goes
 * to `technicalMessage` (the documentation: "Campaign with ID campaign_123 not found").
 */
const USER_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_ERROR: "The request is not valid",
  UNAUTHORIZED: "Sign in to continue: send a valid access token as 'Authorization: Bearer <token>'",
  PERMISSION_DENIED: "You are not allowed to do this",
  NOT_FOUND: "The requested resource was not found",
  CONFLICT: "This cannot be done in the resource's current state",
  RATE_LIMITED: "Too many requests; please wait before trying again (see the Retry-After header)",
  INTERNAL_SERVER_ERROR: "Something went wrong on our side; please try again later",
  SERVICE_UNAVAILABLE: "The service is temporarily unavailable; please try again shortly",
};

export const FIELDS_MESSAGE = "Some fields of the request are not valid; see details.fields";

export const userMessageOf = (code: ErrorCode): string => USER_MESSAGES[code];

/**
 * The object of a nullable lookup (`participation(id)`), in a route's `respond`. A missing object comes with
 * NOT_FOUND in `errors`, which the router answers before `respond` runs; a null without an error is 404 too.
 */
export function found<T>(value: T | null | undefined, what: string): T {
  if (value == null) throw new RestFailure(404, "NOT_FOUND", userMessageOf("NOT_FOUND"), { technicalMessage: `${what} not found` });
  return value;
}

/** `details.fields` keys from GraphQL input names (`input.contentUrl`, `id`) to the names the client sent. */
function renameFields(details: Record<string, unknown> | undefined, names: Record<string, string>): Record<string, unknown> | undefined {
  const fields = details?.fields as Record<string, unknown> | undefined;
  if (!fields || typeof fields !== "object") return details;
  const renamed = Object.fromEntries(
    Object.entries(fields).map(([key, problem]) => {
      const bare = key.replace(/^input\./, "");
      return [names[bare] ?? bare, problem];
    }),
  );
  return { ...details, fields: renamed };
}

/**
 * The failure a GraphQL operation's errors stand for: the error with the highest HTTP status wins (a
 * NOT_FOUND beside an INTERNAL_SERVER_ERROR is a 500), unknown codes count as 500.
 */
export function failureFromGraphQL(errors: readonly GraphQLFormattedError[], fieldNames: Record<string, string> = {}): RestFailure {
  const statusOf = (error: GraphQLFormattedError) => {
    const code = error.extensions?.code;
    return isErrorCode(code) ? ERROR_HTTP_STATUS[code] : 500;
  };
  const worst = errors.reduce((a, b) => (statusOf(b) > statusOf(a) ? b : a));
  const code = worst.extensions?.code;
  const restCode: ErrorCode = isErrorCode(code) ? code : "INTERNAL_SERVER_ERROR";
  const details = renameFields(worst.extensions?.details as Record<string, unknown> | undefined, fieldNames);
  const message = details?.fields ? FIELDS_MESSAGE : userMessageOf(restCode);
  // A masked internal error has nothing technical to add.
  return new RestFailure(statusOf(worst), restCode, message, {
    technicalMessage: restCode === "INTERNAL_SERVER_ERROR" ? undefined : worst.message,
    details,
  });
}

/** A domain error (a bad token while the context is built) or a lost database as a failure; anything else is not one. */
export function failureOfDomainError(error: unknown): RestFailure | undefined {
  if (error instanceof DomainError) {
    return new RestFailure(ERROR_HTTP_STATUS[error.code], error.code, userMessageOf(error.code), { technicalMessage: error.message });
  }
  if (isDatabaseUnavailable(error)) return new RestFailure(503, "SERVICE_UNAVAILABLE", userMessageOf("SERVICE_UNAVAILABLE"));
  return undefined;
}

/**
 * Any error that reaches a scope's error handler, as a failure: ours as they are; Fastify's own (malformed
 * JSON, a body over the limit, a type no parser takes, a broken URL) with their 4xx status; anything else a
 * 500 (the handler logs it).
 */
export function failureOf(error: unknown): RestFailure {
  if (error instanceof RestFailure) return error;
  const known = failureOfDomainError(error);
  if (known) return known;
  const status = (error as FastifyError).statusCode ?? 500;
  if (status === 413) return new RestFailure(413, "VALIDATION_ERROR", "The request body is too large");
  if (status === 415) return new RestFailure(415, "VALIDATION_ERROR", "Unsupported content type; send application/json");
  if (status >= 400 && status < 500) {
    const message = String((error as Error).message).replace(/^Body /, "The request body ");
    return new RestFailure(status, status === 404 ? "NOT_FOUND" : "VALIDATION_ERROR", message);
  }
  return new RestFailure(500, "INTERNAL_SERVER_ERROR", "Internal server error");
}
