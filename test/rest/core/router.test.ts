// The REST core's start-up checks and its one answer to "which scope owns this URL": operation documents
// from every dialect's folders share one fragment name space, and a name defined twice stops the server
// with both files named; route tables that name an unknown auth kind or a path outside their dialect's
// prefix stop it too; dialect defaults (id parameters, standard statuses) fill every route.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getSchema } from "../../../src/graphql/schema.js";
import { loadOperations, operationFor, OPERATION_ROOTS } from "../../../rest-compat/core/operations.js";
import { ErrorScopes } from "../../../rest-compat/core/error-scopes.js";
import { resolveRoute } from "../../../rest-compat/core/dialect.js";
import { varmply } from "../../../rest-compat/varmply/dialect.js";
import { legacy } from "../../../rest-compat/legacy/dialect.js";
import { servedRoutes, restTables } from "../../../rest-compat/index.js";
import { getParticipation, submitContent } from "../../../rest-compat/varmply/participations/routes.js";
import { RestParticipationDocument } from "../../../rest-compat/generated/operations.js";

/** A folder of `.graphql` files (`sub/dir/name.graphql` → text). */
function documents(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "rest-operations-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("operation loading", () => {
  it("loads every operation of the REST layer, each with exactly the fragments it uses, valid against the schema", async () => {
    const operations = loadOperations(await getSchema(), OPERATION_ROOTS);
    const participation = operationFor(operations, RestParticipationDocument);
    expect(participation).toMatchObject({ name: "participation", file: "rest-compat/varmply/participations/participation.graphql" });
    expect(participation.text).toContain("fragment RestParticipation on Participation");
    expect(participation.text).not.toContain("fragment RestAnalyticsMetrics");
  });

  it("stops at start-up when two files define a fragment of the same name, naming both", () => {
    const dir = documents({
      "a/one.graphql": "query One { viewer { ...Who } }\nfragment Who on User { id }",
      "b/two.graphql": "query Two { viewer { ...Who } }\nfragment Who on User { displayName }",
    });
    expect(() => loadOperations(undefined, [dir])).toThrow(/fragment Who is defined twice, in .*a\/one\.graphql and in .*b\/two\.graphql/);
  });

  it("stops on a duplicate operation name, a missing fragment, or a selection the schema does not have", async () => {
    const schema = await getSchema();
    expect(() => loadOperations(undefined, [documents({ "a.graphql": "query Same { viewer { id } }", "b.graphql": "query Same { viewer { id } }" })])).toThrow(
      /operation Same is defined twice/,
    );
    expect(() => loadOperations(undefined, [documents({ "a.graphql": "query A { viewer { ...Nowhere } }" })])).toThrow(/fragment Nowhere is not defined/);
    expect(() => loadOperations(schema, [documents({ "a.graphql": "query A { viewer { shoeSize } }" })])).toThrow(/operation A \(.*a\.graphql\) does not fit the schema/);
  });
});

it("names an operation by its file, or by itself when its file holds several", () => {
  const loaded = loadOperations(undefined, [documents({ "one-op.graphql": "query OnlyOne { viewer { id } }", "area.graphql": "query LegacyTaskList { viewer { id } }\nmutation LegacyTaskLeave { signOut }" })]);
  expect([...loaded.values()].map((operation) => operation.name).sort()).toEqual(["legacy-task-leave", "legacy-task-list", "one-op"]);
});

describe("route tables", () => {
  it("fill each route from its dialect: the id parameter, 401 for bearer paths, 413/415 where a body can be sent", () => {
    const get = resolveRoute(varmply, getParticipation);
    expect(get.auth).toBe("bearer");
    expect(get.request.params).toEqual({
      type: "object",
      required: ["participationId"],
      properties: { participationId: { type: "string", description: "Unique identifier for the participation", examples: ["participation_xyz789"] } },
    });
    expect(Object.keys(get.errors)).toEqual(["400", "401", "404"]);
    expect(resolveRoute(varmply, submitContent).errors).toMatchObject({ 401: "No valid access token", 413: "The body is larger than the limit", 415: "The body is not JSON" });
    // Every served route: a bearer path documents 401, a POST documents 413 and 415.
    for (const route of servedRoutes()) {
      if (route.auth === "bearer") expect(route.errors, `${route.method} ${route.path}`).toHaveProperty("401");
      if (route.method === "POST") expect(Object.keys(route.errors), `${route.method} ${route.path}`).toEqual(expect.arrayContaining(["413", "415"]));
    }
  });

  it("refuse a route that names an auth kind its dialect lacks, a standard text it lacks, or a path outside its prefix", () => {
    expect(() => resolveRoute(varmply, { ...getParticipation, auth: "app" as never })).toThrow(/names auth "app", which dialect varmply does not have/);
    expect(() => resolveRoute(varmply, { ...getParticipation, errors: { 409: true } })).toThrow(/no standard text for 409/);
    expect(() => resolveRoute(legacy, { ...getParticipation, auth: "bearer" })).toThrow(/outside dialect legacy's prefix \/api/);
  });

  it("mount the Varmply dialect at no prefix, the legacy one at /api and the OAuth token endpoint's at /oauth", () => {
    expect(restTables.map(({ dialect }) => [dialect.name, dialect.prefix])).toEqual([
      ["varmply", ""],
      ["legacy", "/api"],
      ["oauth", "/oauth"],
    ]);
  });
});

describe("error scopes", () => {
  const scopes = new ErrorScopes();
  scopes.add("", (error) => ({ shape: "root", code: error.code }));
  scopes.add("/api", (error) => ({ shape: "legacy", code: error.code }));
  scopes.add("/graphql", (error) => ({ shape: "graphql", code: error.code }));
  const shapeOf = (url: string) => (scopes.bodyFor(url, { code: "VALIDATION_ERROR", message: "m" }, "id") as { shape: string }).shape;

  it("answer a URL in the body of the longest prefix that owns it, whole path segments only", () => {
    expect(shapeOf("/api/get/x?y=1")).toBe("legacy");
    expect(shapeOf("/api")).toBe("legacy");
    expect(shapeOf("/api?x")).toBe("legacy");
    expect(shapeOf("/apix")).toBe("root");
    expect(shapeOf("/graphql")).toBe("graphql");
    expect(shapeOf("/participations/x")).toBe("root");
    expect(shapeOf("/")).toBe("root");
  });

  it("refuse two scopes with one prefix", () => {
    expect(() => scopes.add("/api", () => ({}))).toThrow(/two scopes claim the prefix "\/api"/);
  });
});
