// Budgets over the counter store, and what happens when the store itself fails: the attempt goes through
// (fail open) with a warning. The counters guard against abuse; their own outage must not turn every
// sign-in into a 500, and the bounded password hashing (src/auth/password.ts) still protects the CPU.
import type { FastifyBaseLogger } from "fastify";
import type { RateLimit } from "../config.js";
import { RateLimited } from "../shared/errors.js";
import type { RateLimitStore, Taken } from "./rate-limit.stores.js";

/** One warning per this interval while the store keeps failing, with how many were not logged. */
const WARN_INTERVAL_MS = 60_000;

export class RateLimiter {
  private nextWarningAt = 0;
  private unloggedFailures = 0;

  constructor(
    private readonly store: RateLimitStore,
    private readonly log: Pick<FastifyBaseLogger, "warn">,
  ) {}

  /** Takes `amount` from the budget of `key`; granted when the store cannot be reached. */
  async take(key: string, policy: RateLimit, amount = 1): Promise<Taken> {
    try {
      return await this.store.take(key, amount, policy.limit, policy.windowSeconds);
    } catch (error) {
      this.storeFailed(error);
      return { granted: true, retryAfterSeconds: 0 };
    }
  }

  /** Takes one from the budget of `key`, or throws RATE_LIMITED with `message`; a null policy is no limit. */
  async consume(key: string, policy: RateLimit | null, message: string): Promise<void> {
    if (!policy) return;
    const taken = await this.take(key, policy);
    if (!taken.granted) throw RateLimited(message, taken.retryAfterSeconds);
  }

  async refund(key: string, amount = 1): Promise<void> {
    try {
      await this.store.refund(key, amount);
    } catch (error) {
      this.storeFailed(error);
    }
  }

  private storeFailed(error: unknown): void {
    this.unloggedFailures++;
    if (Date.now() < this.nextWarningAt) return;
    this.nextWarningAt = Date.now() + WARN_INTERVAL_MS;
    this.log.warn({ err: error, failures: this.unloggedFailures }, "rate-limit counters unavailable: letting requests through");
    this.unloggedFailures = 0;
  }
}
