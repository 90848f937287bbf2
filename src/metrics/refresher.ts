// The scheduled metrics refresher. Each round claims due tracked submissions in batches: a short
// transaction selects them FOR UPDATE SKIP LOCKED and leases them, so concurrent workers on one database
// never claim the same submission; a refreshed submission is not due again until its data goes stale.
// Calls spend the per-platform minute budget shared with manual refreshes (src/rate-limits/), and a
// RATE_LIMIT answer backs every worker off that platform.
import { sql } from "drizzle-orm";
import type { Config } from "../config.js";
import { queryRows } from "../db/client.js";
import type { Platform } from "../shared/enums.js";
import { submissions } from "../../schema/tables.js";
import { refreshSubmission, type IngestionDeps } from "./ingestion.js";
import { PlatformCallBudget } from "../rate-limits/platform-call-budget.js";
import { RateLimiter } from "../rate-limits/rate-limiter.js";
import { MemoryRateLimitStore } from "../rate-limits/rate-limit.stores.js";
import { trackedSubmissions } from "../participations/participation.tracking.js";
import type { SubmissionRow } from "../submissions/submission.type.js";
import { arrayParam } from "../db/array-param.js";

/** Long enough for a batch to finish; a worker that dies mid-batch frees its claims when it runs out. */
const LEASE_SECONDS = 600;

export interface RoundSummary {
  claimed: number;
  succeeded: number;
  failed: number;
  /** Public ids of every submission this round refreshed (tests check no two workers share one). */
  submissionIds: string[];
}

/** What a refresher has done since it was created (GET /metrics reports it). */
export interface RefresherProgress {
  rounds: number;
  /** Rounds that ended in an error (logged as "metrics refresh round failed"). */
  failedRounds: number;
  /** Submissions claimed and attempted (claims given back unattempted are not counted). */
  claimed: number;
  succeeded: number;
  failed: number;
  /** When the last round ended, in ms since the epoch; 0 before the first. */
  lastRoundEndedAt: number;
}

export class MetricsRefresher {
  readonly progress: RefresherProgress = { rounds: 0, failedRounds: 0, claimed: 0, succeeded: 0, failed: 0, lastRoundEndedAt: 0 };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  /** Aborts a wait for the platform budget when stop() is called. */
  private readonly stopping = new AbortController();

  /**
   * `budget` is the platform call budget this refresher shares with manual refreshes (the server's, or one
   * over the shared counters in `npm run worker`); without one it counts for itself in memory.
   */
  constructor(
    private readonly deps: IngestionDeps,
    private readonly config: Config,
    private readonly budget = new PlatformCallBudget(
      new RateLimiter(new MemoryRateLimitStore(), deps.log),
      (platform) => config.platforms[platform].requestsPerMinute,
    ),
  ) {}

  /**
   * Claims up to `limit` due submissions: tracked (participation.tracking.ts: among the first
   * `submission_limit` accepted of a participation that was not left or rejected, in a campaign that is not
   * cancelled), stale or never attempted, not leased, and on a platform that is not backed off.
   */
  private async claim(limit: number, roundStartedAt: Date): Promise<(SubmissionRow & { influencerId: number })[]> {
    // Measured from the round's start, so a submission refreshed in this round is never due again in it.
    const dueBefore = new Date(roundStartedAt.getTime() - this.config.metricsFreshnessHours * 3_600_000).toISOString();
    const rows = await queryRows<{ id: number; influencer_id: number }>(
      this.deps.db,
      sql`update submissions set metrics_lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
          from participations p
          where submissions.participation_id = p.id and submissions.id in (
            select s.id from submissions s
            where s.id in (select tracked.id from (${trackedSubmissions()}) tracked)
              -- Checked on the locked row itself, so a claim another worker committed meanwhile is seen.
              and (s.last_metrics_attempt_at is null or s.last_metrics_attempt_at < ${dueBefore}::timestamptz)
              and (s.metrics_lease_until is null or s.metrics_lease_until < now())
              and not exists (select 1 from platform_backoffs b where b.platform = s.platform and b.until > now())
            order by s.last_metrics_attempt_at nulls first, s.id
            limit ${limit}
            for update of s skip locked
          )
          returning submissions.id, p.influencer_id`,
    );
    if (rows.length === 0) return [];
    const claimed = await this.deps.db
      .select()
      .from(submissions)
      .where(sql`${submissions.id} = any(${arrayParam(rows.map((row) => row.id), "int")})`);
    const influencerOf = new Map(rows.map((row) => [row.id, row.influencer_id]));
    return claimed.map((submission) => ({ ...submission, influencerId: influencerOf.get(submission.id)! }));
  }

  /** Gives back claims on a platform that got backed off mid-batch, so they are due again later. */
  private async release(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.deps.db.execute(sql`update submissions set metrics_lease_until = null where id = any(${arrayParam(ids, "int")})`);
  }

  /** Refreshes everything that is due now, batch after batch, and reports what it did. */
  async runRound(): Promise<RoundSummary> {
    const summary: RoundSummary = { claimed: 0, succeeded: 0, failed: 0, submissionIds: [] };
    const startedAt = new Date();
    while (!this.stopped) {
      const batch = await this.claim(this.config.workerBatchSize, startedAt);
      if (batch.length === 0) break;
      summary.claimed += batch.length;
      const rateLimited = new Set<Platform>();
      const released: number[] = [];
      for (const submission of batch) {
        if (rateLimited.has(submission.platform) || this.stopped) {
          released.push(submission.id);
          continue;
        }
        if (!(await this.budget.waitForScheduledCall(submission.platform, this.stopping.signal))) {
          released.push(submission.id);
          continue;
        }
        const outcome = await refreshSubmission(this.deps, submission, submission.influencerId);
        summary.submissionIds.push(submission.publicId);
        this.progress.claimed++;
        if (outcome.ok) {
          summary.succeeded++;
          this.progress.succeeded++;
        } else {
          summary.failed++;
          this.progress.failed++;
          if (outcome.reason === "RATE_LIMIT") rateLimited.add(submission.platform);
        }
      }
      await this.release(released);
      summary.claimed -= released.length;
    }
    this.progress.rounds++;
    this.progress.lastRoundEndedAt = Date.now();
    return summary;
  }

  /** Runs a round now and then every `workerIntervalSeconds`, until stop(). */
  start(): void {
    const tick = async () => {
      try {
        const summary = await (this.running = this.runRound());
        if (summary.claimed) this.deps.log.info({ ...summary, submissionIds: undefined }, "metrics refresh round");
      } catch (error) {
        this.progress.failedRounds++;
        this.deps.log.error({ err: error }, "metrics refresh round failed");
      } finally {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(tick, this.config.workerIntervalSeconds * 1000);
      }
    };
    void tick();
  }

  /** Stops scheduling and waits for the current item to finish; unprocessed claims expire with their lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
