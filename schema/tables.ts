// The database, as Drizzle tables. Every row has an integer primary key (shown by the legacy API) and a
// public string id `<type>_<random>` (shown by GraphQL and the Varmply REST paths).
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { FAILURE_REASONS, PLATFORMS } from "../src/platforms/platforms.js";

export const userRole = pgEnum("user_role", ["INFLUENCER", "BRAND", "ADMIN"]);
export const userStatus = pgEnum("user_status", ["ACTIVE", "INACTIVE", "SUSPENDED", "BANNED"]);
export const sex = pgEnum("sex", ["MALE", "FEMALE", "OTHER"]);
export const platform = pgEnum("platform", PLATFORMS);
export const contentType = pgEnum("content_type", ["POST", "REEL", "STORY", "VIDEO", "SHORT", "LIVE"]);
export const campaignStatus = pgEnum("campaign_status", [
  "CAMPAIGN_DRAFT",
  "CAMPAIGN_PENDING",
  "CAMPAIGN_ACTIVE",
  "CAMPAIGN_PAUSED",
  "CAMPAIGN_COMPLETED",
  "CAMPAIGN_CANCELLED",
]);
export const participationStatus = pgEnum("participation_status", [
  "PARTICIPATION_STATUS_PENDING",
  "PARTICIPATION_STATUS_CONTENT_SUBMITTED",
  "PARTICIPATION_STATUS_APPROVED",
  "PARTICIPATION_STATUS_COMPLETED",
  "PARTICIPATION_STATUS_LEFT",
  "PARTICIPATION_STATUS_REJECTED",
]);
export const submissionStatus = pgEnum("submission_status", ["PENDING", "ACCEPTED", "REJECTED"]);
export const rejectionReason = pgEnum("rejection_reason", [
  "CAMPAIGN_NOT_ACTIVE",
  "SUBMISSION_LIMIT_REACHED",
  "CONTENT_TYPE_NOT_ALLOWED",
  "MISSING_REQUIRED_HASHTAGS",
  "MISSING_REQUIRED_MENTIONS",
  "INTEGRATION_NOT_ELIGIBLE",
  "REJECTED_BY_REVIEWER",
]);
export const socialAccountStatus = pgEnum("social_account_status", ["VALID", "EXPIRED", "REVOKED"]);
export const socialAccountKind = pgEnum("social_account_kind", ["USER", "PAGE", "WALL", "CHANNEL"]);
export const ingestionOutcome = pgEnum("ingestion_outcome", ["SUCCESS", "FAILURE"]);
export const failureReason = pgEnum("failure_reason", FAILURE_REASONS);
export const ledgerAccountKind = pgEnum("ledger_account_kind", [
  "EXTERNAL",
  "CAMPAIGN_ESCROW",
  "INFLUENCER_PAYABLE",
  "INFLUENCER_BLOCKED",
  "PAID_OUT",
]);
/** Why part of a submission's accrual is not funded (DESIGN §6). */
export const blockedReason = pgEnum("blocked_reason", ["INSUFFICIENT_ESCROW"]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const publicId = () => text("public_id").notNull().unique();
const cents = (name: string) => bigint(name, { mode: "number" });

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull(),
    status: userStatus("status").notNull().default("ACTIVE"),
    displayName: text("display_name").notNull(),
    username: text("username"),
    sex: sex("sex"),
    birthDate: date("birth_date"),
    countryCode: char("country_code", { length: 2 }),
    city: text("city"),
    interestCategories: text("interest_categories").array().notNull().default(sql`'{}'::text[]`),
    /** Access tokens issued before this instant are refused (force-logout, password change, ban). */
    sessionsValidAfter: timestamp("sessions_valid_after", { withTimezone: true }),
    /** Why the account is BANNED; cleared on unban. */
    banReason: text("ban_reason"),
    /** A brand's credit limit, set by admins and enforced by fundCampaign; null = no limit. */
    creditLimitCents: cents("credit_limit_cents"),
    creditLimitCurrency: char("credit_limit_currency", { length: 3 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    index("users_role_idx").on(t.role),
    check(
      "users_credit_limit",
      sql`(${t.creditLimitCents} is null) = (${t.creditLimitCurrency} is null) and coalesce(${t.creditLimitCents}, 0) >= 0`,
    ),
  ],
);

/** Refresh tokens: stored as SHA-256 hashes, rotated on every use, grouped in families for reuse detection. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    familyId: text("family_id").notNull(),
    /** The application the session was granted to at /oauth/token; null for GraphQL signIn sessions. */
    applicationId: integer("application_id").references(() => applications.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("refresh_tokens_user_idx").on(t.userId), index("refresh_tokens_family_idx").on(t.familyId)],
);

