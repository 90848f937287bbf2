// The counters behind every rate limit: per key, a count and the end of its window, which starts at the
// key's first hit. In memory for one process (embedded PGlite: one process per data directory), in the
// rate_limit_counters table on a PostgreSQL server so that every process counts against the same budget.
import { sql } from "drizzle-orm";
import type { DatabaseHandle, Db } from "../db/client.js";
import { queryRows } from "../db/client.js";

export interface Taken {
  granted: boolean;
  /** Seconds until the key's window ends (0 when it has none). */
  retryAfterSeconds: number;
}

export interface RateLimitStore {
  /** Adds `amount` to the key's count if the sum stays within `limit`; a window that ended starts afresh. */
  take(key: string, amount: number, limit: number, windowSeconds: number): Promise<Taken>;
  /** Gives back `amount` taken in the key's current window. */
  refund(key: string, amount: number): Promise<void>;
}

/** Counters whose window ended are dropped at most this often (they are reset on their next hit anyway). */
const SWEEP_INTERVAL_MS = 60_000;

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counters = new Map<string, { count: number; endsAt: number }>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, amount: number, limit: number, windowSeconds: number): Promise<Taken> {
    const now = this.now();
    this.sweep(now);
    const current = this.counters.get(key);
    const counter = current && current.endsAt > now ? current : { count: 0, endsAt: now + windowSeconds * 1000 };
    const granted = counter.count + amount <= limit;
    if (granted) {
      counter.count += amount;
      this.counters.set(key, counter);
    }
    return { granted, retryAfterSeconds: (counter.endsAt - now) / 1000 };
  }

  async refund(key: string, amount: number): Promise<void> {
    const counter = this.counters.get(key);
    if (counter && counter.endsAt > this.now()) counter.count = Math.max(0, counter.count - amount);
  }

  /** Live counters (tests check that expired ones go). */
  get size(): number {
    return this.counters.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [key, counter] of this.counters) if (counter.endsAt <= now) this.counters.delete(key);
  }
}

export class PostgresRateLimitStore implements RateLimitStore {
  private nextSweepAt = 0;

  constructor(private readonly db: Db) {}

  async take(key: string, amount: number, limit: number, windowSeconds: number): Promise<Taken> {
    if (amount > limit) return { granted: false, retryAfterSeconds: windowSeconds };
    this.sweep();
    // One statement, atomic per key: the row lock of ON CONFLICT serialises concurrent takes, and the WHERE
    // refuses a take that would go over the limit (no row comes back).
    const [taken] = await queryRows<{ retry_after: number }>(
      this.db,
      sql`insert into rate_limit_counters as c (key, count, window_ends_at)
          values (${key}, ${amount}, now() + make_interval(secs => ${windowSeconds}))
          on conflict (key) do update set
            count = case when c.window_ends_at <= now() then excluded.count else c.count + excluded.count end,
            window_ends_at = case when c.window_ends_at <= now() then excluded.window_ends_at else c.window_ends_at end
          where c.window_ends_at <= now() or c.count + excluded.count <= ${limit}
          returning extract(epoch from c.window_ends_at - now())::float8 as retry_after`,
    );
    if (taken) return { granted: true, retryAfterSeconds: Number(taken.retry_after) };
    const [current] = await queryRows<{ retry_after: number }>(
      this.db,
      sql`select extract(epoch from window_ends_at - now())::float8 as retry_after from rate_limit_counters where key = ${key}`,
    );
    return { granted: false, retryAfterSeconds: Math.max(0, Number(current?.retry_after ?? 0)) };
  }

  async refund(key: string, amount: number): Promise<void> {
    await this.db.execute(
      sql`update rate_limit_counters set count = greatest(count - ${amount}, 0) where key = ${key} and window_ends_at > now()`,
    );
  }

  /** Deletes ended windows through the window_ends_at index, at most once a minute per process, off the request path. */
  private sweep(): void {
    if (Date.now() < this.nextSweepAt) return;
    this.nextSweepAt = Date.now() + SWEEP_INTERVAL_MS;
    this.db.execute(sql`delete from rate_limit_counters where window_ends_at <= now()`).catch(() => {
      // Not worth a log line: the next sweep retries, and a failing database shows up elsewhere.
    });
  }
}

/** Shared counters on a PostgreSQL server, in-process ones on embedded PGlite. */
export function createRateLimitStore(database: DatabaseHandle): RateLimitStore {
  return database.driver === "postgres" ? new PostgresRateLimitStore(database.db) : new MemoryRateLimitStore();
}
