// Reference data in GraphQL (src/reference/): what migration 0009 seeds on an empty database, who may read
// and edit it, the admin edits' validation, and `countries { cities }` at a constant number of statements.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, createCampaign, errorCode, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken } from "../../support/legacy-app.js";

let server: TestServer;
let admin: string;
let brand: Actor;
let influencer: Actor;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  admin = await adminToken(server);
  [brand, influencer] = await Promise.all([signUp(server, "BRAND"), signUp(server, "INFLUENCER")]);
});
afterAll(() => server?.close());

const COUNTRIES = `{ countries { id code name currency cities { id name countryCode } } }`;
const detailsOf = async (query: string, variables: Record<string, unknown>, token?: string) => (await server.gql(query, variables, token)).errors?.[0];

describe("reads", () => {
  it("an empty database has the seeded countries, cities, categories and rates, in id order; anyone reads countries and categories", async () => {
    const { countries } = await ok(server, COUNTRIES);
    expect(countries.length).toBeGreaterThanOrEqual(20);
    expect(countries.map((country: { id: number }) => country.id)).toEqual([...countries.map((country: { id: number }) => country.id)].sort((a, b) => a - b));
    const us = countries.find((country: { code: string }) => country.code === "US");
    expect(us).toMatchObject({ name: "United States", currency: "USD" });
    expect(us.cities.map((city: { name: string }) => city.name)).toEqual(expect.arrayContaining(["New York", "Seattle", "Denver"]));
    expect(us.cities.every((city: { countryCode: string }) => city.countryCode === "US")).toBe(true);
    // The demo world's places (src/seed/world.ts) are all listed.
    const places: [string, string][] = [["US", "Seattle"], ["FR", "Paris"], ["BR", "São Paulo"], ["JP", "Tokyo"], ["DE", "Berlin"], ["GB", "London"]];
    for (const [code, city] of places) {
      expect(countries.find((country: { code: string }) => country.code === code)?.cities.map((c: { name: string }) => c.name), code).toContain(city);
    }

    const { categories } = await ok(server, `{ categories { id slug name } }`);
    expect(categories.map((category: { slug: string }) => category.slug)).toEqual(
      expect.arrayContaining(["fashion", "beauty", "technology", "food", "travel", "other", "outdoor", "skincare", "fitness", "wellness", "lifestyle"]),
    );
    expect(categories.find((category: { slug: string }) => category.slug === "fashion").name).toBe("Fashion");

    const { exchangeRates } = await ok(server, `{ exchangeRates { currency perUsd minorUnits updatedAt } }`, {}, influencer.token);
    const rate = (currency: string) => exchangeRates.find((row: { currency: string }) => row.currency === currency);
    for (const currency of ["USD", "EUR", "GBP", "JPY", "BRL"]) expect(rate(currency), currency).toBeDefined();
    expect(rate("USD")).toMatchObject({ minorUnits: 2 });
    expect(Number(rate("USD").perUsd)).toBe(1);
    expect(rate("JPY").minorUnits).toBe(0);
    // Every country's currency has a rate.
    for (const country of countries) expect(rate(country.currency), country.code).toBeDefined();
  });

  it("cities(countryId) lists one country's; an unknown country is a validation error; exchange rates need a sign-in", async () => {
    const { countries } = await ok(server, `{ countries { id code cities { id name } } }`);
    const fr = countries.find((country: { code: string }) => country.code === "FR");
    expect((await ok(server, `query($id: Int) { cities(countryId: $id) { id name } }`, { id: fr.id })).cities).toEqual(fr.cities);
    const all = (await ok(server, `{ cities { id } }`)).cities;
    expect(all.length).toBe(countries.reduce((sum: number, country: { cities: unknown[] }) => sum + country.cities.length, 0));
    const unknown = await detailsOf(`{ cities(countryId: 999999) { id } }`, {});
    expect(unknown?.extensions).toMatchObject({ code: "VALIDATION_ERROR", details: { fields: { countryId: "unknown country" } } });
    expect(await errorCode(server, `{ exchangeRates { currency } }`)).toBe("UNAUTHORIZED");
    expect(await errorCode(server, `{ convertCurrency(from: "USD", to: "EUR", amountCents: 100) { convertedCents } }`)).toBe("UNAUTHORIZED");
  });

  it("countries { cities } costs the same number of statements for more countries and cities", async () => {
    const before = await server.countStatements(() => ok(server, COUNTRIES));
    for (const code of ["QA", "QB", "QC"]) {
      await ok(server, `mutation($input: UpsertCountryInput!) { upsertCountry(input: $input) { country { code } } }`, { input: { code, name: `Test ${code}`, currency: "EUR" } }, admin);
      for (const name of ["One", "Two"]) await ok(server, `mutation($input: AddCityInput!) { addCity(input: $input) { city { id } } }`, { input: { countryCode: code, name } }, admin);
    }
    const after = await server.countStatements(() => ok(server, COUNTRIES));
    expect(after.result.countries.length).toBe(before.result.countries.length + 3);
    expect(after.statements).toBe(before.statements);
    // One statement for the countries, one for all their cities.
    expect(after.statements).toBe(2);
  });
});