/** JWT signing keys, private halves encrypted with ENCRYPTION_KEY, shared by every process on the database. */
export const signingKeys = pgTable("signing_keys", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  kid: text("kid").notNull().unique(),
  alg: text("alg").notNull(),
  publicJwk: jsonb("public_jwk").notNull(),
  privateKeyEncrypted: text("private_key_encrypted").notNull(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * Secrets the server generates for itself when none is configured (the per-database encryption key on a
 * PostgreSQL server without ENCRYPTION_KEY). The server warns loudly whenever it relies on one.
 */
export const instanceSecrets = pgTable("instance_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

/** Legacy application clients (client id + hashed secret), used by the legacy App endpoints. */
export const applications = pgTable(
  "applications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    name: text("name").notNull(),
    clientId: text("client_id").notNull().unique(),
    clientSecretHash: text("client_secret_hash").notNull(),
    ownerId: integer("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    /** Set by revokeApplication: its tokens stop working on the next request (src/context.ts). */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    secretRotatedAt: timestamp("secret_rotated_at", { withTimezone: true }),
  },
  (t) => [index("applications_owner_idx").on(t.ownerId)],
);

export const socialAccounts = pgTable(
  "social_accounts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    platform: platform("platform").notNull(),
    kind: socialAccountKind("kind").notNull().default("USER"),
    externalAccountId: text("external_account_id").notNull(),
    username: text("username"),
    accessTokenEncrypted: text("access_token_encrypted").notNull(),
    refreshTokenEncrypted: text("refresh_token_encrypted"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    status: socialAccountStatus("status").notNull().default("VALID"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("social_accounts_user_platform_external_key").on(t.userId, t.platform, t.externalAccountId),
    index("social_accounts_user_platform_idx").on(t.userId, t.platform),
  ],
);

/**
 * A connect flow between startSocialConnection and its callback (src/connections/): single use (`used_at`),
 * bound to the user, expiring. Only the state's SHA-256 is kept; the PKCE verifier is encrypted.
 */
export const socialConnectionStates = pgTable(
  "social_connection_states",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    stateHash: text("state_hash").notNull().unique(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    platform: platform("platform").notNull(),
    /** Where the browser goes back to with the outcome (checked against the allow-list when the flow started). */
    redirectUri: text("redirect_uri").notNull(),
    /** The callback URL sent to the platform: the code exchange must repeat it exactly. */
    callbackUrl: text("callback_url").notNull(),
    codeVerifierEncrypted: text("code_verifier_encrypted"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("social_connection_states_expires_idx").on(t.expiresAt)],
);

export const campaigns = pgTable(
  "campaigns",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    ownerId: integer("owner_id").notNull().references(() => users.id),
    title: text("title").notNull(),
    tagline: text("tagline"),
    description: text("description"),
    objectiveType: text("objective_type"),
    category: text("category"),
    currency: char("currency", { length: 3 }).notNull(),
    targetBudgetCents: cents("target_budget_cents"),
    status: campaignStatus("status").notNull().default("CAMPAIGN_DRAFT"),
    startDate: timestamp("start_date", { withTimezone: true }),
    endDate: timestamp("end_date", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    requiredHashtags: text("required_hashtags").array().notNull().default(sql`'{}'::text[]`),
    requiredMentions: text("required_mentions").array().notNull().default(sql`'{}'::text[]`),
    allowedPlatforms: platform("allowed_platforms").array().notNull().default(sql`'{}'::platform[]`),
    allowedContentTypes: contentType("allowed_content_types").array().notNull().default(sql`'{}'::content_type[]`),
    submissionLimit: integer("submission_limit").notNull().default(3),
    rateFlatCents: cents("rate_flat_cents").notNull().default(0),
    rateCpmCents: cents("rate_cpm_cents").notNull().default(0),
    rateBonuses: jsonb("rate_bonuses").notNull().default(sql`'{}'::jsonb`),
    /** The typed rate card beyond flat and CPM (src/campaigns/rate-card.ts, docs/money.md "Rate card"). */
    rateMinimumRewardCents: cents("rate_minimum_reward_cents").notNull().default(0),
    rateHasBonus: boolean("rate_has_bonus").notNull().default(false),
    ratePromoReachBonusCents: cents("rate_promo_reach_bonus_cents").notNull().default(0),
    ratePromoEngagementRateBonusCents: cents("rate_promo_engagement_rate_bonus_cents").notNull().default(0),
    ratePromoBestPostBonusCents: cents("rate_promo_best_post_bonus_cents").notNull().default(0),
    imageLogo: text("image_logo"),
    imagePost: text("image_post"),
    attachment: text("attachment"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("campaigns_owner_idx").on(t.ownerId, t.id),
    index("campaigns_status_idx").on(t.status, t.id),
    check("campaigns_submission_limit_positive", sql`${t.submissionLimit} >= 1`),
    check("campaigns_budget_non_negative", sql`${t.targetBudgetCents} is null or ${t.targetBudgetCents} >= 0`),
    check("campaigns_rates_non_negative", sql`${t.rateFlatCents} >= 0 and ${t.rateCpmCents} >= 0`),
    check(
      "campaigns_rate_card_non_negative",
      sql`${t.rateMinimumRewardCents} >= 0 and ${t.ratePromoReachBonusCents} >= 0 and ${t.ratePromoEngagementRateBonusCents} >= 0 and ${t.ratePromoBestPostBonusCents} >= 0`,
    ),
  ],
);

/** A brief inside a campaign (the legacy "custom task"). */
export const campaignTasks = pgTable(
  "campaign_tasks",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    campaignId: integer("campaign_id").notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description"),
    requirements: text("requirements"),
    deadline: timestamp("deadline", { withTimezone: true }),
    paymentCents: cents("payment_cents"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("campaign_tasks_campaign_idx").on(t.campaignId, t.id)],
);

export const participations = pgTable(
  "participations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    campaignId: integer("campaign_id").notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    influencerId: integer("influencer_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /**
     * The brief this participation answers (the legacy task's brief): the campaign's newest brief when the
     * influencer joined; null when it had none, i.e. the implicit brief built from the campaign itself.
     */
    briefId: integer("brief_id").references(() => campaignTasks.id, { onDelete: "set null" }),
    status: participationStatus("status").notNull().default("PARTICIPATION_STATUS_PENDING"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("participations_campaign_influencer_key").on(t.campaignId, t.influencerId),
    index("participations_campaign_idx").on(t.campaignId, t.id),
    index("participations_influencer_idx").on(t.influencerId, t.id),
  ],
);

export const submissions = pgTable(
  "submissions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    participationId: integer("participation_id")
      .notNull()
      .references(() => participations.id, { onDelete: "cascade" }),
    platform: platform("platform").notNull(),
    contentUrl: text("content_url").notNull(),
    /** The id parsed from the content URL (an Instagram shortcode, a TikTok video id, ...). */
    externalMediaId: text("external_media_id").notNull(),
    /** The platform's own media id, resolved at the first metrics refresh. */
    platformMediaId: text("platform_media_id"),
    postedAt: timestamp("posted_at", { withTimezone: true }),
    declaredHashtags: text("declared_hashtags").array().notNull().default(sql`'{}'::text[]`),
    declaredMentions: text("declared_mentions").array().notNull().default(sql`'{}'::text[]`),
    declaredContentType: contentType("declared_content_type").notNull(),
    status: submissionStatus("status").notNull().default("PENDING"),
    rejectionReason: rejectionReason("rejection_reason"),
    reviewerNote: text("reviewer_note"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    /** When metrics were last attempted (denormalised from ingestion_attempts for the refresher's scan). */
    lastMetricsAttemptAt: timestamp("last_metrics_attempt_at", { withTimezone: true }),
    /** A refresher worker holds the submission until then; others skip it. */
    metricsLeaseUntil: timestamp("metrics_lease_until", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("submissions_participation_idx").on(t.participationId, t.id),
    index("submissions_metrics_due_idx").on(t.lastMetricsAttemptAt).where(sql`${t.status} = 'ACCEPTED'`),
    // One live (not rejected) submission per participation and media; a rejected post may be resubmitted.
    uniqueIndex("submissions_live_media_key")
      .on(t.participationId, t.platform, t.externalMediaId)
      .where(sql`${t.status} <> 'REJECTED'`),
    check(
      "submissions_rejection_reason_iff_rejected",
      sql`(${t.status} = 'REJECTED') = (${t.rejectionReason} is not null)`,
    ),
  ],
);

/** Cumulative platform counts of one submission at `fetchedAt`; any count may be null (not reported). */
export const metricsSnapshots = pgTable(
  "metrics_snapshots",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    submissionId: integer("submission_id").notNull().references(() => submissions.id, { onDelete: "cascade" }),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull(),
    impressions: bigint("impressions", { mode: "number" }),
    reach: bigint("reach", { mode: "number" }),
    likes: bigint("likes", { mode: "number" }),
    comments: bigint("comments", { mode: "number" }),
    saves: bigint("saves", { mode: "number" }),
    shares: bigint("shares", { mode: "number" }),
    views: bigint("views", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [index("metrics_snapshots_submission_fetched_idx").on(t.submissionId, t.fetchedAt)],
);

export const ingestionAttempts = pgTable(
  "ingestion_attempts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    submissionId: integer("submission_id").notNull().references(() => submissions.id, { onDelete: "cascade" }),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
    outcome: ingestionOutcome("outcome").notNull(),
    failureReason: failureReason("failure_reason"),
    detail: text("detail"),
    /** Platform calls repeated within this attempt after a timeout, a dropped connection, a 5xx or a 429. */
    retries: integer("retries").notNull().default(0),
  },
  (t) => [
    index("ingestion_attempts_submission_attempted_idx").on(t.submissionId, t.attemptedAt),
    check("ingestion_attempts_reason_iff_failure", sql`(${t.outcome} = 'FAILURE') = (${t.failureReason} is not null)`),
  ],
);

/** After a RATE_LIMIT answer every refresher process leaves the platform alone until `until`. */
export const platformBackoffs = pgTable("platform_backoffs", {
  platform: platform("platform").primaryKey(),
  until: timestamp("until", { withTimezone: true }).notNull(),
  reason: text("reason"),
});

/**
 * Rate-limit counters shared by every process on a PostgreSQL server (src/rate-limits/; PGlite keeps them in
 * memory): one row per key, its window starting at the first hit. Rows whose window ended are swept.
 */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    windowEndsAt: timestamp("window_ends_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limit_counters_window_ends_at_idx").on(t.windowEndsAt)],
);

/** Ledger accounts. Only EXTERNAL (the outside world) may go negative. */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: ledgerAccountKind("kind").notNull(),
    campaignId: integer("campaign_id").references(() => campaigns.id),
    userId: integer("user_id").references(() => users.id),
    currency: char("currency", { length: 3 }).notNull(),
    balanceCents: cents("balance_cents").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_accounts_owner_key")
      .on(t.kind, t.currency, sql`coalesce(${t.campaignId}, 0)`, sql`coalesce(${t.userId}, 0)`),
    check("ledger_accounts_non_negative", sql`${t.kind} = 'EXTERNAL' or ${t.balanceCents} >= 0`),
  ],
);

/** One money movement; its entries sum to zero. A repeated idempotency key returns the first result. */
export const ledgerTransactions = pgTable(
  "ledger_transactions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    requestHash: text("request_hash").notNull(),
    kind: text("kind").notNull(),
    campaignId: integer("campaign_id").references(() => campaigns.id),
    createdById: integer("created_by_id").references(() => users.id),
    /** What the first request answered (balances after it), so that a replay answers the same. */
    result: jsonb("result"),
    createdAt: createdAt(),
  },
  (t) => [index("ledger_transactions_campaign_idx").on(t.campaignId, t.id)],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    transactionId: integer("transaction_id")
      .notNull()
      .references(() => ledgerTransactions.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => ledgerAccounts.id),
    /** Positive: debit (money into the account); negative: credit. */
    amountCents: cents("amount_cents").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("ledger_entries_account_idx").on(t.accountId, t.id),
    index("ledger_entries_transaction_idx").on(t.transactionId),
    check("ledger_entries_non_zero", sql`${t.amountCents} <> 0`),
  ],
);

/**
 * Per-submission accrual state: the high-water mark that money was last computed from. accrued = everything
 * ever accrued; blocked = accrued but not yet funded; paid = paid out; payable = accrued − blocked − paid.
 */
export const submissionEarnings = pgTable(
  "submission_earnings",
  {
    submissionId: integer("submission_id")
      .primaryKey()
      .references(() => submissions.id, { onDelete: "cascade" }),
    highWaterUnits: bigint("high_water_units", { mode: "number" }).notNull().default(0),
    earnedCents: cents("earned_cents").notNull().default(0),
    accruedCents: cents("accrued_cents").notNull().default(0),
    blockedCents: cents("blocked_cents").notNull().default(0),
    paidCents: cents("paid_cents").notNull().default(0),
    /** The part of accrued_cents that is bonuses (campaign_bonus_awards); the rest is the post's own earnings. */
    bonusCents: cents("bonus_cents").notNull().default(0),
    /** Set exactly when blocked_cents > 0. */
    blockedReason: blockedReason("blocked_reason"),
    /** When the oldest still-blocked amount was blocked: funding releases blocked accruals oldest first. */
    blockedSince: timestamp("blocked_since", { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("submission_earnings_blocked_idx").on(t.blockedSince, t.submissionId).where(sql`${t.blockedCents} > 0`),
    check(
      "submission_earnings_amounts",
      sql`${t.blockedCents} >= 0 and ${t.paidCents} >= 0 and ${t.blockedCents} + ${t.paidCents} <= ${t.accruedCents}`,
    ),
    check("submission_earnings_bonus", sql`${t.bonusCents} >= 0 and ${t.bonusCents} <= ${t.accruedCents}`),
    check(
      "submission_earnings_blocked_reason_iff_blocked",
      sql`(${t.blockedCents} > 0) = (${t.blockedReason} is not null and ${t.blockedSince} is not null)`,
    ),
  ],
);

/** The legacy promo bonuses: prizes a completed campaign awards once per kind (src/wallets/bonus.service.ts). */
export const bonusKind = pgEnum("bonus_kind", ["REACH", "ENGAGEMENT_RATE", "BEST_POST"]);

export const campaignBonusAwards = pgTable(
  "campaign_bonus_awards",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    campaignId: integer("campaign_id").notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    kind: bonusKind("kind").notNull(),
    participationId: integer("participation_id").notNull().references(() => participations.id, { onDelete: "cascade" }),
    /** The submission whose earnings carry the bonus. */
    submissionId: integer("submission_id").notNull().references(() => submissions.id, { onDelete: "cascade" }),
    amountCents: cents("amount_cents").notNull(),
    /** Of amount_cents, what escrow funded at the award; the rest was blocked (later funding releases it). */
    fundedCents: cents("funded_cents").notNull(),
    /** The winning figure: reach, engagement rate (a fraction) or the post's engagements. */
    score: numeric("score").notNull(),
    transactionId: integer("transaction_id").notNull().references(() => ledgerTransactions.id),
    awardedAt: timestamp("awarded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("campaign_bonus_awards_campaign_kind_key").on(t.campaignId, t.kind),
    index("campaign_bonus_awards_participation_idx").on(t.participationId),
    check("campaign_bonus_awards_amounts", sql`${t.amountCents} > 0 and ${t.fundedCents} >= 0 and ${t.fundedCents} <= ${t.amountCents}`),
  ],
);

/** Reference data: seeded on every database by migration 0009, editable by admins (src/reference/). */
export const countries = pgTable("countries", {
  code: char("code", { length: 2 }).primaryKey(),
  /** The legacy API's integer id. */
  id: integer("id").notNull().unique().generatedAlwaysAsIdentity(),
  name: text("name").notNull(),
  currency: char("currency", { length: 3 }).notNull().default("USD"),
});

export const cities = pgTable(
  "cities",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    countryCode: char("country_code", { length: 2 })
      .notNull()
      .references(() => countries.code),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("cities_country_name_key").on(t.countryCode, t.name)],
);

export const categories = pgTable("categories", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
});

export const exchangeRates = pgTable("exchange_rates", {
  currency: char("currency", { length: 3 }).primaryKey(),
  /** Units of this currency per one US dollar. */
  perUsd: numeric("per_usd", { precision: 18, scale: 8 }).notNull(),
  /** Digits after the decimal point of the currency's minor unit (ISO 4217): 2 for USD, 0 for JPY. */
  minorUnits: smallint("minor_units").notNull().default(2),
  updatedAt: updatedAt(),
});

/** What a webhook endpoint may subscribe to (src/webhooks/, docs/webhooks.md). */
export const webhookEventType = pgEnum("webhook_event_type", [
  "SUBMISSION_CREATED",
  "SUBMISSION_REVIEWED",
  "PARTICIPATION_STATUS_CHANGED",
  "METRICS_REFRESHED",
  "ACCRUAL",
  "PAYOUT",
  "CAMPAIGN_STATUS_CHANGED",
]);
export const webhookEndpointStatus = pgEnum("webhook_endpoint_status", ["ENABLED", "DISABLED"]);
export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["PENDING", "SUCCEEDED", "FAILED"]);

