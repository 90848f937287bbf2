// campaign(id), participation(id), submission(id) and node(id) are nullable: an object that is missing (or
// not visible) nulls only its own field, with NOT_FOUND in errors[], so a dashboard keeps the rest of its
// data. The REST path that runs such a lookup still answers 404 in its documented body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { createCampaign, joinedParticipation, signUp, submit, type Actor } from "../support/factories.js";
import { call, expectError } from "../support/rest.js";

let server: TestServer;
let brand: Actor;
let outsider: Actor;
let ids: { campaign: string; participation: string; submission: string };

beforeAll(async () => {
  server = await startTestServer();
  const world = await joinedParticipation(server);
  brand = world.brand;
  const { submission } = await submit(server, world.influencer, world.participationId);
  ids = { campaign: world.campaignId, participation: world.participationId, submission: submission.id };
  outsider = await signUp(server, "BRAND");
});
afterAll(() => server?.close());

const missing = { campaign: "campaign_00000000000000000000", participation: "participation_00000000000000000000", submission: "submission_00000000000000000000" };

describe("a missing object beside the viewer", () => {
  it("a query asking for a missing campaign beside viewer still returns viewer", async () => {
    const response = await server.gql(`query($id: ID!) { viewer { id role } campaign(id: $id) { id title } }`, { id: missing.campaign }, brand.token);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ viewer: { id: brand.id, role: "BRAND" }, campaign: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: ["campaign"], extensions: { code: "NOT_FOUND" } });
  });

  for (const field of ["campaign", "participation", "submission", "node"] as const) {
    it(`${field}(id): a missing one and a hidden one are null with NOT_FOUND, beside the rest`, async () => {
      const kind = field === "node" ? "campaign" : field;
      const query = `query($missing: ID!, $existing: ID!) {
        viewer { id }
        missing: ${field}(id: $missing) { id }
        existing: ${field}(id: $existing) { id }
      }`;
      const variables = { missing: missing[kind], existing: ids[kind] };
      // The outsider brand sees none of the world's objects: the existing one is hidden from it.
      const asOutsider = await server.gql(query, variables, outsider.token);
      expect(asOutsider.status).toBe(200);
      expect(asOutsider.data).toEqual({ viewer: { id: outsider.id }, missing: null, existing: null });
      expect(asOutsider.errors!.map((error) => [error.path, error.extensions.code])).toEqual(
        expect.arrayContaining([
          [["missing"], "NOT_FOUND"],
          [["existing"], "NOT_FOUND"],
        ]),
      );
      // Hidden and missing read the same: existence does not leak.
      const messages = asOutsider.errors!.map((error) => error.message.replace(/\w+_\w{20}/, "<id>"));
      expect(new Set(messages).size).toBe(1);

      const asOwner = await server.gql(query, variables, brand.token);
      expect(asOwner.data).toEqual({ viewer: { id: brand.id }, missing: null, existing: { id: ids[kind] } });
      expect(asOwner.errors).toHaveLength(1);
      expect(asOwner.errors![0]).toMatchObject({ path: ["missing"], extensions: { code: "NOT_FOUND" } });
    });
  }

  it("a malformed id nulls its field only, as VALIDATION_ERROR", async () => {
    const response = await server.gql(`{ viewer { id } campaign(id: "not-an-id") { id } }`, {}, brand.token);
    expect(response.data).toEqual({ viewer: { id: brand.id }, campaign: null });
    expect(response.errors![0]).toMatchObject({ path: ["campaign"], extensions: { code: "VALIDATION_ERROR" } });
  });

  it("a dashboard keeps its list when one looked-up campaign is gone", async () => {
    const own = await createCampaign(server, brand);
    const response = await server.gql(
      `query($gone: ID!) { campaigns(first: 100) { edges { node { id } } } gone: campaign(id: $gone) { title } }`,
      { gone: missing.campaign },
      brand.token,
    );
    expect(response.data!.gone).toBeNull();
    expect(response.data!.campaigns.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(own);
  });
});

describe("the REST path running participation(id)", () => {
  it("still answers 404 NOT_FOUND in the documented body for a missing or hidden participation", async () => {
    for (const [id, token] of [
      [missing.participation, brand.token],
      [ids.participation, outsider.token],
    ] as const) {
      expectError(await call(server, "GET", `/participations/${id}`, { token }), 404, "NOT_FOUND");
    }
    const visible = await call(server, "GET", `/participations/${ids.participation}`, { token: brand.token });
    expect(visible.status).toBe(200);
  });
});
