// Compression and conditional GET (docs/operations.md, "Compression and caching"): large answers come
// brotli- or gzip-compressed as the client's Accept-Encoding allows, small ones and those to clients that
// accept neither as they are; the static documents carry an ETag per encoding and answer 304 to a client
// whose copy is current; answers that depend on the caller carry no ETag.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getIntrospectionQuery } from "graphql";
import { startTestServer, type TestServer } from "../support/server.js";
import { signUp } from "../support/factories.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent (fetch would decompress them). */
  body: Buffer;
}

/** One request with exactly `headers` (fetch adds its own Accept-Encoding), the body as received. */
function send(path: string, { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${server.url}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

const postGraphql = (query: string, headers: Record<string, string> = {}) =>
  send("/graphql", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });

function decoded({ headers, body }: RawAnswer): string {
  const coding = headers["content-encoding"];
  if (coding === "br") return brotliDecompressSync(body).toString();
  if (coding === "gzip") return gunzipSync(body).toString();
  expect(coding, "no other coding is ever used").toBeUndefined();
  return body.toString();
}

describe("compression", () => {
  it("sends /openapi.json in brotli or gzip as accepted, preferring brotli, and the same document either way", async () => {
    const plain = await send("/openapi.json");
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const document = plain.body.toString();
    expect(JSON.parse(document).openapi).toMatch(/^3\.1/);

    for (const [acceptEncoding, coding] of [
      ["gzip, deflate, br", "br"],
      ["gzip", "gzip"],
      ["br;q=0.5, gzip", "gzip"],
      ["*", "br"],
      ["x-gzip", "gzip"],
    ] as const) {
      const answer = await send("/openapi.json", { headers: { "accept-encoding": acceptEncoding } });
      expect(answer.headers["content-encoding"], acceptEncoding).toBe(coding);
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
      expect(answer.body.length, acceptEncoding).toBeLessThan(document.length / 4);
      expect(decoded(answer)).toBe(document);
    }
  });

  it("sends identity when the client accepts neither brotli nor gzip", async () => {
    for (const acceptEncoding of ["identity", "deflate", "br;q=0, gzip;q=0", "*;q=0", "compress"]) {
      const answer = await send("/openapi.json", { headers: { "accept-encoding": acceptEncoding } });
      expect(answer.status).toBe(200);
      expect(answer.headers["content-encoding"], acceptEncoding).toBeUndefined();
      expect(JSON.parse(answer.body.toString()).openapi).toMatch(/^3\.1/);
    }
    const introspection = await postGraphql(getIntrospectionQuery(), { "accept-encoding": "identity" });
    expect(introspection.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(introspection.body.toString()).data.__schema.queryType.name).toBe("Query");
  });

  it("compresses an introspection-sized GraphQL answer, keeping its request id", async () => {
    const plain = await postGraphql(getIntrospectionQuery());
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const size = plain.body.length;
    expect(size).toBeGreaterThan(50_000);

    for (const coding of ["br", "gzip"]) {
      const answer = await postGraphql(getIntrospectionQuery(), { "accept-encoding": coding, "x-request-id": `compressed-${coding}` });
      expect(answer.status).toBe(200);
      expect(answer.headers["content-encoding"]).toBe(coding);
      expect(answer.headers["x-request-id"]).toBe(`compressed-${coding}`);
      expect(answer.body.length).toBeLessThan(size / 5);
      expect(JSON.parse(decoded(answer))).toEqual(JSON.parse(plain.body.toString()));
    }
  });

  it("leaves answers under 1 KiB as they are", async () => {
    const small = await postGraphql("{ __typename }", { "accept-encoding": "br, gzip" });
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ data: { __typename: "Query" } });

    const init = await send("/docs/init.js", { headers: { "accept-encoding": "br, gzip" } });
    expect(init.body.length).toBeLessThan(1024);
    expect(init.headers["content-encoding"]).toBeUndefined();
  });

  it("leaves a REST error body and its request id as they are when the client accepts compression", async () => {
    const { token } = await signUp(server, "INFLUENCER");
    const path = "/participations/participation_missing";
    const plain = await send(path, { headers: { authorization: `Bearer ${token}` } });
    const compressed = await send(path, { headers: { authorization: `Bearer ${token}`, "accept-encoding": "br" } });
    expect(compressed.status).toBe(plain.status);
    const [plainBody, compressedBody] = [JSON.parse(plain.body.toString()), JSON.parse(decoded(compressed))];
    expect(compressedBody.error).toBe(plainBody.error);
    expect(compressedBody.requestId).toBe(compressed.headers["x-request-id"]);
  });
});