describe("admin edits", () => {
  const UPSERT_COUNTRY = `mutation($input: UpsertCountryInput!) { upsertCountry(input: $input) { country { id code name currency cities { name } } } }`;
  const ADD_CITY = `mutation($input: AddCityInput!) { addCity(input: $input) { city { id name countryCode } } }`;
  const REMOVE_CITY = `mutation($id: Int!) { removeCity(id: $id) { city { id name } } }`;
  const UPSERT_CATEGORY = `mutation($input: UpsertCategoryInput!) { upsertCategory(input: $input) { category { id slug name } } }`;
  const SET_RATE = `mutation($input: SetExchangeRateInput!) { setExchangeRate(input: $input) { exchangeRate { currency perUsd minorUnits } } }`;

  it("creates and replaces countries, adds and removes cities, creates and renames categories", async () => {
    const created = (await ok(server, UPSERT_COUNTRY, { input: { code: "ZZ", name: "Zedland", currency: "EUR" } }, admin)).upsertCountry.country;
    expect(created).toMatchObject({ code: "ZZ", name: "Zedland", currency: "EUR", cities: [] });
    const replaced = (await ok(server, UPSERT_COUNTRY, { input: { code: "ZZ", name: "  Zedland Republic ", currency: "GBP" } }, admin)).upsertCountry.country;
    expect(replaced).toMatchObject({ id: created.id, name: "Zedland Republic", currency: "GBP" });

    const city = (await ok(server, ADD_CITY, { input: { countryCode: "ZZ", name: "Zed City" } }, admin)).addCity.city;
    expect(city).toMatchObject({ name: "Zed City", countryCode: "ZZ" });
    expect(await errorCode(server, ADD_CITY, { input: { countryCode: "ZZ", name: "Zed City" } }, admin)).toBe("CONFLICT");
    expect((await ok(server, `query($id: Int) { cities(countryId: $id) { id name } }`, { id: created.id })).cities).toEqual([{ id: city.id, name: "Zed City" }]);
    expect((await ok(server, REMOVE_CITY, { id: city.id }, admin)).removeCity.city).toEqual({ id: city.id, name: "Zed City" });
    expect(await errorCode(server, REMOVE_CITY, { id: city.id }, admin)).toBe("NOT_FOUND");
    expect((await ok(server, `query($id: Int) { cities(countryId: $id) { id } }`, { id: created.id })).cities).toEqual([]);

    const category = (await ok(server, UPSERT_CATEGORY, { input: { slug: "home-garden", name: "Home & Garden" } }, admin)).upsertCategory.category;
    const renamed = (await ok(server, UPSERT_CATEGORY, { input: { slug: "home-garden", name: "Home and Garden" } }, admin)).upsertCategory.category;
    expect(renamed).toEqual({ id: category.id, slug: "home-garden", name: "Home and Garden" });
    expect((await ok(server, `{ categories { slug name } }`)).categories).toContainEqual({ slug: "home-garden", name: "Home and Garden" });
  });

  it("sets exchange rates: a new currency gets 2 decimals, an existing one keeps its own; USD stays 1", async () => {
    expect((await ok(server, SET_RATE, { input: { currency: "NZD", perUsd: "1.65" } }, admin)).setExchangeRate.exchangeRate).toEqual({ currency: "NZD", perUsd: "1.65000000", minorUnits: 2 });
    expect((await ok(server, SET_RATE, { input: { currency: "JPY", perUsd: "150.12345678" } }, admin)).setExchangeRate.exchangeRate).toEqual({ currency: "JPY", perUsd: "150.12345678", minorUnits: 0 });
    expect((await ok(server, SET_RATE, { input: { currency: "USD", perUsd: "1.000" } }, admin)).setExchangeRate.exchangeRate.perUsd).toBe("1.00000000");
    const converted = await ok(server, `{ convertCurrency(from: "USD", to: "NZD", amountCents: 10000) { convertedCents } }`, {}, admin);
    expect(converted.convertCurrency.convertedCents).toBe(16_500);
  });

  it("refuses bad values with the offending fields, and writes nothing", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [UPSERT_COUNTRY, { code: "usa", name: "X", currency: "USD" }, "code"],
      [UPSERT_COUNTRY, { code: "XY", name: " ", currency: "USD" }, "name"],
      [UPSERT_COUNTRY, { code: "XY", name: "X".repeat(101), currency: "USD" }, "name"],
      [UPSERT_COUNTRY, { code: "XY", name: "X", currency: "usd" }, "currency"],
      [UPSERT_COUNTRY, { code: "XY", name: "X", currency: "XXX" }, "currency"],
      [ADD_CITY, { countryCode: "XY", name: "Nowhere" }, "countryCode"],
      [ADD_CITY, { countryCode: "US", name: "" }, "name"],
      [UPSERT_CATEGORY, { slug: "Bad Slug", name: "X" }, "slug"],
      [UPSERT_CATEGORY, { slug: "-x", name: "X" }, "slug"],
      [UPSERT_CATEGORY, { slug: "x".repeat(51), name: "X" }, "slug"],
      [UPSERT_CATEGORY, { slug: "ok", name: "" }, "name"],
      [SET_RATE, { currency: "EURO", perUsd: "1" }, "currency"],
      [SET_RATE, { currency: "ABC", perUsd: "0" }, "perUsd"],
      [SET_RATE, { currency: "ABC", perUsd: "0.000000000" }, "perUsd"],
      [SET_RATE, { currency: "ABC", perUsd: "-1" }, "perUsd"],
      [SET_RATE, { currency: "ABC", perUsd: "1e3" }, "perUsd"],
      [SET_RATE, { currency: "ABC", perUsd: "12345678901" }, "perUsd"],
      [SET_RATE, { currency: "ABC", perUsd: "1", minorUnits: 3 }, "minorUnits"],
      [SET_RATE, { currency: "USD", perUsd: "2" }, "perUsd"],
    ];
    for (const [mutation, input, field] of cases) {
      const error = await detailsOf(mutation, { input }, admin);
      expect(error?.extensions.code, JSON.stringify(input)).toBe("VALIDATION_ERROR");
      expect(Object.keys(error?.extensions.details.fields), JSON.stringify(input)).toContain(field);
    }
    const { countries } = await ok(server, `{ countries { code } }`);
    expect(countries.map((country: { code: string }) => country.code)).not.toContain("XY");
    expect((await ok(server, `{ exchangeRates { currency } }`, {}, admin)).exchangeRates.map((rate: { currency: string }) => rate.currency)).not.toContain("ABC");
  });

  it("brands and influencers may not edit (PERMISSION_DENIED), anonymous callers are UNAUTHORIZED", async () => {
    const edits: [string, Record<string, unknown>][] = [
      [UPSERT_COUNTRY, { input: { code: "YY", name: "Y", currency: "USD" } }],
      [ADD_CITY, { input: { countryCode: "US", name: "Springfield" } }],
      [REMOVE_CITY, { id: 1 }],
      [UPSERT_CATEGORY, { input: { slug: "y", name: "Y" } }],
      [SET_RATE, { input: { currency: "EUR", perUsd: "5" } }],
    ];
    for (const [mutation, variables] of edits) {
      for (const actor of [brand, influencer]) expect(await errorCode(server, mutation, variables, actor.token), mutation).toBe("PERMISSION_DENIED");
      expect(await errorCode(server, mutation, variables), mutation).toBe("UNAUTHORIZED");
    }
    expect((await ok(server, `{ cities(countryId: 1) { id } }`)).cities.length).toBeGreaterThan(0);
  });
});

