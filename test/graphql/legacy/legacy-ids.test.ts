// `legacyId`: the integer key the legacy API names objects by, and ID arguments that accept it in decimal
// (src/shared/loader.ts `loadByAnyId`), under exactly the access rules of public ids.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { createActiveCampaign, errorCode, joinedParticipation, ok, signUp } from "../../support/factories.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const CAMPAIGN = `query($id: ID!) { campaign(id: $id) { id legacyId title owner { id legacyId } } }`;
const PARTICIPATION = `query($id: ID!) { participation(id: $id) { id legacyId campaign { legacyId } influencer { legacyId } } }`;

describe("legacyId", () => {
  it("is the same integer whichever id fetched the object, and fetches the same object", async () => {
    const { brand, influencer, campaignId, participationId } = await joinedParticipation(server);
    const byPublic = await ok(server, PARTICIPATION, { id: participationId }, influencer.token);
    const legacyId = byPublic.participation.legacyId;
    expect(Number.isInteger(legacyId) && legacyId > 0).toBe(true);

    // Sent as a decimal string and as a GraphQL integer literal (ID input coerces integers).
    const byLegacy = await ok(server, PARTICIPATION, { id: String(legacyId) }, influencer.token);
    expect(byLegacy).toEqual(byPublic);
    const literal = await ok(server, `{ participation(id: ${legacyId}) { id } }`, {}, brand.token);
    expect(literal.participation.id).toBe(participationId);

    const campaign = await ok(server, CAMPAIGN, { id: String(byPublic.participation.campaign.legacyId) }, brand.token);
    expect(campaign.campaign.id).toBe(campaignId);
    expect(campaign.campaign.owner.id).toBe(brand.id);
  });

  it("grants no more than a public id; another brand's campaign is PERMISSION_DENIED by its integer, NOT_FOUND by its public id", async () => {
    const owner = await signUp(server, "BRAND");
    const stranger = await signUp(server, "BRAND");
    const campaignId = await createActiveCampaign(server, owner);
    const { campaign } = await ok(server, CAMPAIGN, { id: campaignId }, owner.token);
    // Integer keys count up, so whether one exists is no secret; a public id's existence stays hidden.
    expect(await errorCode(server, CAMPAIGN, { id: String(campaign.legacyId) }, stranger.token)).toBe("PERMISSION_DENIED");
    expect(await errorCode(server, CAMPAIGN, { id: campaignId }, stranger.token)).toBe("NOT_FOUND");
    expect(await errorCode(server, CAMPAIGN, { id: "2147483000" }, stranger.token)).toBe("NOT_FOUND");
  });

  it("refuses what is neither a public id nor a decimal key in range", async () => {
    const brand = await signUp(server, "BRAND");
    for (const id of ["0", "-1", "01", "1.5", "2147483648", "99999999999", "12a", "user_abc"]) {
      expect(await errorCode(server, CAMPAIGN, { id }, brand.token), id).toBe("VALIDATION_ERROR");
    }
    expect(await errorCode(server, CAMPAIGN, { id: "2147483647" }, brand.token)).toBe("NOT_FOUND");
  });
});
