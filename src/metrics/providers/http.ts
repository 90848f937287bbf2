// HTTP to the platforms: every call has a timeout, and a network failure is a classified PlatformError.
import { PlatformError } from "./provider.js";

export interface PlatformResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

export async function platformRequest(url: string, init: RequestInit, timeoutMs: number): Promise<PlatformResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    // Reading the body is inside the timeout too: a platform can send headers and then stall.
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new PlatformError("UNKNOWN", timedOut ? `platform did not answer within ${timeoutMs} ms` : `platform unreachable: ${(error as Error).message}`);
  }
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text for the classifier and the attempt's detail.
  }
  return { status: response.status, headers: response.headers, body };
}

export function retryAfter(headers: Headers): number | undefined {
  const value = Number(headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

export function formBody(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}
