// Reads and admin edits of the reference data (countries, cities, categories, exchange rates), and the two
// back-office pick lists built on users and campaigns (advertisers, allowed campaigns). Role rules are on the
// resolver; the rules about values are here.
import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { Context } from "../context.js";
import { postgresErrorCode, UNIQUE_VIOLATION, type Executor } from "../db/client.js";
import { Conflict, NotFound, ValidationFailed } from "../shared/errors.js";
import type { Page, PageRequest } from "../shared/connection.js";
import { categories, cities, countries, exchangeRates, users } from "../../schema/tables.js";
import { listCampaigns } from "../campaigns/campaign.service.js";
import type { CampaignRow } from "../campaigns/campaign.type.js";
import type { UserRow } from "../users/user.type.js";
import { convertAmount, requireKnownCurrency } from "./exchange.js";
import type { AddCityInput, SetExchangeRateInput, UpsertCategoryInput, UpsertCountryInput } from "./reference.input.js";
import type { CategoryRow, CityRow, CountryRow, CurrencyConversion, ExchangeRateRow } from "./reference.type.js";

const COUNTRY_CODE = /^[A-Z]{2}$/;
export const CURRENCY_CODE = /^[A-Z]{3}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MAX = 50;
const NAME_MAX = 100;
/** numeric(18, 8): at most 10 digits before the point. */
const RATE = /^[0-9]{1,10}(?:\.[0-9]{1,8})?$/;

/** A trimmed name of 1 to NAME_MAX characters, or a problem for `fields`. */
function checkedName(name: string, field: string, fields: Record<string, string>): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > NAME_MAX) fields[field] = `must be 1 to ${NAME_MAX} characters`;
  return trimmed;
}

function refuse(message: string, fields: Record<string, string>): void {
  if (Object.keys(fields).length) throw ValidationFailed(message, fields);
}

export const listCountries = (db: Executor): Promise<CountryRow[]> => db.select().from(countries).orderBy(asc(countries.id));

export const listCategories = (db: Executor): Promise<CategoryRow[]> => db.select().from(categories).orderBy(asc(categories.id));

export const listExchangeRates = (db: Executor): Promise<ExchangeRateRow[]> => db.select().from(exchangeRates).orderBy(asc(exchangeRates.currency));

/** Every city, or one country's (by its integer id: an unknown one is 400 on `field`), in id order. */
export async function listCities(db: Executor, countryId: number | null | undefined, field = "countryId"): Promise<CityRow[]> {
  if (countryId == null) return db.select().from(cities).orderBy(asc(cities.id));
  const rows = await db
    .select({ city: cities, code: countries.code })
    .from(countries)
    .leftJoin(cities, eq(cities.countryCode, countries.code))
    .where(eq(countries.id, countryId))
    .orderBy(asc(cities.id));
  if (rows.length === 0) throw ValidationFailed(`There is no country ${countryId}`, { [field]: "unknown country" });
  return rows.flatMap((row) => (row.city ? [row.city] : []));
}

export async function convertCurrency(db: Executor, from: string, to: string, amountCents: number): Promise<CurrencyConversion> {
  const fields: Record<string, string> = {};
  if (!CURRENCY_CODE.test(from)) fields.from = "must be an ISO 4217 code of three upper-case letters";
  if (!CURRENCY_CODE.test(to)) fields.to = "must be an ISO 4217 code of three upper-case letters";
  refuse("The currencies are not valid", fields);
  return { from, to, amountCents, convertedCents: await convertAmount(db, amountCents, from, to) };
}

export async function upsertCountry(context: Context, input: UpsertCountryInput): Promise<CountryRow> {
  const fields: Record<string, string> = {};
  if (!COUNTRY_CODE.test(input.code)) fields.code = "must be an ISO 3166-1 alpha-2 code of two upper-case letters";
  const name = checkedName(input.name, "name", fields);
  if (!CURRENCY_CODE.test(input.currency)) fields.currency = "must be an ISO 4217 code of three upper-case letters";
  refuse("The country is not valid", fields);
  await requireKnownCurrency(context.db, input.currency);
  const [row] = await context.db
    .insert(countries)
    .values({ code: input.code, name, currency: input.currency })
    .onConflictDoUpdate({ target: countries.code, set: { name, currency: input.currency } })
    .returning();
  return row!;
}

