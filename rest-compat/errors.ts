// The documented REST error bodies (DESIGN §7): the Varmply shape, and the legacy `/api/...` shape; and how
// the errors of a GraphQL operation become one of them.
import type { GraphQLFormattedError } from "graphql";
import { ERROR_HTTP_STATUS, isErrorCode, type ErrorCode } from "../src/shared/errors.js";

export interface RestError {
  code: ErrorCode;
  message: string;
  technicalMessage?: string;
  details?: Record<string, unknown>;
}

export function restErrorBody(error: RestError, requestId: string) {
  return {
    error: error.code,
    message: error.message,
    ...(error.technicalMessage && error.technicalMessage !== error.message ? { technicalMessage: error.technicalMessage } : {}),
    ...(error.details ? { details: error.details } : {}),
    requestId,
    timestamp: new Date().toISOString(),
  };
}

export function legacyErrorBody(error: RestError, requestId: string) {
  return { status: "error", error: error.code, message: error.message, requestId };
}


/** An error answer decided in the REST layer: its HTTP status and the body's fields. */
export class RestFailure extends Error implements RestError {
  readonly technicalMessage?: string;
  readonly details?: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    extra: { technicalMessage?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.technicalMessage = extra.technicalMessage;
    this.details = extra.details;
  }
}

/**
 * What the user reads (`message`), per code. The operation's own message, which names ids and rules, goes
 * to `technicalMessage` (the seed: "Campaign with ID campaign_123 not found").
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
