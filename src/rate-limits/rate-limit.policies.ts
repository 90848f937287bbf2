// The policies of docs/rate-limits.md: per client address and per account on signIn, signUp and
// refreshSession, per user on manual metrics refreshes, and the platform call budget. Services call these
// before doing the work, so every way in (GraphQL, the REST paths that run it, a later OAuth token
// endpoint built the same way) is limited by the same code.
import { createHash } from "node:crypto";
import type { Config, RateLimitSettings } from "../config.js";
import type { DatabaseHandle } from "../db/client.js";
import type { FastifyBaseLogger } from "fastify";
import { PlatformCallBudget } from "./platform-call-budget.js";
import { RateLimiter } from "./rate-limiter.js";
import { createRateLimitStore } from "./rate-limit.stores.js";

/**
 * The counter key of a client address. IPv4 as is; IPv6 by its /64 prefix, the block one subscriber gets
 * (counting single IPv6 addresses would hand an attacker 2^64 budgets).
 */
export function addressKey(ip: string): string {
  const bare = ip.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  if (!bare.includes(":")) return bare;
  const [head = "", tail] = bare.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill("0"), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => parseInt(group || "0", 16).toString(16)).join(":")}::/64`;
}

/** Emails are counted by hash: the counters table holds no addresses. */
const emailKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("base64url").slice(0, 22);

/** A sign-in that passed the limits; one that turns out not to be a wrong password gives its account attempt back. */
export interface SignInAttempt {
  notAWrongPassword(): Promise<void>;
}

export class RateLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly settings: RateLimitSettings,
    /** Shared by the scheduled refresher and the manual refresh mutations. */
    readonly platformCalls: PlatformCallBudget,
  ) {}

  /**
   * Before a password is checked: the address's budget, then the account's. Every attempt counts against
   * the account until it proves not to be a wrong password, so concurrent guesses cannot overrun the
   * lockout; a success gives back only its own attempt and never clears earlier failures (docs/rate-limits.md).
   */
  async startSignIn(clientIp: string, email: string): Promise<SignInAttempt> {
    await this.limiter.consume(`sign-in:ip:${addressKey(clientIp)}`, this.settings.signInPerIp, "Too many sign-in attempts from your address; try again later");
    const accountKey = `sign-in:account:${emailKey(email)}`;
    await this.limiter.consume(accountKey, this.settings.signInFailuresPerAccount, "Too many failed sign-ins for this account; it is locked for now, try again later");
    return { notAWrongPassword: () => (this.settings.signInFailuresPerAccount ? this.limiter.refund(accountKey) : Promise.resolve()) };
  }

  async checkSignUp(clientIp: string, email: string): Promise<void> {
    await this.limiter.consume(`sign-up:ip:${addressKey(clientIp)}`, this.settings.signUpPerIp, "Too many sign-ups from your address; try again later");
    await this.limiter.consume(`sign-up:email:${emailKey(email)}`, this.settings.signUpPerEmail, "Too many sign-ups with this email; try again later");
  }

  /** `userId` is the owner of the presented refresh token, when it is one the server issued. */
  async checkRefreshSession(clientIp: string, userId: number | undefined): Promise<void> {
    await this.limiter.consume(`refresh-session:ip:${addressKey(clientIp)}`, this.settings.refreshSessionPerIp, "Too many session refreshes from your address; try again later");
    if (userId !== undefined) {
      await this.limiter.consume(`refresh-session:account:${userId}`, this.settings.refreshSessionPerAccount, "Too many session refreshes for this account; try again later");
    }
  }

  /** refreshParticipationMetrics and refreshCampaignMetrics: each call counts once, whatever it refreshes. */
  async checkManualMetricsRefresh(userId: number): Promise<void> {
    await this.limiter.consume(`metrics-refresh:user:${userId}`, this.settings.metricsRefreshPerUser, "Too many manual metrics refreshes; try again later");
  }
}

/** The limits of one process: counters shared through the database on a PostgreSQL server, in memory on PGlite. */
export function createRateLimits(config: Config, database: DatabaseHandle, log: Pick<FastifyBaseLogger, "warn">): RateLimits {
  const limiter = new RateLimiter(createRateLimitStore(database), log);
  const platformCalls = new PlatformCallBudget(limiter, (platform) => config.platforms[platform].requestsPerMinute);
  return new RateLimits(limiter, config.rateLimits, platformCalls);
}
