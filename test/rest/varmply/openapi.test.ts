// /openapi.json is generated from the route table: every entry appears with its auth, parameters, body
// and responses; the document is valid OpenAPI 3.1; the seed's examples fit the published schemas; and
// /docs renders it from locally served assets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { startTestServer, type TestServer } from "../../support/server.js";
import { schemaValidator } from "../../support/rest.js";
import { servedRoutes } from "../../../rest-compat/index.js";
import { loadOperations, operationFor } from "../../../rest-compat/core/operations.js";
import { getSchema } from "../../../src/graphql/schema.js";

let server: TestServer;
let document: any;
const routes = servedRoutes();

beforeAll(async () => {
  server = await startTestServer();
  const response = await server.http("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  document = await response.json();
});
afterAll(() => server?.close());

describe("/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    expect(document.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("lists exactly the table's routes", () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        "GET /health",
        "GET /health/ready",
        "GET /participations/{participationId}",
        "POST /participations/{participationId}/submissions",
        "POST /submissions/{submissionId}/review",
        "POST /participations/{participationId}/approve",
        "POST /participations/{participationId}/complete",
      ]),
    );
  });

  for (const route of routes) {
    describe(`${route.method} ${route.path}`, () => {
      const operation = () => document.paths[route.path][route.method.toLowerCase()];

      it("states its auth", () => {
        expect(operation().security).toEqual(route.authKind.security);
        if (route.auth === "bearer") expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
      });

      it("lists its success and every error status, errors in its dialect's error shape", () => {
        const responses = operation().responses;
        const expected = [String(route.success.status), ...Object.keys(route.errors), "default"];
        expect(Object.keys(responses).sort()).toEqual(expected.sort());
        expect(responses[route.success.status].content["application/json"].schema).toBeTypeOf("object");
        for (const status of Object.keys(route.errors)) {
          expect(responses[status].content["application/json"].schema).toEqual({ $ref: `#/components/schemas/${route.dialect.openapi.errorSchemaName}` });
        }
        if (route.kind === "graphql" && route.auth === "bearer") expect(Object.keys(responses)).toContain("401");
      });

      it("names every path parameter and documents its body", () => {
        const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        expect(operation().parameters.filter((p: any) => p.in === "path").map((p: any) => p.name)).toEqual(names);
        if (route.request?.body) {
          expect(operation().requestBody.content["application/json"].schema).toEqual(route.request.body);
        } else {
          expect(operation().requestBody).toBeUndefined();
        }
      });

      it("carries the seed's examples, and they fit the published schemas", () => {
        const matches = schemaValidator();
        const success = operation().responses[route.success.status].content["application/json"];
        expect(success.example).toBeDefined();
        expect(matches(success.schema, success.example)).toEqual([]);
        const body = operation().requestBody?.content["application/json"];
        if (body?.example) expect(matches(body.schema, body.example)).toEqual([]);
        for (const status of Object.keys(route.errors)) {
          const errorSchema = document.components.schemas[route.dialect.openapi.errorSchemaName];
          expect(matches(errorSchema, operation().responses[status].content["application/json"].example)).toEqual([]);
        }
      });
    });
  }

  it("names, for each GraphQL route, an operation that exists and fits the schema", async () => {
    const operations = loadOperations(await getSchema());
    for (const route of routes) {
      if (route.kind !== "graphql") continue;
      const { name, file } = operationFor(operations, route.operation);
      expect(document.paths[route.path][route.method.toLowerCase()]["x-graphql-operation"]).toBe(name);
      expect(file).toMatch(/^rest-compat\/.+\.graphql$/);
    }
  });
});

describe("/docs", () => {
  it("renders the document with Swagger UI served from this server", async () => {
    const page = await server.http("/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('id="swagger-ui"');
    // The vendored assets' URLs name the swagger-ui-dist version (they are cached for good).
    const assets = [...html.matchAll(/(?:href|src)="(docs\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual([expect.stringMatching(/^docs\/swagger-ui-dist@[\d.]+\/swagger-ui\.css$/), expect.stringMatching(/^docs\/swagger-ui-dist@[\d.]+\/swagger-ui-bundle\.js$/), "docs/init.js"]);
    for (const asset of assets) {
      const response = await server.http(`/${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(asset.endsWith("init.js") ? 10 : 10_000);
    }
    expect(await (await server.http("/docs/init.js")).text()).toContain('url: "openapi.json"');
  });
});
