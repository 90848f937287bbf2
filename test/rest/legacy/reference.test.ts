// The legacy reference lists and the exchange tool (rest-compat/legacy/reference/): the documented keys, the
// real rows in id order, who may call what, and bad input as 400 in the legacy error body.
// docs/legacy-api.md, "Profiles, reference lists and tools".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call } from "../../support/rest.js";
import { createActiveCampaign, createCampaign, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, SEED, adminToken, expectLegacyError, expectSeedKeys, legacyPost } from "../../support/legacy-app.js";

let server: TestServer;
let admin: string;
let brand: Actor;
let influencer: Actor;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  admin = await adminToken(server);
  [brand, influencer] = await Promise.all([signUp(server, "BRAND", "Fashion Brand"), signUp(server, "INFLUENCER")]);
});
afterAll(() => server?.close());

const LISTS = "/api/general/lists/";
const LOCATIONS = `${LISTS}locations/`;
const ADVERTISERS = `${LISTS}advertisers/`;
const COUNTRIES = `${LISTS}allowed-countries/`;
const CITIES = `${LISTS}allowed-cities/`;
const CATEGORIES = `${LISTS}allowed-categories/`;
const CAMPAIGNS = `${LISTS}allowed-campaigns/`;
const EXCHANGE = "/api/general/tools/exchange/";
const PATHS = [LOCATIONS, ADVERTISERS, COUNTRIES, CITIES, CATEGORIES, CAMPAIGNS, EXCHANGE];

const ids = (rows: { id: number }[]) => rows.map((row) => row.id);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const legacyIdOf = async (actor: Actor) => (await ok(server, `{ viewer { legacyId } }`, {}, actor.token)).viewer.legacyId as number;
const campaignLegacyId = async (id: string) => (await ok(server, `query($id: ID!) { campaign(id: $id) { legacyId title } }`, { id }, admin)).campaign;

describe("reference lists", () => {
  it("locations and allowed countries: every country in id order, with its cities or its currency; any signed-in user", async () => {
    const { countries } = await ok(server, `{ countries { id code name currency cities { id name } } }`);
    const locations = await legacyPost(server, LOCATIONS, { token: influencer.token });
    expectSeedKeys(locations, LOCATIONS);
    expect(locations.body).toEqual({ countries: countries.map(({ id, name, cities }: any) => ({ id, name, cities })) });
    expect(ids(locations.body.countries)).toEqual(sorted(ids(locations.body.countries)));
    const us = locations.body.countries.find((country: { name: string }) => country.name === "United States");
    expect(us.cities.map((city: { name: string }) => city.name)).toContain("New York");
    expect(ids(us.cities)).toEqual(sorted(ids(us.cities)));

    const allowed = await legacyPost(server, COUNTRIES, { token: brand.token, json: {} });
    expectSeedKeys(allowed, COUNTRIES);
    expect(allowed.body).toEqual({ countries: countries.map(({ id, name, currency }: any) => ({ id, name, currency_code: currency })) });
    expect(allowed.body.countries).toContainEqual({ id: us.id, name: "United States", currency_code: "USD" });
  });

  it("allowed cities: all of them, or one country's by country_id (form or JSON); an unknown or malformed country_id is 400", async () => {
    const { countries } = await ok(server, `{ countries { id code cities { id name } } }`);
    const all = await legacyPost(server, CITIES, { token: influencer.token });
    expectSeedKeys(all, CITIES);
    expect(sorted(ids(all.body.cities))).toEqual(sorted(countries.flatMap((country: { cities: { id: number }[] }) => ids(country.cities))));
    expect(ids(all.body.cities)).toEqual(sorted(ids(all.body.cities)));
    const br = countries.find((country: { code: string }) => country.code === "BR");
    for (const options of [{ form: { country_id: br.id } }, { json: { country_id: br.id } }, { json: { country_id: String(br.id) } }]) {
      const one = await legacyPost(server, "/api/general/lists/allowed-cities", { token: brand.token, ...options });
      expect(one.status, JSON.stringify(one.body)).toBe(200);
      expect(one.body).toEqual({ cities: br.cities });
    }
    const unknown = expectLegacyError(await legacyPost(server, CITIES, { token: brand.token, form: { country_id: 999_999 } }), 400, "VALIDATION_ERROR");
    expect(unknown.details.fields).toEqual({ country_id: "unknown country" });
    for (const country_id of ["abc", "0", "-1", "1.5", "99999999999"]) {
      const bad = expectLegacyError(await legacyPost(server, CITIES, { token: brand.token, form: { country_id } }), 400, "VALIDATION_ERROR");
      expect(Object.keys(bad.details.fields), country_id).toEqual(["country_id"]);
    }
  });

  it("allowed categories: every category in id order, the seed's among them", async () => {
    const { categories } = await ok(server, `{ categories { id slug name } }`);
    const response = await legacyPost(server, CATEGORIES, { token: influencer.token });
    expectSeedKeys(response, CATEGORIES);
    expect(response.body).toEqual({ categories: categories.map(({ id, name }: any) => ({ id, name })) });
    expect(ids(response.body.categories)).toEqual(sorted(ids(response.body.categories)));
    expect(response.body.categories.map((category: { name: string }) => category.name)).toEqual(expect.arrayContaining(["Fashion", "Beauty", "Technology", "Travel"]));
  });

  it("advertisers: admins only; the brand accounts in id order with display name and email", async () => {
    const second = await signUp(server, "BRAND", "Second Brand");
    const response = await legacyPost(server, ADVERTISERS, { token: admin });
    expectSeedKeys(response, ADVERTISERS);
    expect(response.body.advertisers).toEqual([
      { id: await legacyIdOf(brand), name: "Fashion Brand", email: brand.email },
      { id: await legacyIdOf(second), name: "Second Brand", email: second.email },
    ]);
    for (const actor of [brand, influencer]) expectLegacyError(await legacyPost(server, ADVERTISERS, { token: actor.token }), 403, "PERMISSION_DENIED");
  });

  it("allowed campaigns: the active campaigns the caller manages, in id order; influencers 403", async () => {
    const owner = await signUp(server, "BRAND");
    const first = await campaignLegacyId(await createActiveCampaign(server, owner, { title: "Summer Fashion Campaign" }));
    await createCampaign(server, owner, { title: "Still a draft" });
    const second = await campaignLegacyId(await createActiveCampaign(server, owner, { title: "Autumn Campaign" }));
    const others = await campaignLegacyId(await createActiveCampaign(server, brand, { title: "Another brand's" }));

    const own = await legacyPost(server, CAMPAIGNS, { token: owner.token });
    expectSeedKeys(own, CAMPAIGNS);
    expect(own.body).toEqual({ campaigns: [{ id: first.legacyId, name: first.title }, { id: second.legacyId, name: second.title }] });
    const all = await legacyPost(server, CAMPAIGNS, { token: admin });
    expect(all.status).toBe(200);
    expect(all.body.campaigns).toEqual([
      { id: first.legacyId, name: first.title },
      { id: second.legacyId, name: second.title },
      { id: others.legacyId, name: others.title },
    ]);
    expectLegacyError(await legacyPost(server, CAMPAIGNS, { token: influencer.token }), 403, "PERMISSION_DENIED");
  });
});

