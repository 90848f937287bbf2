// updateProfile (src/users/profile.service.ts): only the given fields change, null clears; country, city and
// categories come from the reference lists; an adult is 18 on today's UTC date. Sex and birth date are seen
// by the user and admins only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, errorCode, join, ok, signUp, type Actor } from "../../support/factories.js";
import { LEGACY_ADMIN, adminToken } from "../../support/legacy-app.js";

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer({ ...LEGACY_ADMIN });
  admin = await adminToken(server);
});
afterAll(() => server?.close());

const PROFILE = `displayName username sex birthDate countryCode city interestCategories`;
const UPDATE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id ${PROFILE} } } }`;
const update = async (actor: Actor, input: Record<string, unknown>) => (await ok(server, UPDATE, { input }, actor.token)).updateProfile.user;
const viewerProfile = async (actor: Actor) => (await ok(server, `{ viewer { ${PROFILE} } }`, {}, actor.token)).viewer;
const fieldsOf = async (actor: Actor, input: Record<string, unknown>) => {
  const response = await server.gql(UPDATE, { input }, actor.token);
  expect(response.errors?.[0]?.extensions.code, JSON.stringify(input)).toBe("VALIDATION_ERROR");
  return Object.keys(response.errors![0]!.extensions.details?.fields ?? {});
};

/** The UTC calendar day `years` years and `days` days from today, as YYYY-MM-DD. */
function utcDay(years: number, days = 0): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear() + years, now.getUTCMonth(), now.getUTCDate() + days));
  return date.toISOString().slice(0, 10);
}

describe("updateProfile", () => {
  it("sets every field, then changes only the ones given; null clears", async () => {
    const user = await signUp(server, "INFLUENCER", "Ana");
    const full = await update(user, {
      displayName: "  Ana Lima ", username: "ana.lima", sex: "FEMALE", birthDate: "1994-05-17",
      countryCode: "br", city: "são paulo", interestCategories: ["travel", "food", "travel", " Fashion "],
    });
    expect(full).toEqual({
      id: user.id, displayName: "Ana Lima", username: "ana.lima", sex: "FEMALE", birthDate: "1994-05-17",
      countryCode: "BR", city: "São Paulo", interestCategories: ["travel", "food", "fashion"],
    });
    expect(await update(user, { username: "ana_l" })).toEqual({ ...full, username: "ana_l" });
    expect(await update(user, {})).toEqual({ ...full, username: "ana_l" });
    const cleared = await update(user, { username: null, sex: null, birthDate: null, interestCategories: null, city: null });
    expect(cleared).toEqual({ ...full, username: null, sex: null, birthDate: null, interestCategories: [], city: null });
    const { id: _id, ...stored } = cleared;
    expect(await viewerProfile(user)).toEqual(stored);
  });

  it("keeps the city when the country is unchanged, clears it when the country changes without one", async () => {
    const user = await signUp(server, "BRAND");
    await update(user, { countryCode: "US", city: "Seattle" });
    expect(await update(user, { city: "Denver" })).toMatchObject({ countryCode: "US", city: "Denver" });
    expect(await update(user, { countryCode: "US" })).toMatchObject({ countryCode: "US", city: "Denver" });
    expect(await update(user, { countryCode: "FR" })).toMatchObject({ countryCode: "FR", city: null });
    expect(await update(user, { countryCode: "DE", city: "Berlin" })).toMatchObject({ countryCode: "DE", city: "Berlin" });
    expect(await update(user, { countryCode: null })).toMatchObject({ countryCode: null, city: null });
  });

  it("an adult is 18 on today's UTC date: a birthday today passes, one tomorrow does not", async () => {
    const user = await signUp(server, "INFLUENCER");
    expect(await fieldsOf(user, { birthDate: utcDay(-18, 1) })).toEqual(["birthDate"]);
    expect(await fieldsOf(user, { birthDate: utcDay(0) })).toEqual(["birthDate"]);
    expect(await fieldsOf(user, { birthDate: utcDay(1) })).toEqual(["birthDate"]);
    expect(await update(user, { birthDate: utcDay(-18) })).toMatchObject({ birthDate: utcDay(-18) });
    expect(await update(user, { birthDate: "1900-01-01" })).toMatchObject({ birthDate: "1900-01-01" });
  });

  it("refuses unknown places and categories, bad names and too many categories, and writes nothing", async () => {
    const user = await signUp(server, "INFLUENCER", "Unchanged");
    await update(user, { countryCode: "GB", city: "London", interestCategories: ["travel"] });
    const before = await viewerProfile(user);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ displayName: null }, ["displayName"]],
      [{ displayName: "   " }, ["displayName"]],
      [{ displayName: "x".repeat(201) }, ["displayName"]],
      [{ username: "a b" }, ["username"]],
      [{ username: "ab" }, ["username"]],
      [{ countryCode: "XX" }, ["countryCode"]],
      [{ countryCode: "USA" }, ["countryCode"]],
      [{ city: "Paris" }, ["city"]], // not in the stored country (GB)
      [{ countryCode: "FR", city: "London" }, ["city"]],
      [{ countryCode: null, city: "London" }, ["city"]],
      [{ interestCategories: ["travel", "astrology"] }, ["interestCategories"]],
      [{ interestCategories: Array.from({ length: 11 }, (_, i) => `c${i}`) }, ["interestCategories"]],
      [{ displayName: "", countryCode: "XX", interestCategories: ["nope"] }, ["displayName", "countryCode", "interestCategories"]],
    ];
    for (const [input, fields] of cases) expect((await fieldsOf(user, input)).sort(), JSON.stringify(input)).toEqual(fields.sort());
    // A GraphQL value that is not a date or a sex is refused before the service.
    expect(await errorCode(server, UPDATE, { input: { birthDate: "2000-02-30" } }, user.token)).toBe("VALIDATION_ERROR");
    expect(await errorCode(server, UPDATE, { input: { sex: "male" } }, user.token)).toBe("VALIDATION_ERROR");
    expect(await viewerProfile(user)).toEqual(before);
    // Ten distinct categories (duplicates dropped first) are fine.
    const ten = ["fashion", "beauty", "technology", "food", "travel", "fitness", "outdoor", "skincare", "wellness", "lifestyle"];
    expect((await update(user, { interestCategories: [...ten, "fashion"] })).interestCategories).toEqual(ten);
  });

  it("needs a sign-in; usernames are not unique (the schema has no unique index on them)", async () => {
    expect(await errorCode(server, UPDATE, { input: { displayName: "x" } })).toBe("UNAUTHORIZED");
    const [a, b] = await Promise.all([signUp(server, "INFLUENCER"), signUp(server, "INFLUENCER")]);
    await update(a, { username: "same.name" });
    expect(await update(b, { username: "same.name" })).toMatchObject({ username: "same.name" });
  });
});

describe("who sees sex and birth date", () => {
  it("the user and admins see them; a brand meeting the influencer through a campaign sees null", async () => {
    const influencer = await signUp(server, "INFLUENCER");
    await update(influencer, { sex: "OTHER", birthDate: "1990-01-02", countryCode: "US" });
    const brand = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, brand);
    await join(server, influencer, campaignId);
    const seenBy = async (token: string) =>
      (await ok(server, `query($id: ID!) { campaign(id: $id) { participations(first: 10) { edges { node { influencer { id sex birthDate countryCode } } } } } }`, { id: campaignId }, token))
        .campaign.participations.edges[0].node.influencer;
    expect(await seenBy(brand.token)).toEqual({ id: influencer.id, sex: null, birthDate: null, countryCode: "US" });
    expect(await seenBy(admin)).toEqual({ id: influencer.id, sex: "OTHER", birthDate: "1990-01-02", countryCode: "US" });
    expect(await viewerProfile(influencer)).toMatchObject({ sex: "OTHER", birthDate: "1990-01-02" });
  });
});
