// advertiserStatistics and Campaign.statistics (docs/legacy-api.md, "Advertiser and campaign statistics"):
// who may see which scope, and the figures, each from one statement of advertiser-statistics.queries.ts.
import DataLoader from "dataloader";
import type { Context } from "../context.js";
import { isAdmin, requireViewer } from "../auth/access.js";
import { PermissionDenied, ValidationFailed } from "../shared/errors.js";
import { canManageCampaign } from "../campaigns/campaign.access.js";
import type { CampaignRow } from "../campaigns/campaign.type.js";
import { requireKnownCurrency } from "../reference/exchange.js";
import { PLATFORMS } from "../platforms/platforms.js";
import { creditLimitOf, requireAdvertiser, type CreditLimit } from "../wallets/credit-limit.js";
import { checkRange, type StatisticsRange } from "./statistics.range.js";
import { campaignStatisticsFor, type CampaignStatistics } from "./campaign-statistics.js";
import { invoicesOf, networksByCampaign, spendingByCampaign, spendingOf, type CampaignScope, type NetworkRow, type SpendingRow } from "./advertiser-statistics.queries.js";
import type { AdvertiserFinancial, AdvertiserScope, CampaignNetworkStatistics, Invoice, InvoiceStatus, Spending } from "./advertiser-statistics.type.js";

export const DEFAULT_CURRENCY = "USD";
export const MAX_INVOICES = 100;

/**
 * The scope of `advertiserStatistics(advertiserId)`: a brand sees itself (another brand's id is
 * PERMISSION_DENIED); an admin names any brand, or none for the whole platform. An id that is not a brand's
 * is NOT_FOUND. Influencers are refused by the resolver's role rule.
 */
export async function advertiserScope(context: Context, advertiserId: string | null | undefined): Promise<AdvertiserScope> {
  const viewer = requireViewer(context);
  if (advertiserId == null || advertiserId === "") {
    if (isAdmin(viewer)) return { advertiser: null };
    return { advertiser: (await context.loaders.users.byId.load(viewer.id))! };
  }
  const advertiser = await requireAdvertiser(context, advertiserId);
  if (!isAdmin(viewer) && advertiser.id !== viewer.id) throw PermissionDenied("A brand sees only its own advertiser figures");
  return { advertiser };
}

const campaignScopeOf = (scope: AdvertiserScope): CampaignScope => (scope.advertiser ? { ownerId: scope.advertiser.id } : {});

const checkedCurrencies = new WeakMap<Context, Map<string, Promise<void>>>();

/** The reporting currency: upper case, with a stored rate (else 400); looked up once per request and code. */
async function reportingCurrency(context: Context, currency: string | null | undefined): Promise<string> {
  const code = (currency ?? DEFAULT_CURRENCY).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw ValidationFailed("currency is not a currency code", { currency: "a 3-letter currency code" });
  let checked = checkedCurrencies.get(context);
  if (!checked) checkedCurrencies.set(context, (checked = new Map()));
  let check = checked.get(code);
  if (!check) checked.set(code, (check = requireKnownCurrency(context.db, code)));
  await check;
  return code;
}

const spending = (row: SpendingRow, currency: string): Spending => ({ totalSpentCents: row.spentCents, averageCpmCents: row.averageCpmCents, currency });

export async function financial(context: Context, scope: AdvertiserScope, range: StatisticsRange | null | undefined, currency: string | null | undefined): Promise<AdvertiserFinancial> {
  checkRange(range);
  const code = await reportingCurrency(context, currency);
  const row = await spendingOf(context.db, campaignScopeOf(scope), range, code);
  return { ...spending(row, code), totalCampaigns: row.campaigns };
}

/** The brand's credit limit (null: none); an admin must name the brand. */
export function maximumLimit(scope: AdvertiserScope): CreditLimit | null {
  if (!scope.advertiser) throw ValidationFailed("Name the advertiser whose credit limit to read", { advertiserId: "required for an administrator" });
  return creditLimitOf(scope.advertiser);
}

export async function invoices(
  context: Context,
  scope: AdvertiserScope,
  filter: { status?: InvoiceStatus | null; range?: StatisticsRange | null; first?: number | null },
): Promise<Invoice[]> {
  checkRange(filter.range);
  const limit = filter.first ?? MAX_INVOICES;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INVOICES) throw ValidationFailed(`first must be 1 to ${MAX_INVOICES}`, { first: `1..${MAX_INVOICES}` });
  const rows = await invoicesOf(context.db, campaignScopeOf(scope), { status: filter.status, range: filter.range, limit });
  return rows.map((row) => ({
    legacyId: row.id,
    transactionId: row.publicId,
    amountCents: row.amountCents,
    currency: row.currency,
    date: row.date,
    status: row.status,
    campaignLegacyId: row.campaignId,
  }));
}

export function campaigns(context: Context, scope: AdvertiserScope, range: StatisticsRange | null | undefined): Promise<CampaignStatistics> {
  return campaignStatisticsFor(context, scope.advertiser ? { advertiserId: scope.advertiser.id } : {}, range);
}

// ---- Campaign.statistics -------------------------------------------------------------------------------

/** What `Campaign.statistics` resolves to: the campaign, for the owner and admins; null for anyone else. */
export function campaignStatisticsOf(context: Context, campaign: CampaignRow): CampaignRow | null {
  return canManageCampaign(context.viewer, campaign) ? campaign : null;
}

/** Per-request loaders of the per-campaign figures, so that a list of campaigns costs one statement per figure. */
interface CampaignFigureLoaders {
  networks: DataLoader<number, NetworkRow[]>;
  costs: Map<string, DataLoader<number, SpendingRow | undefined>>;
}
const loadersByRequest = new WeakMap<Context, CampaignFigureLoaders>();

function figureLoaders(context: Context): CampaignFigureLoaders {
  let loaders = loadersByRequest.get(context);
  if (!loaders) {
    loaders = {
      networks: new DataLoader(async (ids: readonly number[]) => {
        const rows = await networksByCampaign(context.db, ids);
        return ids.map((id) => rows.filter((row) => row.campaignId === id));
      }),
      costs: new Map(),
    };
    loadersByRequest.set(context, loaders);
  }
  return loaders;
}

/** Every network the campaign accepts (all platforms when it names none), in PLATFORMS order, with its figures. */
export async function campaignNetworks(context: Context, campaign: CampaignRow): Promise<CampaignNetworkStatistics[]> {
  const rows = await figureLoaders(context).networks.load(campaign.id);
  const accepted = PLATFORMS.filter((platform) => campaign.allowedPlatforms.length === 0 || campaign.allowedPlatforms.includes(platform) || rows.some((row) => row.platform === platform));
  return accepted.map((platform) => {
    const row = rows.find((candidate) => candidate.platform === platform);
    return { network: platform.toLowerCase(), posts: row?.posts ?? 0, reach: row?.reach ?? 0, engagement: row?.engagement ?? 0 };
  });
}

export async function campaignCosts(context: Context, campaign: CampaignRow, currency: string | null | undefined): Promise<Spending> {
  const code = await reportingCurrency(context, currency);
  const family = figureLoaders(context).costs;
  let loader = family.get(code);
  if (!loader) {
    family.set(code, (loader = new DataLoader(async (ids: readonly number[]) => {
      const found = await spendingByCampaign(context.db, ids, code);
      return ids.map((id) => found.get(id));
    })));
  }
  return spending((await loader.load(campaign.id)) ?? { spentCents: 0, averageCpmCents: 0, campaigns: 0 }, code);
}
