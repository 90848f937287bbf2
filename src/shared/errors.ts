// The one error vocabulary (README, "Errors"). Domain code throws these; the GraphQL boundary keeps their code in
// `extensions.code`, and rest-compat turns the code into an HTTP status and the documented error body.
import { GraphQLError } from "graphql";

export const ERROR_HTTP_STATUS = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_HTTP_STATUS;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && value in ERROR_HTTP_STATUS;
}

export class DomainError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, { extensions: { code, ...(details ? { details } : {}) } });
  }
}

export const NotFound = (what: string, id?: string) =>
  new DomainError("NOT_FOUND", id ? `${what} ${id} was not found` : `${what} was not found`);

export const PermissionDenied = (message = "You are not allowed to do this") =>
  new DomainError("PERMISSION_DENIED", message);

export const Unauthorized = (message = "Authentication required") => new DomainError("UNAUTHORIZED", message);

export const Conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError("CONFLICT", message, details);

/** `fields` maps each offending input field to what is wrong with it. */
export const ValidationFailed = (message: string, fields?: Record<string, string>) =>
  new DomainError("VALIDATION_ERROR", message, fields ? { fields } : undefined);

export const ServiceUnavailable = (message: string, details?: Record<string, unknown>) =>
  new DomainError("SERVICE_UNAVAILABLE", message, details);

/**
 * Too many attempts: `details.retryAfterSeconds`, and on /graphql HTTP 429 with `Retry-After` (Apollo applies
 * `extensions.http` of a resolver error to the response and leaves it out of the body; rest-compat sets its
 * own status and header from the code and details).
 */
export function RateLimited(message: string, retryAfterSeconds: number): DomainError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const error = new DomainError("RATE_LIMITED", message, { retryAfterSeconds: seconds });
  error.extensions.http = { status: ERROR_HTTP_STATUS.RATE_LIMITED, headers: new Map([["retry-after", String(seconds)]]) };
  return error;
}
