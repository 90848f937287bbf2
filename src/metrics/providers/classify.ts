// Failure classification (docs/decisions.md, "Platforms, metrics, failure reasons"): the platform's error body first, then the HTTP status. Reading the
// body first matters: YouTube sends quotaExceeded as a 403, which is RATE_LIMIT, not PERMISSION.
import { PlatformError, type FailureReason } from "./provider.js";
import { retryAfter, type PlatformResponse } from "./http.js";

const GRAPH_RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const GRAPH_PERMISSION_CODES = new Set([190, 102, 10, 200]);

function byStatus(status: number): FailureReason {
  if (status === 429) return "RATE_LIMIT";
  if (status === 401 || status === 403) return "PERMISSION";
  if (status === 404) return "INVALID_MEDIA";
  return "UNKNOWN";
}

/** Meta's Graph API (Instagram and Facebook): `{ error: { code, error_subcode, message } }`. */
export function classifyGraph(response: PlatformResponse): FailureReason {
  const code = (response.body as { error?: { code?: unknown } } | null)?.error?.code;
  if (typeof code === "number") {
    if (GRAPH_RATE_LIMIT_CODES.has(code) || (code >= 80001 && code <= 80014)) return "RATE_LIMIT";
    if (GRAPH_PERMISSION_CODES.has(code)) return "PERMISSION";
    if (code === 100 || code === 803) return "INVALID_MEDIA";
  }
  return byStatus(response.status);
}

/** TikTok's Display API: `{ error: { code: "ok" | "access_token_invalid" | ... } }`, or OAuth's `{ error: "invalid_grant" }`. */
export function classifyTikTok(response: PlatformResponse): FailureReason {
  const error = (response.body as { error?: unknown } | null)?.error;
  const code = typeof error === "string" ? error : (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case "rate_limit_exceeded":
      return "RATE_LIMIT";
    case "access_token_invalid":
    case "scope_not_authorized":
    case "scope_permission_missed":
    case "invalid_grant":
    case "invalid_client":
      return "PERMISSION";
    case "video_not_found":
      return "INVALID_MEDIA";
  }
  return byStatus(response.status);
}

/** Google APIs: `{ error: { code, errors: [{ reason }] } }`, or OAuth's `{ error: "invalid_grant" }`. */
export function classifyGoogle(response: PlatformResponse): FailureReason {
  const error = (response.body as { error?: unknown } | null)?.error;
  if (error === "invalid_grant" || error === "invalid_client" || error === "unauthorized_client") return "PERMISSION";
  const reasons = ((error as { errors?: { reason?: string }[] } | undefined)?.errors ?? []).map((entry) => entry.reason);
  if (reasons.some((reason) => ["rateLimitExceeded", "quotaExceeded", "userRateLimitExceeded", "dailyLimitExceeded"].includes(reason!))) {
    return "RATE_LIMIT";
  }
  if (reasons.some((reason) => ["authError", "forbidden", "insufficientPermissions", "accessNotConfigured"].includes(reason!))) {
    return "PERMISSION";
  }
  if (reasons.some((reason) => ["videoNotFound", "notFound"].includes(reason!))) return "INVALID_MEDIA";
  return byStatus(response.status);
}

/** Throws the classified PlatformError for a failed response. */
export function failure(response: PlatformResponse, classify: (response: PlatformResponse) => FailureReason, platform: string): never {
  const body = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  throw new PlatformError(classify(response), `${platform} answered ${response.status}: ${body?.slice(0, 300)}`, retryAfter(response.headers));
}