describe("pick lists", () => {
  it("advertisers: admins only, brand accounts newest first with their email", async () => {
    const newer = await signUp(server, "BRAND", "Newest Brand");
    const data = await ok(server, `{ advertisers(first: 100) { totalCount edges { node { id role displayName email } } } }`, {}, admin);
    const nodes = data.advertisers.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes.every((node: { role: string }) => node.role === "BRAND")).toBe(true);
    expect(nodes[0]).toEqual({ id: newer.id, role: "BRAND", displayName: "Newest Brand", email: newer.email });
    expect(nodes.map((node: { id: string }) => node.id)).toContain(brand.id);
    expect(data.advertisers.totalCount).toBe(nodes.length);
    for (const actor of [brand, influencer]) expect(await errorCode(server, `{ advertisers { totalCount } }`, {}, actor.token)).toBe("PERMISSION_DENIED");
  });

  it("allowedCampaigns: the active campaigns the caller manages; influencers are refused", async () => {
    const owner = await signUp(server, "BRAND");
    const active = await createActiveCampaign(server, owner);
    await createCampaign(server, owner); // a draft
    const othersActive = await createActiveCampaign(server, brand);
    const QUERY = `{ allowedCampaigns(first: 100) { edges { node { id status } } } }`;
    const ids = async (token: string) => (await ok(server, QUERY, {}, token)).allowedCampaigns.edges.map((edge: { node: { id: string; status: string } }) => edge.node);
    expect(await ids(owner.token)).toEqual([{ id: active, status: "CAMPAIGN_ACTIVE" }]);
    const all = await ids(admin);
    expect(all.map((node: { id: string }) => node.id)).toEqual(expect.arrayContaining([active, othersActive]));
    expect(all.every((node: { status: string }) => node.status === "CAMPAIGN_ACTIVE")).toBe(true);
    expect(await errorCode(server, QUERY, {}, influencer.token)).toBe("PERMISSION_DENIED");
  });
});