/** Where a brand (events of its campaigns) or an admin (every event) receives signed events. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    ownerId: integer("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description"),
    events: webhookEventType("events").array().notNull(),
    /** The signing secret, encrypted with ENCRYPTION_KEY: the server needs it back to sign. */
    secretEncrypted: text("secret_encrypted").notNull(),
    status: webhookEndpointStatus("status").notNull().default("ENABLED"),
    /** Events in a row that exhausted their attempts; reset by any success. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledReason: text("disabled_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_endpoints_owner_idx").on(t.ownerId, t.id)],
);

/** The outbox: one row per event, written in the transaction of the change it reports. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    type: webhookEventType("type").notNull(),
    campaignId: integer("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    /** The exact JSON body sent (text, not jsonb, so every attempt sends the same bytes). */
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_events_campaign_idx").on(t.campaignId)],
);

/** One event to one endpoint, with its retry state; a manual redelivery adds another row. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    eventId: integer("event_id").notNull().references(() => webhookEvents.id, { onDelete: "cascade" }),
    endpointId: integer("endpoint_id").notNull().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    status: webhookDeliveryStatus("status").notNull().default("PENDING"),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A dispatcher holds the delivery until then; others skip it. */
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'PENDING'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    index("webhook_deliveries_event_idx").on(t.eventId),
  ],
);

