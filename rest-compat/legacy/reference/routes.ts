// The legacy reference lists and the exchange tool (docs/legacy-api.md, "Profiles, reference lists and tools").
import * as documents from "../../generated/operations.js";
import { arrayOf, integer, object, string } from "../../core/json-schema.js";
import type { JsonSchema } from "../../core/route.js";
import { validationFailure } from "../../core/request.js";
import { decimal, legacyIdField, legacyRoute } from "../dialect.js";
import { centsFromDecimal, decimalFromCents } from "../codecs.js";

const idName = (what: string, extra: Record<string, JsonSchema> = {}) => object({ id: integer(`The ${what}'s id`), name: string("Name"), ...extra });
const list = (key: string, item: JsonSchema, description: string) => object({ [key]: arrayOf(item, description) });
/** The pick lists of people and campaigns: the 100 newest rows, answered in id order. */
const byId = <T extends { id: number }>(rows: { node: T }[]) => rows.map(({ node }) => node).sort((a, b) => a.id - b.id);

const locations = legacyRoute({
  path: "/api/general/lists/locations/",
  description: "Every country with its cities, in id order. Any signed-in user.",
  operation: documents.LegacyLocationsDocument,
  variables: () => ({}),
  respond: (data) => data,
  response: list("countries", idName("country", { cities: arrayOf(idName("city"), "Its cities, in id order") }), "Countries, in id order"),
});

const advertisers = legacyRoute({
  path: "/api/general/lists/advertisers/",
  description: "Admin: the brand accounts (any status): the 100 newest, in id order. `name` is the display name.",
  operation: documents.LegacyAdvertisersDocument,
  variables: () => ({}),
  respond: (data) => ({ advertisers: byId(data.advertisers.edges) }),
  response: list("advertisers", idName("advertiser", { email: string("Sign-in email") }), "Brands, in id order"),
  errors: { 403: "A brand or an influencer" },
});

const allowedCountries = legacyRoute({
  path: "/api/general/lists/allowed-countries/",
  description: "Every country a profile may name, with its currency, in id order. Any signed-in user.",
  operation: documents.LegacyAllowedCountriesDocument,
  variables: () => ({}),
  respond: (data) => data,
  response: list("countries", idName("country", { currency_code: string("ISO 4217 code of its currency") }), "Countries, in id order"),
});

const allowedCities = legacyRoute({
  path: "/api/general/lists/allowed-cities/",
  description: "The cities of the country `country_id` (an unknown one is 400), or every city without it; in id order. Any signed-in user.",
  body: { country_id: legacyIdField("country") },
  operation: documents.LegacyAllowedCitiesDocument,
  variables: (body) => ({ countryId: body.country_id ?? null }),
  fieldNames: { countryId: "country_id" },
  respond: (data) => data,
  response: list("cities", idName("city"), "Cities, in id order"),
});

const allowedCategories = legacyRoute({
  path: "/api/general/lists/allowed-categories/",
  description: "Every interest category, in id order. Any signed-in user.",
  operation: documents.LegacyAllowedCategoriesDocument,
  variables: () => ({}),
  respond: (data) => data,
  response: list("categories", idName("category"), "Categories, in id order"),
});

const allowedCampaigns = legacyRoute({
  path: "/api/general/lists/allowed-campaigns/",
  description: "The campaigns accepting participants (active) that the caller manages (an admin: all, a brand: its own): the 100 newest, in id order.",
  operation: documents.LegacyAllowedCampaignsDocument,
  variables: () => ({}),
  respond: (data) => ({ campaigns: byId(data.allowedCampaigns.edges) }),
  response: list("campaigns", idName("campaign"), "Campaigns, in id order"),
  errors: { 403: "An influencer" },
});

const currency = string("ISO 4217 code with a stored rate (any letter case)", { pattern: "^[A-Za-z]{3}$" });
// The documentation sends a JSON number, a form sends text. Read like form text (the dialect turns a JSON number
// into its text), an amount is digits only ("1e3" and "0x10" are not); `else` describes the JSON number.
const amount = {
  description: "A decimal amount of `from`, at most 2 decimals",
  if: { type: "string" },
  then: string("Decimal text", { pattern: "^[0-9]{1,12}(\\.[0-9]{1,2})?$" }),
  else: { type: "number", minimum: 0, maximum: 999_999_999_999.99 },
};

const exchange = legacyRoute({
  path: "/api/general/tools/exchange/",
  description:
    "Converts `amount` (a decimal, 0 to 10^12 units, at most 2 decimals) from one currency to another at the stored rates, in exact " +
    "decimals, rounded half away from zero to the target's minor unit (whole yen for JPY). Any signed-in user.",
  body: { from: currency, to: currency, amount },
  required: ["from", "to", "amount"],
  operation: documents.LegacyExchangeDocument,
  variables: (body) => {
    const amountCents = centsFromDecimal(body.amount);
    if (amountCents === undefined) throw validationFailure({ amount: "must be a decimal of at most 2 decimals" });
    return { from: body.from.toUpperCase(), to: body.to.toUpperCase(), amountCents };
  },
  fieldNames: { amountCents: "amount" },
  respond: ({ convertCurrency: { amountCents, convertedCents } }) => ({ base: decimalFromCents(amountCents), exchange: decimalFromCents(convertedCents) }),
  response: object({ base: decimal("The amount, in `from`"), exchange: decimal("The amount converted, in `to`") }),
  errors: { 400: "A malformed amount, or a currency without a stored rate" },
});

export const referenceRoutes = [locations, advertisers, allowedCountries, allowedCities, allowedCategories, allowedCampaigns, exchange];