export async function addCity(context: Context, input: AddCityInput): Promise<CityRow> {
  const fields: Record<string, string> = {};
  const name = checkedName(input.name, "name", fields);
  refuse("The city is not valid", fields);
  const [country] = await context.db.select({ code: countries.code }).from(countries).where(eq(countries.code, input.countryCode));
  if (!country) throw ValidationFailed(`There is no country '${input.countryCode}'`, { countryCode: "unknown country" });
  try {
    const [row] = await context.db.insert(cities).values({ countryCode: country.code, name }).returning();
    return row!;
  } catch (error) {
    if (postgresErrorCode(error) === UNIQUE_VIOLATION) throw Conflict(`${country.code} already has a city named '${name}'`);
    throw error;
  }
}

/** Removes a city from the list; profiles that name it keep their text (users.city is a name, not a key). */
export async function removeCity(context: Context, id: number): Promise<CityRow> {
  const [row] = await context.db.delete(cities).where(eq(cities.id, id)).returning();
  if (!row) throw NotFound("City", String(id));
  return row;
}

export async function upsertCategory(context: Context, input: UpsertCategoryInput): Promise<CategoryRow> {
  const fields: Record<string, string> = {};
  if (!SLUG.test(input.slug) || input.slug.length > SLUG_MAX) fields.slug = `must be lower-case letters and digits joined by dashes, at most ${SLUG_MAX} characters`;
  const name = checkedName(input.name, "name", fields);
  refuse("The category is not valid", fields);
  const [row] = await context.db
    .insert(categories)
    .values({ slug: input.slug, name })
    .onConflictDoUpdate({ target: categories.slug, set: { name } })
    .returning();
  return row!;
}

/** Creates or replaces a rate. The US dollar is the unit the rates are expressed in, so its own stays 1. */
export async function setExchangeRate(context: Context, input: SetExchangeRateInput): Promise<ExchangeRateRow> {
  const fields: Record<string, string> = {};
  if (!CURRENCY_CODE.test(input.currency)) fields.currency = "must be an ISO 4217 code of three upper-case letters";
  if (!RATE.test(input.perUsd) || !/[1-9]/.test(input.perUsd)) fields.perUsd = "must be a positive decimal, at most 10 digits before the point and 8 after";
  else if (input.currency === "USD" && Number(input.perUsd) !== 1) fields.perUsd = "the US dollar is the base: its rate is 1";
  if (input.minorUnits != null && !(Number.isInteger(input.minorUnits) && input.minorUnits >= 0 && input.minorUnits <= 2)) {
    fields.minorUnits = "must be 0, 1 or 2 (amounts are stored in hundredths)";
  }
  refuse("The exchange rate is not valid", fields);
  const [row] = await context.db
    .insert(exchangeRates)
    .values({ currency: input.currency, perUsd: input.perUsd, minorUnits: input.minorUnits ?? 2 })
    .onConflictDoUpdate({
      target: exchangeRates.currency,
      set: { perUsd: input.perUsd, updatedAt: sql`now()`, ...(input.minorUnits != null ? { minorUnits: input.minorUnits } : {}) },
    })
    .returning();
  return row!;
}

/** Brand accounts (any status), newest first: the advertisers an admin picks from. */
export async function listAdvertisers(context: Context, page: PageRequest): Promise<Page<UserRow>> {
  const brands = eq(users.role, "BRAND");
  const rows = await context.db
    .select({ user: users, total: sql<number>`(count(*) over ())::int` })
    .from(users)
    .where(and(brands, page.afterId === null ? undefined : lt(users.id, page.afterId)))
    .orderBy(desc(users.id))
    .limit(page.first + 1);
  const totalCount =
    page.afterId === null ? (rows[0]?.total ?? 0) : ((await context.db.select({ total: sql<number>`count(*)::int` }).from(users).where(brands))[0]?.total ?? 0);
  const nodes = rows.slice(0, page.first).map((row) => row.user);
  for (const node of nodes) context.loaders.users.byId.prime(node.id, node);
  return { nodes, hasNextPage: rows.length > page.first, totalCount };
}

/** The campaigns accepting participants (ACTIVE) that the viewer manages: an admin all, a brand its own. Newest first. */
export function listAllowedCampaigns(context: Context, page: PageRequest): Promise<Page<CampaignRow>> {
  return listCampaigns(context, { statuses: ["CAMPAIGN_ACTIVE"] }, page);
}