/** The delivery log: one row per HTTP attempt. */
export const webhookDeliveryAttempts = pgTable(
  "webhook_delivery_attempts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: integer("delivery_id").notNull().references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptNumber: integer("attempt_number").notNull(),
    /** Null when no HTTP answer came (timeout, refused address, connection error). */
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("webhook_delivery_attempts_delivery_idx").on(t.deliveryId, t.id)],
);

export const networkApprovalStatus = pgEnum("network_approval_status", ["PENDING", "APPROVED", "REFUSED"]);

/**
 * An influencer's request to have a network profile approved by hand (the legacy network approval): one row per
 * user, platform and profile id. An APPROVED row counts as a connected account of that platform for submission
 * eligibility (src/social-accounts/network-approval.ts).
 */
export const networkApprovals = pgTable(
  "network_approvals",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    platform: platform("platform").notNull(),
    externalAccountId: text("external_account_id").notNull(),
    profileUrl: text("profile_url").notNull(),
    status: networkApprovalStatus("status").notNull().default("PENDING"),
    reason: text("reason"),
    reviewedById: integer("reviewed_by_id").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("network_approvals_user_platform_external_key").on(t.userId, t.platform, t.externalAccountId),
    index("network_approvals_status_idx").on(t.status, t.id),
  ],
);

