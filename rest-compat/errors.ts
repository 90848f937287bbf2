// The documented REST error bodies (DESIGN §7): the Varmply shape, and the legacy `/api/...` shape.
import { ERROR_HTTP_STATUS, type ErrorCode } from "../src/shared/errors.js";

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

export function legacyErrorBody(error: RestError) {
  return { status: "error", error: error.code, message: error.message };
}

export const httpStatusOf = (code: ErrorCode): number => ERROR_HTTP_STATUS[code];