describe("/api/general/tools/exchange/", () => {
  const exchange = (body: Record<string, unknown>, token = influencer.token) => legacyPost(server, EXCHANGE, { token, json: body });

  it("converts the documented request at the stored rate, from JSON and from a form", async () => {
    const documented = await exchange(SEED[EXCHANGE]!.request!);
    expectSeedKeys(documented, EXCHANGE);
    expect(documented.body).toEqual({ base: 100, exchange: 92 });
    const form = await legacyPost(server, EXCHANGE, { token: brand.token, form: { from: "gbp", to: "eur", amount: "10.5" } });
    expect(form.body).toEqual({ base: 10.5, exchange: 12.23 }); // 10.50 × 0.92 / 0.79 = 12.2278…
  });

  it("answers the identity, whole yen, and a round trip within a cent", async () => {
    expect((await exchange({ from: "EUR", to: "EUR", amount: 85.5 })).body).toEqual({ base: 85.5, exchange: 85.5 });
    expect((await exchange({ from: "USD", to: "JPY", amount: "2.50" })).body).toEqual({ base: 2.5, exchange: 379 });
    expect((await exchange({ from: "USD", to: "JPY", amount: 0 })).body).toEqual({ base: 0, exchange: 0 });
    for (const [currency, amount] of [["EUR", 123.45], ["GBP", 0.01], ["JPY", 99.99], ["BRL", 1_000_000.07]] as const) {
      const there = (await exchange({ from: "USD", to: currency, amount })).body.exchange;
      const back = (await exchange({ from: currency, to: "USD", amount: there })).body.exchange;
      expect(Math.abs(back - amount), `${amount} USD → ${there} ${currency} → ${back} USD`).toBeLessThanOrEqual(0.01 + 1e-9);
    }
  });

  it("refuses an unknown currency, a non-number and other bad input with 400", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ from: "XXX", to: "EUR", amount: 1 }, "from"],
      [{ from: "USD", to: "QQQ", amount: 1 }, "to"],
      [{ from: "USD", to: "EURO", amount: 1 }, "to"],
      [{ from: "USD", to: "EUR", amount: "ten" }, "amount"],
      [{ from: "USD", to: "EUR", amount: -1 }, "amount"],
      [{ from: "USD", to: "EUR", amount: 1.234 }, "amount"],
      [{ from: "USD", to: "EUR", amount: 0.0000001 }, "amount"],
      [{ from: "USD", to: "EUR", amount: null }, "amount"],
      [{ from: "USD", to: "EUR", amount: "1e3" }, "amount"],
      [{ from: "USD", to: "EUR", amount: 1e13 }, "amount"],
      [{ from: "USD", to: "EUR", amount: true }, "amount"],
      [{ from: "USD", to: "EUR", amount: { value: 1 } }, "amount"],
      [{ from: "USD", to: "EUR" }, "amount"],
      [{ to: "EUR", amount: 1 }, "from"],
      [{ from: "USD", to: "KRW", amount: 999_999_999_999 }, "amount"], // 1.345 × 10^15 won: too large to answer exactly
    ];
    for (const [body, field] of cases) {
      const error = expectLegacyError(await exchange(body), 400, "VALIDATION_ERROR");
      expect(Object.keys(error.details.fields), JSON.stringify(body)).toContain(field);
    }
    const malformed = await call(server, "POST", EXCHANGE, { token: brand.token, body: '{"from": "USD",', headers: { "content-type": "application/json" } });
    expectLegacyError(malformed, 400, "VALIDATION_ERROR");
  });
});

describe("every path", () => {
  it("needs a signIn token (401) and POST (405), in the legacy body", async () => {
    for (const path of PATHS) {
      expectLegacyError(await legacyPost(server, path, { json: path === EXCHANGE ? SEED[EXCHANGE]!.request : {} }), 401, "UNAUTHORIZED");
      const get = await call(server, "GET", path, { token: admin });
      expectLegacyError(get, 405, "VALIDATION_ERROR");
      expect(get.headers.get("allow")).toBe("POST");
    }
  });
});