/** Messages an admin sends a user; the user reads them as `viewer.notifications` and marks them read. */
export const notifications = pgTable(
  "notifications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    publicId: publicId(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    message: text("message").notNull(),
    type: text("type").notNull(),
    createdById: integer("created_by_id").references(() => users.id),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.id)],
);

/** A custom social wall an admin adds to a user's profile: an http(s) page on one network. */
export const customSocialWalls = pgTable(
  "custom_social_walls",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    platform: platform("platform").notNull(),
    url: text("url").notNull(),
    createdById: integer("created_by_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("custom_social_walls_user_url_key").on(t.userId, t.platform, t.url)],
);

/**
 * The campaign time series rolled up per bucket (src/analytics/analytics.rollup.ts, docs/analytics.md): per
 * campaign, bucket size and bucket, over the campaign's ACCEPTED submissions that hold a snapshot in it, how
 * many they are and, per metric, the sum and number of their non-null growths `max(C(e) − C(s), 0)` (taken only
 * when the submission also has a snapshot before the bucket). Kept current by database triggers (migration
 * 0010): when snapshots are written and when a submission starts or stops being ACCEPTED.
 */
export const campaignBucketMetrics = pgTable(
  "campaign_bucket_metrics",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer("campaign_id").notNull().references(() => campaigns.id, { onDelete: "cascade" }),
    /** DAY or WEEK (src/analytics/analytics.window.ts). */
    bucket: text("bucket").notNull(),
    startAt: timestamp("start_at", { withTimezone: true }).notNull(),
    submissionCount: integer("submission_count").notNull().default(0),
    impressionsGrowth: bigint("impressions_growth", { mode: "number" }).notNull().default(0),
    impressionsGrowthCount: integer("impressions_growth_count").notNull().default(0),
    reachGrowth: bigint("reach_growth", { mode: "number" }).notNull().default(0),
    reachGrowthCount: integer("reach_growth_count").notNull().default(0),
    likesGrowth: bigint("likes_growth", { mode: "number" }).notNull().default(0),
    likesGrowthCount: integer("likes_growth_count").notNull().default(0),
    commentsGrowth: bigint("comments_growth", { mode: "number" }).notNull().default(0),
    commentsGrowthCount: integer("comments_growth_count").notNull().default(0),
    sharesGrowth: bigint("shares_growth", { mode: "number" }).notNull().default(0),
    sharesGrowthCount: integer("shares_growth_count").notNull().default(0),
    savesGrowth: bigint("saves_growth", { mode: "number" }).notNull().default(0),
    savesGrowthCount: integer("saves_growth_count").notNull().default(0),
    viewsGrowth: bigint("views_growth", { mode: "number" }).notNull().default(0),
    viewsGrowthCount: integer("views_growth_count").notNull().default(0),
    /** Submissions whose first snapshot is in the bucket (PLATFORM_TOTAL there), and per metric the sum and number of their non-null counts (migration 0011). */
    firstCount: integer("first_count").notNull().default(0),
    impressionsFirst: bigint("impressions_first", { mode: "number" }).notNull().default(0),
    impressionsFirstCount: integer("impressions_first_count").notNull().default(0),
    reachFirst: bigint("reach_first", { mode: "number" }).notNull().default(0),
    reachFirstCount: integer("reach_first_count").notNull().default(0),
    likesFirst: bigint("likes_first", { mode: "number" }).notNull().default(0),
    likesFirstCount: integer("likes_first_count").notNull().default(0),
    commentsFirst: bigint("comments_first", { mode: "number" }).notNull().default(0),
    commentsFirstCount: integer("comments_first_count").notNull().default(0),
    sharesFirst: bigint("shares_first", { mode: "number" }).notNull().default(0),
    sharesFirstCount: integer("shares_first_count").notNull().default(0),
    savesFirst: bigint("saves_first", { mode: "number" }).notNull().default(0),
    savesFirstCount: integer("saves_first_count").notNull().default(0),
    viewsFirst: bigint("views_first", { mode: "number" }).notNull().default(0),
    viewsFirstCount: integer("views_first_count").notNull().default(0),
  },
  (t) => [
    uniqueIndex("campaign_bucket_metrics_key").on(t.campaignId, t.bucket, t.startAt),
    check("campaign_bucket_metrics_bucket", sql`${t.bucket} in ('DAY', 'WEEK')`),
  ],
);

