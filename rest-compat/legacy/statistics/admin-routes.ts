// The legacy publisher, user and general statistics paths, admin only (docs/legacy-api.md, "Statistics:
// publishers, users and the platform"): each reads one field of `adminStatistics` (src/statistics/admin-statistics.ts).
import * as documents from "../../generated/operations.js";
import { integer, object, string } from "../../core/json-schema.js";
import type { JsonSchema } from "../../core/route.js";
import { decimal, legacyRoute } from "../dialect.js";
import { decimalFromCents } from "../codecs.js";

const day = (description: string) => string(`${description} (YYYY-MM-DD, UTC)`, { pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });

/** `date_from` / `date_to` (inclusive whole UTC days, either open) → the GraphQL StatisticsRange, and back in errors. */
export const rangeBody = { date_from: day("First day counted"), date_to: day("Last day counted, inclusive") };
export const rangeFieldNames = { "range.from": "date_from", "range.to": "date_to", from: "date_from", to: "date_to" };
export const rangeOf = (body: Record<string, string | undefined>) => ({ from: body.date_from ?? null, to: body.date_to ?? null });

const ADMIN_ONLY = { 403: "A brand or an influencer: admin only" };
const count = (description: string) => integer(description, { minimum: 0 });
const percent = (key: string) => integer(`Percent of ${key}`, { minimum: 0, maximum: 100 });

/** `shares` → `{ key: percent }`, in the shares' order. */
const percentages = (breakdown: { shares: { key: string; percent: number }[] }) => Object.fromEntries(breakdown.shares.map((share) => [share.key, share.percent]));

const publisherStatus = legacyRoute({
  path: "/api/publishers/stats/status/",
  description: "Influencer accounts per status; `banned` is counted apart from `suspended`.",
  operation: documents.LegacyPublisherStatusDocument,
  variables: () => ({}),
  respond: (data) => data.adminStatistics.publishersByStatus,
  response: object({ active: count("ACTIVE"), inactive: count("INACTIVE"), suspended: count("SUSPENDED"), banned: count("BANNED") }),
  example: { active: 150, inactive: 50, suspended: 10, banned: 0 },
  errors: ADMIN_ONLY,
});

const publisherActivity = legacyRoute({
  path: "/api/publishers/stats/activity/",
  description: "Accepted submissions made in the range, and the reach and engagements of each one's latest metrics snapshot.",
  body: rangeBody,
  fieldNames: rangeFieldNames,
  operation: documents.LegacyPublisherActivityDocument,
  variables: (body) => ({ range: rangeOf(body) }),
  respond: (data) => data.adminStatistics.publisherActivity,
  response: object({ total_posts: count("Accepted submissions"), total_reach: count("Σ reach"), total_engagement: count("Σ likes + comments + shares + saves") }),
  errors: { ...ADMIN_ONLY, 400: "A malformed day, or date_to before date_from" },
});

const usersBySex = legacyRoute({
  path: "/api/users/stats/sex/",
  description: "Percent of the influencers with a sex set, per sex (largest remainder: they add up to 100); `other` besides the documented keys.",
  operation: documents.LegacyUsersBySexDocument,
  variables: () => ({}),
  respond: (data) => percentages(data.adminStatistics.influencersBySex),
  response: object({ male: percent("male"), female: percent("female"), other: percent("other") }),
  example: { male: 60, female: 40, other: 0 },
  errors: ADMIN_ONLY,
});

const usersByAge = legacyRoute({
  path: "/api/users/stats/age/",
  description: "Percent of the influencers of 18 or more with a birth date, per age band on today's UTC date (they add up to 100).",
  operation: documents.LegacyUsersByAgeDocument,
  variables: () => ({}),
  respond: (data) => percentages(data.adminStatistics.influencersByAge),
  response: object(Object.fromEntries(["18-24", "25-34", "35-44", "45+"].map((band) => [band, percent(band)]))),
  errors: ADMIN_ONLY,
});

const usersByInterest = legacyRoute({
  path: "/api/users/stats/preferences/",
  description: "Every interest category by slug, zeros included: its percent of all (influencer, category) choices (they add up to 100).",
  operation: documents.LegacyUsersByInterestDocument,
  variables: () => ({}),
  respond: (data) => percentages(data.adminStatistics.influencersByInterest),
  response: { type: "object", description: "Category slug → percent", additionalProperties: integer("Percent", { minimum: 0, maximum: 100 }) } satisfies JsonSchema,
  errors: ADMIN_ONLY,
});

const pending = legacyRoute({
  path: "/api/general/stats/pending/",
  description: "Campaigns waiting for review, tasks not started (joined, nothing submitted, in an active or paused campaign), submissions waiting for the owner's review.",
  operation: documents.LegacyPendingWorkDocument,
  variables: () => ({}),
  respond: (data) => data.adminStatistics.pendingWork,
  response: object({ pending_campaigns: count("Campaigns pending"), pending_tasks: count("Tasks not started"), pending_approvals: count("Submissions pending review") }),
  errors: ADMIN_ONLY,
});

const financial = legacyRoute({
  path: "/api/general/stats/financial/",
  description: "Brands' funding into escrow and payouts to influencers in the range, converted to `currency` (default USD) at the stored rates.",
  body: { ...rangeBody, currency: string("Reporting currency with a stored exchange rate (default USD)", { pattern: "^[A-Za-z]{3}$" }) },
  fieldNames: rangeFieldNames,
  operation: documents.LegacyPlatformFinancialsDocument,
  variables: (body) => ({ range: rangeOf(body), currency: body.currency ?? "USD" }),
  respond: ({ adminStatistics: { financials } }) => ({
    total_revenue: decimalFromCents(financials.revenueCents),
    total_payouts: decimalFromCents(financials.payoutsCents),
    currency: financials.currency,
  }),
  response: object({ total_revenue: decimal("Funded into escrow"), total_payouts: decimal("Paid out to influencers"), currency: string("The reporting currency") }),
  errors: { ...ADMIN_ONLY, 400: "A malformed day, date_to before date_from, or a currency without a stored rate", 409: "Money in a currency without a stored rate" },
});

const estimatedPublishers = legacyRoute({
  path: "/api/general/stats/estimated-publishers/",
  description: "ACTIVE influencer accounts able to publish (a valid connected account or an approved network), and those in a campaign running now.",
  operation: documents.LegacyEstimatedPublishersDocument,
  variables: () => ({}),
  respond: (data) => data.adminStatistics.publisherFunnel,
  response: object({ estimated_publishers: count("Able to publish"), active_publishers: count("In a running campaign") }),
  errors: ADMIN_ONLY,
});

const potentialPublishers = legacyRoute({
  path: "/api/general/stats/potential-publishers/",
  description: "ACTIVE influencer accounts that never joined a campaign, and the share that did (4 decimals).",
  operation: documents.LegacyPotentialPublishersDocument,
  variables: () => ({}),
  respond: (data) => data.adminStatistics.publisherFunnel,
  response: object({ potential_publishers: count("Never joined"), conversion_rate: { type: "number", minimum: 0, maximum: 1, description: "Joined / all, 4 decimals" } }),
  errors: ADMIN_ONLY,
});

export const adminStatisticsRoutes = [
  publisherStatus, publisherActivity, usersBySex, usersByAge, usersByInterest, pending, financial, estimatedPublishers, potentialPublishers,
];
