// The legacy advertiser and campaign statistics paths (docs/legacy-api.md, "Statistics: advertisers and
// campaigns"): each reads `advertiserStatistics` (src/statistics/advertiser-statistics.*) or
// `Campaign.statistics`, so REST and GraphQL answer the same figures.
import * as documents from "../../generated/operations.js";
import { arrayOf, enumOf, integer, nullable, object, string } from "../../core/json-schema.js";
import type { JsonSchema } from "../../core/route.js";
import { found, RestFailure } from "../../core/failure.js";
import { decimal, idBody, legacyIdField, legacyRoute } from "../dialect.js";
import { decimalFromCents, lowerEnum, upperEnum } from "../codecs.js";
import { PLATFORMS } from "../../../src/platforms/platforms.js";
import { rangeBody, rangeFieldNames, rangeOf } from "./admin-routes.js";
import type { InvoiceStatus } from "../../generated/operations.js";

const advertiserBody = { advertiser_id: legacyIdField("advertiser") };
const currencyBody = { currency: string("The reporting currency (ISO 4217, with a stored rate); default USD", { pattern: "^[A-Za-z]{3}$" }) };
const scopeFieldNames = { advertiserId: "advertiser_id", ...rangeFieldNames };
const scopeOf = (body: Record<string, any>) => ({ advertiserId: body.advertiser_id === undefined ? null : String(body.advertiser_id) });
const count = (description: string) => integer(description, { minimum: 0 });
const ADVERTISER_ERRORS = { 403: "An influencer, or a brand asking for another advertiser", 404: "advertiser_id is not a brand's" };
const STATUSES = ["draft", "pending", "active", "paused", "completed", "cancelled"] as const;
const NETWORKS = PLATFORMS.map((platform) => lowerEnum(platform));
const money = (data: { totalSpentCents: number; averageCpmCents: number; currency: string }) => ({
  total_spent: decimalFromCents(data.totalSpentCents),
  average_cpm: decimalFromCents(data.averageCpmCents),
});

const financial = legacyRoute({
  path: "/api/advertiser/stats/financial/",
  description:
    "Money accrued to the advertiser's influencers in the range (by posting time), its campaigns that accrued any, and the average CPM over the paid influencers' accepted posts. " +
    "A brand: itself by default; an admin: the brand named, or every advertiser without advertiser_id.",
  body: { ...advertiserBody, ...rangeBody, ...currencyBody },
  fieldNames: scopeFieldNames,
  operation: documents.LegacyAdvertiserFinancialDocument,
  variables: (body) => ({ ...scopeOf(body), range: rangeOf(body), currency: body.currency ?? null }),
  respond: ({ advertiserStatistics: { financial } }) => ({ ...money(financial), total_campaigns: financial.total_campaigns, currency: financial.currency }),
  response: object({ total_spent: decimal("Accrued to influencers"), total_campaigns: count("Campaigns that accrued in the range"), average_cpm: decimal("Spent per 1,000 impressions or views"), currency: string("The reporting currency") }),
  errors: { ...ADVERTISER_ERRORS, 400: "A malformed id, day or currency, date_to before date_from, or a currency without a rate", 409: "Money of a campaign currency without a stored rate" },
});

const maximumLimit = legacyRoute({
  path: "/api/advertiser/maximum-limit/",
  description: "The brand's credit limit (the most escrow its campaigns may hold together, set by admins); `maximum_limit` and `currency` are null when it has none. An admin must name the brand.",
  body: advertiserBody,
  fieldNames: scopeFieldNames,
  operation: documents.LegacyAdvertiserMaximumLimitDocument,
  variables: scopeOf,
  respond: ({ advertiserStatistics: { maximumLimit: limit } }) => ({ maximum_limit: limit ? decimalFromCents(limit.amountCents) : null, currency: limit?.currency ?? null }),
  response: object({ maximum_limit: nullable(decimal("The limit, in `currency`")), currency: nullable(string("The limit's currency")) }),
  errors: { ...ADVERTISER_ERRORS, 400: "A malformed id, or an admin without advertiser_id" },
});

const INVOICE_STATUSES = ["paid", "refunded"];
const invoices = legacyRoute({
  path: "/api/advertiser/invoices/",
  description: "One invoice per funding of the advertiser's campaigns (the ledger transaction's id), newest first, at most 100: `paid`, or `refunded` when the campaign's escrow was refunded afterwards. Filters: `invoice_status`, the funding's UTC day.",
  body: { ...advertiserBody, invoice_status: enumOf(INVOICE_STATUSES, "Only invoices in this status"), ...rangeBody },
  fieldNames: { ...scopeFieldNames, status: "invoice_status" },
  operation: documents.LegacyAdvertiserInvoicesDocument,
  variables: (body) => ({ ...scopeOf(body), range: rangeOf(body), status: body.invoice_status ? (upperEnum(body.invoice_status) as InvoiceStatus) : null }),
  respond: ({ advertiserStatistics }) => ({
    invoices: advertiserStatistics.invoices.map(({ id, amountCents, currency, date, status }) => ({ id, amount: decimalFromCents(amountCents), currency, date, status: lowerEnum(status) })),
  }),
  response: object({
    invoices: arrayOf(object({ id: integer("The funding's id"), amount: decimal("Funded, in the campaign currency"), currency: string("The campaign currency"), date: string("UTC day", { format: "date" }), status: enumOf(INVOICE_STATUSES, "Status") }), "Newest first"),
  }),
  errors: { ...ADVERTISER_ERRORS, 400: "A malformed id or day, an unknown invoice_status, or date_to before date_from" },
});

