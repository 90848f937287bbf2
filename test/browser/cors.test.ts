// A dashboard page on another origin, in headless Chromium: listed in CORS_ORIGINS it signs in, runs a
// dashboard query (POST, and GET with Apollo's CSRF header) and a mutation, and reads the exposed
// X-Request-ID; a page on an origin not listed is refused by the browser, on GraphQL, REST and /health.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchBrowser, serveStaticSite, type StaticSite } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { signUp, type Actor } from "../support/factories.js";

/** The dashboard's own code, as a front-end would ship it: plain fetch against the API's /graphql. */
const DASHBOARD_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Dashboard</title></head><body>
<script>
  async function graphql(api, query, variables, token, method = "POST") {
    const headers = token ? { authorization: "Bearer " + token } : {};
    let response;
    if (method === "GET") {
      const url = new URL("/graphql", api);
      url.searchParams.set("query", query);
      url.searchParams.set("variables", JSON.stringify(variables));
      // Apollo's CSRF prevention: a GET query must carry a header a plain form or <img> cannot send.
      response = await fetch(url, { headers: { ...headers, "apollo-require-preflight": "true" } });
    } else {
      response = await fetch(new URL("/graphql", api), {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
    }
    return { status: response.status, requestId: response.headers.get("x-request-id"), body: await response.json() };
  }

  window.dashboard = async (api, email, password) => {
    const signIn = await graphql(api,
      "mutation($input: SignInInput!) { signIn(input: $input) { accessToken user { id role } } }",
      { input: { email, password } });
    const token = signIn.body.data.signIn.accessToken;
    const created = await graphql(api,
      "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id title status } } }",
      { input: { title: "From the browser", currency: "USD" } }, token);
    const DASHBOARD = "query Dashboard($first: Int!) { viewer { id role } campaigns(first: $first) { totalCount edges { node { id title status } } } }";
    const dashboard = await graphql(api, DASHBOARD, { first: 10 }, token);
    const dashboardByGet = await graphql(api, DASHBOARD, { first: 10 }, token, "GET");
    return { signIn, created, dashboard, dashboardByGet };
  };

  /** What the page gets for a call: the answer's status, or the error fetch rejected with. */
  window.attempt = async (url, init) => {
    try {
      const response = await fetch(url, init);
      return { status: response.status };
    } catch (error) {
      return { error: String(error) };
    }
  };
</script>
</body></html>`;

describe.runIf(hasChromium)("a dashboard on another origin", () => {
  let allowedSite: StaticSite;
  let otherSite: StaticSite;
  let server: TestServer;
  let browser: Browser;
  let brand: Actor;

  beforeAll(async () => {
    allowedSite = await serveStaticSite({ "/": DASHBOARD_PAGE });
    otherSite = await serveStaticSite({ "/": DASHBOARD_PAGE });
    server = await startTestServer({ corsOrigins: [allowedSite.origin] });
    brand = await signUp(server, "BRAND");
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await allowedSite?.close();
    await otherSite?.close();
  });

  async function open(site: StaticSite): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    expect(await page.evaluate(() => window.location.origin)).toBe(site.origin);
    expect(site.origin).not.toBe(new URL(server.url).origin);
    return page;
  }

  it("listed in CORS_ORIGINS: signs in, runs the dashboard query and a mutation, reads X-Request-ID", async () => {
    const page = await open(allowedSite);
    try {
      const result = await page.evaluate(([api, email]) => (window as any).dashboard(api, email, "correct horse battery"), [server.url, brand.email]);
      expect(result.signIn.status).toBe(200);
      expect(result.signIn.body.data.signIn.user).toEqual({ id: brand.id, role: "BRAND" });
      expect(result.created.body.errors).toBeUndefined();
      const campaign = result.created.body.data.createCampaign.campaign;
      expect(campaign).toMatchObject({ title: "From the browser", status: "CAMPAIGN_DRAFT" });
      for (const dashboard of [result.dashboard, result.dashboardByGet]) {
        expect(dashboard.status).toBe(200);
        expect(dashboard.body.errors).toBeUndefined();
        expect(dashboard.body.data.viewer).toEqual({ id: brand.id, role: "BRAND" });
        expect(dashboard.body.data.campaigns.edges.map((edge: any) => edge.node.id)).toContain(campaign.id);
        // Exposed to the page, so a front-end can quote it in a bug report.
        expect(dashboard.requestId).toMatch(/.+/);
      }
    } finally {
      await page.close();
    }
  });

  it("from an origin not listed: the browser refuses every answer", async () => {
    const page = await open(otherSite);
    try {
      const attempts = await page.evaluate(async (api) => {
        const attempt = (window as any).attempt;
        return {
          graphql: await attempt(`${api}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: "{ __typename }" }),
          }),
          rest: await attempt(`${api}/participations/participation_00000000000000000000`, { headers: { authorization: "Bearer x" } }),
          health: await attempt(`${api}/health`),
        };
      }, server.url);
      for (const [path, attempt] of Object.entries(attempts)) {
        expect(attempt, path).toEqual({ error: expect.stringMatching(/TypeError: Failed to fetch/) });
      }
    } finally {
      await page.close();
    }
  });
});