/**
 * Each submission's latest state (src/analytics/analytics.queries.ts, campaign facts): the latest snapshot (by
 * fetched_at, then id) and its counts, the latest ingestion attempt (by attempted_at, then id) and the latest
 * success. campaign_id (the submission's participation's) lets a campaign read its rows, and its latest
 * snapshot time, by index. Kept by the triggers of migration 0011 in the transaction that writes snapshots and attempts, so
 * that the campaign dashboard reads one row per submission instead of probing its snapshots and attempts.
 */
export const submissionLatestMetrics = pgTable(
  "submission_latest_metrics",
  {
    submissionId: integer("submission_id")
      .primaryKey()
      .references(() => submissions.id, { onDelete: "cascade" }),
    campaignId: integer("campaign_id").notNull(),
    lastSnapshotId: integer("last_snapshot_id"),
    lastFetchedAt: timestamp("last_fetched_at", { withTimezone: true }),
    impressions: bigint("impressions", { mode: "number" }),
    reach: bigint("reach", { mode: "number" }),
    likes: bigint("likes", { mode: "number" }),
    comments: bigint("comments", { mode: "number" }),
    saves: bigint("saves", { mode: "number" }),
    shares: bigint("shares", { mode: "number" }),
    views: bigint("views", { mode: "number" }),
    lastAttemptId: integer("last_attempt_id"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastAttemptOutcome: ingestionOutcome("last_attempt_outcome"),
    lastAttemptFailure: failureReason("last_attempt_failure"),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  },
  (t) => [
    index("submission_latest_metrics_campaign_last_idx").on(t.campaignId, t.lastFetchedAt),
  ],
);