/** The three campaign-count paths share one operation: an admin counts every campaign (or advertiser_id's), a brand its own. */
const campaignCounts = (path: string, description: string, respond: (data: documents.LegacyCampaignsStatisticsQuery["advertiserStatistics"]["campaigns"]) => unknown, response: JsonSchema, example?: unknown) =>
  legacyRoute({
    path,
    description: `${description} An admin counts every campaign (or advertiser_id's), a brand its own.`,
    body: { ...advertiserBody, ...rangeBody },
    fieldNames: scopeFieldNames,
    operation: documents.LegacyCampaignsStatisticsDocument,
    variables: (body) => ({ ...scopeOf(body), range: rangeOf(body) }),
    respond: (data) => respond(data.advertiserStatistics.campaigns),
    response,
    ...(example === undefined ? {} : { example }),
    errors: { ...ADVERTISER_ERRORS, 400: "A malformed id or day, or date_to before date_from" },
  });

const general = campaignCounts(
  "/api/campaigns/stats/general/",
  "Campaigns created in the range, and how many of them are active, completed and pending now.",
  ({ total, byStatus }) => ({ total_campaigns: total, active_campaigns: byStatus.active, completed_campaigns: byStatus.completed, pending_campaigns: byStatus.pending }),
  object({ total_campaigns: count("Created in the range"), active_campaigns: count("Of which active"), completed_campaigns: count("Of which completed"), pending_campaigns: count("Of which pending") }),
);

const byStatus = campaignCounts(
  "/api/campaigns/stats/status/",
  "Campaigns (created in the range, if one is given) per current status, every status present.",
  (data) => data.byStatus,
  object(Object.fromEntries(STATUSES.map((status) => [status, count(`Campaigns ${status}`)]))),
);

const byNetwork = campaignCounts(
  "/api/campaigns/stats/networks/",
  "Campaigns per network they accept (one that names none accepts every network; one of two networks counts in both), every network we track present; `twitter` is not one. The range, if given, is the creation day.",
  (data) => Object.fromEntries(data.byNetwork.map((entry) => [entry.network, entry.campaigns])),
  object(Object.fromEntries(NETWORKS.map((name) => [name, count(`Campaigns accepting ${name}`)]))),
  // The documentation's example with its `twitter` count read as YouTube's (docs/legacy-api.md, readings).
  { instagram: 25, facebook: 20, youtube: 10, tiktok: 5 },
);

const campaignIdBody = idBody("campaign_id", "campaign", "id");
/** The campaign's statistics: 404 when it does not exist, 403 when the caller may not see its money. */
const statisticsOf = <T>(campaign: { statistics: T | null } | null) => {
  const statistics = found(campaign, "Campaign").statistics;
  if (!statistics) throw new RestFailure(403, "PERMISSION_DENIED", "Only the campaign's owner or an admin sees its statistics");
  return statistics;
};

const campaignNetworks = legacyRoute({
  path: "/api/campaign/stats/networks/",
  description: "For each network the campaign accepts: its accepted posts, and the reach and engagements (likes + comments + shares + saves) of each post's latest snapshot. The owner or an admin.",
  ...campaignIdBody,
  operation: documents.LegacyCampaignNetworksDocument,
  variables: (body) => ({ id: String(body.campaign_id) }),
  respond: (data) => Object.fromEntries(statisticsOf(data.campaign).networks.map(({ network, ...figures }) => [network, figures])),
  response: { type: "object", description: "Network → figures", additionalProperties: object({ posts: count("Accepted posts"), reach: count("Σ reach"), engagement: count("Σ engagements") }) },
  errors: { 403: "An influencer, or another brand's campaign", 404: "No such campaign" },
});

const campaignCosts = legacyRoute({
  path: "/api/campaign/stats/costs/",
  description: "Everything accrued to the campaign's influencers, converted to `currency` (default USD), and the average CPM over their accepted posts. The owner or an admin.",
  body: { ...campaignIdBody.body, ...currencyBody },
  required: campaignIdBody.required,
  fieldNames: campaignIdBody.fieldNames,
  operation: documents.LegacyCampaignCostsDocument,
  variables: (body) => ({ id: String(body.campaign_id), currency: body.currency ?? null }),
  respond: (data) => {
    const costs = statisticsOf(data.campaign).costs;
    return { ...money(costs), currency: costs.currency };
  },
  response: object({ total_spent: decimal("Accrued to influencers"), average_cpm: decimal("Spent per 1,000 impressions or views"), currency: string("The reporting currency") }),
  errors: { 400: "A malformed id or currency, or a currency without a rate", 403: "An influencer, or another brand's campaign", 404: "No such campaign", 409: "The campaign's currency has no stored rate" },
});

export const advertiserStatisticsRoutes = [financial, maximumLimit, invoices, general, byStatus, byNetwork, campaignNetworks, campaignCosts];
