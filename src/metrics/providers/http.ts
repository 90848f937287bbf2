// HTTP to the platforms: every call has a timeout, a network failure is a classified PlatformError, and a
// transient failure is retried a few times with jitter (docs/social-connections.md, "Retries").
import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { PlatformError } from "./provider.js";

export interface PlatformResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

/** How the calls of one provider are made. A bare number is a timeout with no retries. */
export interface HttpPolicy {
  timeoutMs: number;
  /** Retries after the first try (0: none). */
  retries: number;
  /** The first retry waits about this long, each later one twice as long as the one before (with jitter). */
  baseDelayMs: number;
  /** The most a call may spend, retries included; inside `withCallBudget`, the most all its calls may spend together. */
  budgetMs: number;
}

/**
 * What a call may repeat: `transient` (reads) retries timeouts, connection errors, 5xx and 429;
 * `answered` (single-use grants such as a rotating refresh token or an authorization code) retries only a
 * 5xx or 429 answer, never a request whose fate is unknown (a timeout or a cut connection after it was sent).
 */
export type RetryMode = "transient" | "answered";

/** A refresh's time budget and its retry count, shared by every platform call made inside `withCallBudget`. */
interface CallBudget {
  /** Set by the first call, from its provider's `budgetMs`. */
  deadline: number | undefined;
  retries: number;
}

const budgets = new AsyncLocalStorage<CallBudget>();

/**
 * Runs `work` with one deadline for all its platform calls (the provider's `budgetMs` from the first call
 * on); answers its result and the retries spent. A thrown error carries them as `retries` (`retriesOf`).
 */
export async function withCallBudget<T>(work: () => Promise<T>): Promise<{ result: T; retries: number }> {
  const budget: CallBudget = { deadline: undefined, retries: 0 };
  try {
    const result = await budgets.run(budget, work);
    return { result, retries: budget.retries };
  } catch (error) {
    throw Object.assign(error as object, { retries: budget.retries });
  }
}

/** The retries recorded on an error thrown out of `withCallBudget` (0 for anything else). */
export function retriesOf(error: unknown): number {
  const retries = (error as { retries?: unknown } | null)?.retries;
  return typeof retries === "number" ? retries : 0;
}

function normalize(policy: HttpPolicy | number): HttpPolicy {
  return typeof policy === "number" ? { timeoutMs: policy, retries: 0, baseDelayMs: 0, budgetMs: policy } : policy;
}

/** Exponential back-off with "equal jitter": half the step fixed, half random, so that retries spread out. */
function backoffMs(policy: HttpPolicy, retry: number): number {
  const step = policy.baseDelayMs * 2 ** (retry - 1);
  return step / 2 + Math.random() * (step / 2);
}

/** One try: the answer, or a PlatformError marked `transient` when it may be worth another try. */
async function once(url: string, init: RequestInit, timeoutMs: number): Promise<PlatformResponse> {
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

/**
 * A call to a platform. Retries (per `policy`) a timeout or connection error (mode `transient` only), a
 * 5xx or a 429 — never another 4xx — waiting a jittered, doubling delay, or the 429's Retry-After. No retry
 * starts when its wait would pass the deadline (the enclosing `withCallBudget`'s, else `policy.budgetMs`),
 * and a retry's timeout is cut to what is left. The last answer is returned as is: the caller classifies it.
 */
export async function platformRequest(url: string, init: RequestInit, policyOrTimeout: HttpPolicy | number, mode: RetryMode = "transient"): Promise<PlatformResponse> {
  const policy = normalize(policyOrTimeout);
  const budget = budgets.getStore();
  const ownDeadline = Date.now() + Math.max(policy.budgetMs, policy.timeoutMs);
  if (budget && budget.deadline === undefined) budget.deadline = ownDeadline;
  const deadline = budget?.deadline ?? ownDeadline;
  for (let retry = 0; ; retry++) {
    // The first try has its full timeout whatever the budget says; a retry only what is left of it.
    const timeoutMs = retry === 0 ? policy.timeoutMs : Math.max(1, Math.min(policy.timeoutMs, deadline - Date.now()));
    let waitMs: number | undefined;
    let outcome: PlatformResponse | PlatformError;
    try {
      outcome = await once(url, init, timeoutMs);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      outcome = error;
    }
    if (outcome instanceof PlatformError) {
      if (mode !== "transient") throw outcome;
    } else if (outcome.status === 429) {
      const asked = retryAfter(outcome.headers);
      waitMs = asked !== undefined ? asked * 1000 : undefined;
    } else if (outcome.status < 500) {
      return outcome;
    }
    if (retry >= policy.retries) {
      if (outcome instanceof PlatformError) throw outcome;
      return outcome;
    }
    const wait = waitMs ?? backoffMs(policy, retry + 1);
    // Another try must have time to wait and then answer: otherwise the last outcome stands.
    if (Date.now() + wait + Math.min(policy.timeoutMs, 50) >= deadline) {
      if (outcome instanceof PlatformError) throw outcome;
      return outcome;
    }
    await sleep(wait);
    if (budget) budget.retries++;
  }
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
