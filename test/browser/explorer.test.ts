// The offline explorer (GET /graphiql) in headless Chromium with every address but 127.0.0.1 refused: the
// page renders from this server's own assets under its Content-Security-Policy, runs a query, and runs one
// as a signed-in user with the Authorization header set in GraphiQL's headers editor.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { hasChromium, launchBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { signUp } from "../support/factories.js";

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every URL the page asked for, and those refused because they left 127.0.0.1. */
let requested: string[];
let refused: string[];

describe.runIf(hasChromium)("the offline explorer at /graphiql", () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    requested = [];
    refused = [];
    context = await browser.newContext();
    // No network but this machine: anything else the page asks for is refused (and recorded).
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      refused.push(url.href);
      return route.abort("blockedbyclient");
    });
    page = await context.newPage();
    page.on("request", (request) => void requested.push(request.url()));
    // Content-Security-Policy violations the page reports (a blocked script, style or request).
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = violations;
      document.addEventListener("securitypolicyviolation", (event) => void violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    return async () => {
      await context.close();
    };
  });

  /** The text of GraphiQL's result pane once it shows `expected`. */
  async function resultContaining(expected: string): Promise<string> {
    const result = page.locator(".result-window");
    await expect.poll(async () => (await result.textContent()) ?? "", { timeout: 20_000 }).toContain(expected);
    return (await result.textContent()) ?? "";
  }

  function expectOnlyLocalRequests() {
    expect(refused).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
    for (const url of requested) expect(new URL(url).hostname, url).toBe("127.0.0.1");
  }

  async function cspViolations(): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  }

  it("renders from local assets and runs a query given in the URL", async () => {
    await page.goto(`${server.url}/graphiql?query=${encodeURIComponent("{ __typename }")}`);
    const executeButton = page.locator(".graphiql-execute-button");
    await executeButton.waitFor({ state: "visible", timeout: 30_000 });
    await expect.poll(() => page.locator(".graphiql-query-editor").textContent()).toContain("__typename");

    await executeButton.click();
    const result = await resultContaining('"__typename"');
    expect(result).toContain('"Query"');

    // GraphiQL loaded the schema (its introspection query) and ran the query against this server's /graphql.
    expect(requested).toContain(`${server.url}/graphql`);
    expect(requested.filter((url) => url.includes("@") && url.startsWith(`${server.url}/graphiql/`))).toHaveLength(4);
    // The settings dialog adds a <style> element: the page's CSP must let it.
    await page.getByRole("button", { name: "Open settings dialog" }).click();
    await page.locator(".graphiql-dialog").waitFor({ state: "visible" });

    expectOnlyLocalRequests();
    expect(await cspViolations()).toEqual([]);
  });

  it("sends the Authorization header set in the headers editor", async () => {
    const influencer = await signUp(server, "INFLUENCER", "Explorer Tester");
    await page.goto(`${server.url}/graphiql?query=${encodeURIComponent("{ viewer { displayName role } }")}`);
    await page.locator(".graphiql-execute-button").waitFor({ state: "visible", timeout: 30_000 });

    // The headers editor is open by default; set its text through CodeMirror, as typing would (typing
    // itself fights the editor's bracket auto-closing).
    const headersEditor = page.locator(".graphiql-editor-tool .CodeMirror").last();
    await headersEditor.waitFor({ state: "visible" });
    await headersEditor.evaluate((element, token) => {
      (element as unknown as { CodeMirror: { setValue(text: string): void } }).CodeMirror.setValue(JSON.stringify({ authorization: `Bearer ${token}` }));
    }, influencer.token);

    await page.locator(".graphiql-execute-button").click();
    const result = await resultContaining("Explorer Tester");
    expect(result).toContain('"INFLUENCER"');
    expectOnlyLocalRequests();
    expect(await cspViolations()).toEqual([]);
  });
});
