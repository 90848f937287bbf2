// /openapi.json for the Varmply paths is what it was before the REST layer was split into a core and
// dialects (test/fixtures/openapi.before-restructuring.json), except for the deliberate changes listed in
// FIXES below, each applied to the old document here and shown to be true of the server.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../support/server.js";
import { call } from "../../support/rest.js";
import { joinedParticipation } from "../../support/factories.js";

let server: TestServer;
let served: any;
const before = JSON.parse(readFileSync(new URL("../../fixtures/openapi.before-restructuring.json", import.meta.url), "utf8"));

beforeAll(async () => {
  server = await startTestServer();
  served = await (await server.http("/openapi.json")).json();
});
afterAll(() => server?.close());

const OPERATIONS = "Runs the GraphQL operation in `rest-compat/operations/";

const pick = (object: Record<string, unknown>, keys: string[]) => Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key)));

/**
 * The served document as far as the fixture describes it: the paths, tags and components other dialects
 * added since (`/oauth/token`, `/api/...`) are left out, and so are the paragraphs they add after the
 * description's own.
 */
function describedPart(document: any): any {
  const description: string = document.info.description;
  return {
    ...document,
    info: { ...document.info, description: description.startsWith(`${before.info.description}\n\n`) ? before.info.description : description },
    tags: document.tags.filter((tag: { name: string }) => before.tags.some((old: { name: string }) => old.name === tag.name)),
    paths: pick(document.paths, Object.keys(before.paths)),
    components: Object.fromEntries(Object.entries<any>(document.components).map(([group, entries]) => [group, pick(entries, Object.keys(before.components[group] ?? {}))])),
  };
}

/** The deliberate differences, each as an edit of the old document. */
const FIXES: { what: string; apply(document: any): void }[] = [
  {
    what: "operation documents moved beside their routes: the description names the new file (same operation, same operationId)",
    apply(document) {
      for (const [path, methods] of Object.entries<any>(document.paths)) {
        for (const [method, operation] of Object.entries<any>(methods)) {
          const name = operation["x-graphql-operation"];
          if (!name) continue;
          const file = /`(rest-compat\/[\w/-]+\/([\w-]+)\.graphql)`\.$/.exec(served.paths[path][method].description);
          expect(file?.[2], `${method} ${path} runs a file of another name`).toBe(name);
          operation.description = operation.description.replace(`${OPERATIONS}${name}.graphql\``, `Runs the GraphQL operation in \`${file![1]}\``);
        }
      }
    },
  },
  {
    what: "the two bodiless metrics refresh POSTs document the 413 and 415 they always answered, like /approve and /complete",
    apply(document) {
      const approve = document.paths["/participations/{participationId}/approve"].post.responses;
      for (const path of ["/metrics/participations/{participationId}/refresh", "/metrics/campaigns/{campaignId}/refresh"]) {
        Object.assign(document.paths[path].post.responses, { 413: approve[413], 415: approve[415] });
      }
    },
  },
  {
    // The fixture keeps the old parenthesis with its citation reworded: the fix replaces all of it anyway.
    what: "the submission analytics description no longer cites a design document readers cannot open",
    apply(document) {
      const operation = document.paths["/submissions/{submissionId}/analytics"].get;
      operation.description = operation.description.replace(/owner and admins \(the seed says[^)]*\)\. /, "owner (the brand paying for it) and admins. ");
    },
  },
];

describe("/openapi.json", () => {
  it("is the document from before the restructuring, but for the listed fixes", () => {
    const expected = structuredClone(before);
    for (const fix of FIXES) fix.apply(expected);
    expect(describedPart(served)).toEqual(expected);
  });

  it("names operation files that exist", () => {
    for (const methods of Object.values<any>(served.paths)) {
      for (const operation of Object.values<any>(methods)) {
        const file = /`(rest-compat\/[\w/-]+\.graphql)`/.exec(operation.description)?.[1];
        if (operation["x-graphql-operation"]) expect(() => readFileSync(new URL(`../../../${file}`, import.meta.url)), file).not.toThrow();
      }
    }
  });

  it("documents true statuses: a bodiless refresh POST answers 415 for a form body and 413 over the body limit", async () => {
    const { influencer, participationId } = await joinedParticipation(server);
    const path = `/metrics/participations/${participationId}/refresh`;
    const form = await call(server, "POST", path, { token: influencer.token, body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    expect(form.body.error).toBe("VALIDATION_ERROR");
    const huge = await call(server, "POST", path, { token: influencer.token, body: { padding: "x".repeat(server.server.app.config.bodyLimitBytes) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toBe("VALIDATION_ERROR");
  });
});
