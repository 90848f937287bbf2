// Refreshing one submission's metrics: pick the influencer's account, refresh its token when it has
// expired, ask the platform, and record the attempt (and, on success, a snapshot) in one transaction.
// Used by the GraphQL mutations and by the scheduled refresher alike.
import { and, desc, eq, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { Db, Executor } from "../db/client.js";
import type { Encryption } from "../shared/encryption.js";
import { effectiveStatus } from "../social-accounts/social-account.service.js";
import type { SocialAccountRow } from "../social-accounts/social-account.type.js";
import type { SubmissionRow } from "../submissions/submission.type.js";
import { ingestionAttempts, metricsSnapshots, platformBackoffs, socialAccounts, submissions } from "../../schema/tables.js";
import { newPublicId } from "../shared/ids.js";
import type { SnapshotRow } from "./metrics.type.js";
import type { Providers } from "./providers/index.js";
import { retriesOf, withCallBudget } from "./providers/http.js";
import { PlatformError, type AccountRef, type FailureReason, type FetchedMetrics } from "./providers/provider.js";
import { accrueSubmission } from "../wallets/accrual.service.js";
import { metricsRefreshed } from "../webhooks/webhook.events.js";

export interface IngestionDeps {
  db: Db;
  encryption: Encryption;
  providers: Providers;
  log: Pick<FastifyBaseLogger, "warn" | "info" | "error">;
}


export type RefreshOutcome =
  | { ok: true; submission: SubmissionRow; snapshot: SnapshotRow }
  | { ok: false; submission: SubmissionRow; reason: FailureReason; detail: string };

/** How long before expiry a token counts as expired (clock skew, the request's own duration). */
const EXPIRY_MARGIN_MS = 60_000;
/** How long before expiry a token that is extended (not refreshed) gets extended. */
const EXTEND_WINDOW_MS = 7 * 24 * 3_600_000;
/** Back-off after a RATE_LIMIT answer that named no wait. */
const DEFAULT_BACKOFF_SECONDS = 15 * 60;

/** The influencer's usable account on a platform: VALID ones first, the most recently updated. */
export async function usableAccount(executor: Executor, influencerId: number, platform: SubmissionRow["platform"]): Promise<SocialAccountRow | undefined> {
  const accounts = await executor
    .select()
    .from(socialAccounts)
    .where(and(eq(socialAccounts.userId, influencerId), eq(socialAccounts.platform, platform)))
    .orderBy(desc(socialAccounts.updatedAt));
  return accounts.find((account) => effectiveStatus(account) === "VALID");
}

/**
 * An access token that has not expired. Renewal happens under a row lock, so that concurrent refreshers
 * do not both spend a single-use refresh token; the new tokens are stored encrypted. Platforms that renew
 * with a refresh token are renewed at expiry; Meta's, which extend a still-valid access token instead, a
 * week before it (after expiry they cannot be renewed). A renewal the platform refuses marks the account
 * EXPIRED and reports PERMISSION.
 */
async function freshAccessToken(deps: IngestionDeps, account: SocialAccountRow): Promise<AccountRef> {
  const ref = (row: SocialAccountRow): AccountRef => ({
    externalAccountId: row.externalAccountId,
    kind: row.kind,
    accessToken: deps.encryption.decrypt(row.accessTokenEncrypted),
  });
  const provider = deps.providers[account.platform];
  const extendsAccessToken = provider.renewal === "extend-access-token";
  const expired = (row: SocialAccountRow) => row.expiresAt !== null && row.expiresAt.getTime() - EXPIRY_MARGIN_MS <= Date.now();
  const dueForRenewal = (row: SocialAccountRow) =>
    row.expiresAt !== null && row.expiresAt.getTime() - (extendsAccessToken ? EXTEND_WINDOW_MS : EXPIRY_MARGIN_MS) <= Date.now();
  if (!dueForRenewal(account)) return ref(account);

  // The failure is returned, not thrown, from the transaction and thrown after it commits: throwing inside
  // would roll back the EXPIRED mark along with everything else.
  const result = await deps.db.transaction(async (tx): Promise<AccountRef | PlatformError> => {
    const [locked] = await tx.select().from(socialAccounts).where(eq(socialAccounts.id, account.id)).for("update");
    if (!locked || locked.status !== "VALID") return new PlatformError("PERMISSION", "the account is no longer connected");
    if (!dueForRenewal(locked)) return ref(locked); // another refresher got there first
    const refreshToken = locked.refreshTokenEncrypted ? deps.encryption.decrypt(locked.refreshTokenEncrypted) : null;
    const renewable = provider.refreshAccessToken && (extendsAccessToken ? !expired(locked) : refreshToken !== null);
    if (!renewable) {
      await tx.update(socialAccounts).set({ status: "EXPIRED", updatedAt: new Date() }).where(eq(socialAccounts.id, locked.id));
      return new PlatformError("PERMISSION", "the access token expired and cannot be refreshed");
    }
    try {
      const tokens = await provider.refreshAccessToken!(ref(locked), extendsAccessToken ? null : refreshToken);
      const [updated] = await tx
        .update(socialAccounts)
        .set({
          accessTokenEncrypted: deps.encryption.encrypt(tokens.accessToken),
          refreshTokenEncrypted: tokens.refreshToken ? deps.encryption.encrypt(tokens.refreshToken) : locked.refreshTokenEncrypted,
          expiresAt: tokens.expiresAt,
          updatedAt: new Date(),
        })
        .where(eq(socialAccounts.id, locked.id))
        .returning();
      return ref(updated!);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      if (error.reason === "PERMISSION") {
        await tx.update(socialAccounts).set({ status: "EXPIRED", updatedAt: new Date() }).where(eq(socialAccounts.id, locked.id));
        return error;
      }
      // An early extension that failed for another reason: the current token still works, use it.
      return extendsAccessToken && !expired(locked) ? ref(locked) : error;
    }
  });
  if (result instanceof PlatformError) throw result;
  return result;
}

async function fetchForSubmission(deps: IngestionDeps, submission: SubmissionRow, influencerId: number): Promise<FetchedMetrics> {
  const account = await usableAccount(deps.db, influencerId, submission.platform);
  if (!account) throw new PlatformError("PERMISSION", `no valid ${submission.platform} account is connected`);
  const accountRef = await freshAccessToken(deps, account);
  try {
    return await deps.providers[submission.platform].fetchMetrics(accountRef, {
      externalMediaId: submission.externalMediaId,
      platformMediaId: submission.platformMediaId,
      contentUrl: submission.contentUrl,
      postedAt: submission.postedAt,
      submittedAt: submission.submittedAt,
    });
  } catch (error) {
    // The platform refused the token itself: the account needs reconnecting.
    if (error instanceof PlatformError && error.reason === "PERMISSION") {
      await deps.db.update(socialAccounts).set({ status: "REVOKED", updatedAt: new Date() }).where(eq(socialAccounts.id, account.id));
    }
    throw error;
  }
}

/** Refreshes one submission and records the attempt. Never throws for a platform failure: it is the outcome. */
export async function refreshSubmission(deps: IngestionDeps, submission: SubmissionRow, influencerId: number): Promise<RefreshOutcome> {
  let fetched: FetchedMetrics | undefined;
  let failure: { reason: FailureReason; detail: string; retryAfterSeconds?: number } | undefined;
  // Every platform call of this refresh shares one time budget; the retries they spent go in the attempt.
  let retries = 0;
  try {
    ({ result: fetched, retries } = await withCallBudget(() => fetchForSubmission(deps, submission, influencerId)));
  } catch (error) {
    retries = retriesOf(error);
    if (!(error instanceof PlatformError)) deps.log.error({ err: error, submissionId: submission.publicId }, "metrics refresh failed unexpectedly");
    failure =
      error instanceof PlatformError
        ? { reason: error.reason, detail: error.message, retryAfterSeconds: error.retryAfterSeconds }
        : { reason: "UNKNOWN", detail: "unexpected error" };
  }

  const now = new Date();
  const outcome = await deps.db.transaction(async (tx) => {
    await tx.insert(ingestionAttempts).values({
      submissionId: submission.id,
      attemptedAt: now,
      outcome: fetched ? "SUCCESS" : "FAILURE",
      failureReason: failure?.reason ?? null,
      detail: failure?.detail.slice(0, 1000) ?? null,
      retries,
    });
    const [updated] = await tx
      .update(submissions)
      .set({
        lastMetricsAttemptAt: now,
        metricsLeaseUntil: null,
        ...(fetched && !submission.platformMediaId ? { platformMediaId: fetched.platformMediaId } : {}),
      })
      .where(eq(submissions.id, submission.id))
      .returning();
    if (failure) {
      if (failure.reason === "RATE_LIMIT") await backOff(tx, submission.platform, failure.retryAfterSeconds ?? DEFAULT_BACKOFF_SECONDS, failure.detail);
      return { ok: false as const, submission: updated!, reason: failure.reason, detail: failure.detail };
    }
    const [snapshot] = await tx
      .insert(metricsSnapshots)
      .values({ publicId: newPublicId("snapshot"), submissionId: submission.id, fetchedAt: now, ...fetched!.counts })
      .returning();
    await metricsRefreshed(tx, updated!, snapshot!);
    return { ok: true as const, submission: updated!, snapshot: snapshot! };
  });
  // Money follows metrics: accrue after the snapshot is stored. A failure here never loses the snapshot,
  // and the next accrual (idempotent) catches up.
  if (outcome.ok) {
    await accrueSubmission(deps.db, submission.id).catch((error) =>
      deps.log.error({ err: error, submissionId: submission.publicId }, "accrual after metrics refresh failed"),
    );
  }
  return outcome;
}

/** Every refresher leaves the platform alone until then (the longest back-off wins). */
async function backOff(executor: Executor, platform: SubmissionRow["platform"], seconds: number, reason: string): Promise<void> {
  const until = new Date(Date.now() + seconds * 1000);
  await executor
    .insert(platformBackoffs)
    .values({ platform, until, reason: reason.slice(0, 500) })
    .onConflictDoUpdate({
      target: platformBackoffs.platform,
      set: { until: sql`greatest(${platformBackoffs.until}, excluded.until)`, reason: sql`excluded.reason` },
    });
}