describe("ETag and conditional GET", () => {
  it("answers 304 without a body when If-None-Match names the current /openapi.json", async () => {
    for (const acceptEncoding of ["br", "gzip", "identity"]) {
      const first = await send("/openapi.json", { headers: { "accept-encoding": acceptEncoding } });
      const etag = first.headers.etag!;
      expect(etag, acceptEncoding).toMatch(/^"[\w-]+"$/);
      expect(first.headers["cache-control"]).toBe("no-cache");

      const again = await send("/openapi.json", { headers: { "accept-encoding": acceptEncoding, "if-none-match": etag } });
      expect(again.status, acceptEncoding).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect(again.headers["cache-control"]).toBe("no-cache");

      // Weak comparison, and a list of tags, as browsers and caches send them.
      const weak = await send("/openapi.json", { headers: { "accept-encoding": acceptEncoding, "if-none-match": `"stale", W/${etag}` } });
      expect(weak.status).toBe(304);
    }
  });

  it("gives each encoding its own tag and answers 200 to a tag that is not the current one", async () => {
    const tags = new Set<string>();
    for (const acceptEncoding of ["br", "gzip", "identity"]) tags.add((await send("/openapi.json", { headers: { "accept-encoding": acceptEncoding } })).headers.etag!);
    expect(tags.size).toBe(3);

    const identityTag = (await send("/openapi.json")).headers.etag!;
    const other = await send("/openapi.json", { headers: { "accept-encoding": "br", "if-none-match": identityTag } });
    expect(other.status).toBe(200);
    expect(other.headers["content-encoding"]).toBe("br");
    const stale = await send("/openapi.json", { headers: { "if-none-match": '"not-the-current-tag"' } });
    expect(stale.status).toBe(200);
    expect(JSON.parse(stale.body.toString()).openapi).toMatch(/^3\.1/);
  });

  it("lets the /docs page revalidate and its versioned assets be kept for good", async () => {
    const page = await send("/docs");
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect((await send("/docs", { headers: { "if-none-match": page.headers.etag! } })).status).toBe(304);

    const assets = [...page.body.toString().matchAll(/(?:href|src)="(docs\/[^"]+)"/g)].map((match) => `/${match[1]}`);
    expect(assets).toEqual([
      expect.stringMatching(/^\/docs\/swagger-ui-dist@\d+\.\d+\.\d+\/swagger-ui\.css$/),
      expect.stringMatching(/^\/docs\/swagger-ui-dist@\d+\.\d+\.\d+\/swagger-ui-bundle\.js$/),
      "/docs/init.js",
    ]);
    for (const asset of assets.filter((path) => path.includes("@"))) {
      const answer = await send(asset, { headers: { "accept-encoding": "br" } });
      expect(answer.status, asset).toBe(200);
      expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(answer.headers["content-encoding"]).toBe("br");
      expect((await send(asset, { headers: { "accept-encoding": "br", "if-none-match": answer.headers.etag! } })).status).toBe(304);
    }
  });

  it("puts no ETag on answers that depend on the caller or the data (GraphQL, REST)", async () => {
    const { token } = await signUp(server, "BRAND");
    const graphql = await postGraphql("{ viewer { id displayName } }", { authorization: `Bearer ${token}` });
    expect(graphql.status).toBe(200);
    expect(graphql.headers.etag).toBeUndefined();
    const rest = await send("/participations/participation_missing", { headers: { authorization: `Bearer ${token}` } });
    expect(rest.headers.etag).toBeUndefined();
  });
});

describe("the offline explorer", () => {
  it("is served with a CSP of this server only, and its assets under their package versions", async () => {
    const page = await send("/graphiql", { headers: { "accept-encoding": "br" } });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["content-security-policy"]).toContain("script-src 'self';");
    expect(page.headers["content-security-policy"]).toContain("connect-src 'self'");
    expect(page.headers["cache-control"]).toBe("no-cache");
    const html = decoded(page);
    expect(html).not.toMatch(/https?:\/\//);

    const assets = [...html.matchAll(/(?:href|src)="(graphiql\/[^"]+)"/g)].map((match) => `/${match[1]}`);
    expect(assets).toEqual([
      "/graphiql/graphiql@3.8.3/graphiql.min.css",
      "/graphiql/react@18.3.1/umd/react.production.min.js",
      "/graphiql/react-dom@18.3.1/umd/react-dom.production.min.js",
      "/graphiql/graphiql@3.8.3/graphiql.min.js",
      "/graphiql/init.js",
    ]);
    for (const asset of assets) {
      const answer = await send(asset, { headers: { "accept-encoding": "gzip" } });
      expect(answer.status, asset).toBe(200);
      expect(answer.headers["cache-control"], asset).toBe(asset.includes("@") ? "public, max-age=31536000, immutable" : "no-cache");
      expect((await send(asset, { headers: { "accept-encoding": "gzip", "if-none-match": answer.headers.etag! } })).status, asset).toBe(304);
    }
  });

  it("is named on the Sandbox landing page, for when Sandbox cannot load", async () => {
    const landing = await send("/graphql", { headers: { accept: "text/html" } });
    expect(landing.status).toBe(200);
    const html = landing.body.toString();
    expect(html).toContain("embeddable-sandbox");
    expect(html).toMatch(/<div class="fallback">[\s\S]*<a href="graphiql">[\s\S]*?<\/div>/);
  });

  it("is off, with the landing page, when introspection is off", async () => {
    const closed = await startTestServer({ introspection: false });
    try {
      for (const path of ["/graphiql", "/graphiql/init.js", "/graphiql/graphiql@3.8.3/graphiql.min.js"]) {
        expect((await closed.http(path)).status, path).toBe(404);
      }
      const landing = await closed.http("/graphql", { headers: { accept: "text/html" } });
      expect(await landing.text()).not.toContain("graphiql");
    } finally {
      await closed.close();
    }
  });
});
