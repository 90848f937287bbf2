// The one error vocabulary (DESIGN §7). Domain code throws these; the GraphQL boundary keeps their code in
// `extensions.code`, and rest-compat turns the code into an HTTP status and the documented error body.
import { GraphQLError } from "graphql";

export const ERROR_HTTP_STATUS = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
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
