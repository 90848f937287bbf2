// The one place GraphQL errors become the public error vocabulary (README, "Errors"). Domain errors keep their
// code and details; GraphQL's own request errors become VALIDATION_ERROR; a lost database is
// SERVICE_UNAVAILABLE; anything else is masked as INTERNAL_SERVER_ERROR (and logged by the server).
import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DomainError, isErrorCode } from "../shared/errors.js";

const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "PERSISTED_QUERY_NOT_FOUND",
]);

// CONNECTION_ACQUIRE_TIMEOUT and READINESS_TIMEOUT come from src/db/client.ts; 57014 is a statement
// cancelled by statement_timeout (the database is too slow to answer, not the request wrong).
const CONNECTION_ERROR =
  /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|CONNECT_TIMEOUT|CONNECTION_(ENDED|CLOSED|DESTROYED|ACQUIRE_TIMEOUT)|READINESS_TIMEOUT|08\w{3}|57P0[1-3]|57014|53300)$/;

/** True for errors that mean the database cannot be reached, as opposed to a failed query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERROR.test(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Names the input field a coercion error is about, e.g. `at "input.platform"` → `input.platform`. */
function fieldsOf(message: string): Record<string, string> | undefined {
  const variable = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s.exec(message);
  if (variable) return { [variable[2] ?? variable[1]!]: variable[3]! };
  const argument = /Argument "(\w+)"|Field "(\w+)" of required type|field "(\w+)"/.exec(message);
  if (argument) return { [argument[1] ?? argument[2] ?? argument[3]!]: message };
  return undefined;
}

/** Apollo's own request errors that have no code (a persisted query whose hash does not match) carry a 4xx. */
function isUncodedClientError(error: unknown): boolean {
  const extensions = (error as { extensions?: { code?: unknown; http?: { status?: unknown } } } | undefined)?.extensions;
  const status = extensions?.http?.status;
  return extensions?.code === undefined && typeof status === "number" && status >= 400 && status < 500;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    return { ...base, extensions: { code: original.code, ...(original.extensions.details ? { details: original.extensions.details } : {}) } };
  }
  if (typeof code === "string" && REQUEST_ERROR_CODES.has(code)) {
    const fields = fieldsOf(formatted.message);
    return { ...base, extensions: { code: "VALIDATION_ERROR", details: { reason: code, ...(fields ? { fields } : {}) } } };
  }
  if (isErrorCode(code) && code !== "INTERNAL_SERVER_ERROR") return { ...base, extensions: { code } };
  if (isUncodedClientError(original)) return { ...base, extensions: { code: "VALIDATION_ERROR" } };
  if (isDatabaseUnavailable(original)) {
    return { ...base, message: "The service is temporarily unavailable; try again shortly", extensions: { code: "SERVICE_UNAVAILABLE" } };
  }
  return { message: "Internal server error", locations: formatted.locations, path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** Whether an error is one the server must log: anything that was masked. */
export function isUnexpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return false;
  const code = (original as { extensions?: { code?: unknown } })?.extensions?.code;
  if (isUncodedClientError(original)) return false;
  return !(typeof code === "string" && (REQUEST_ERROR_CODES.has(code) || (isErrorCode(code) && code !== "INTERNAL_SERVER_ERROR")));
}
