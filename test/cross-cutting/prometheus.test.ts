// GET /metrics as Prometheus scrapes it: the exposition parses under a strict text-format parser, and the
// counters move by exactly the requests this file sends, under route patterns and operation names (never raw
// URLs or ids). With METRICS_TOKEN set a scrape needs the token; METRICS_ENABLED=false removes the path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { joinedParticipation, review, signUp, submit } from "../support/factories.js";
import { parsePrometheusText, sampleValue, type MetricFamily } from "../support/prometheus.js";

const TOKEN = "scrape-token-for-tests";

let server: TestServer;

async function scrape(token: string | undefined = TOKEN): Promise<{ families: Map<string, MetricFamily>; text: string }> {
  const response = await server.http("/metrics", token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { families: parsePrometheusText(text), text };
}

/** Polls /metrics until `ready` holds for a scrape (the vitest timeout bounds the wait). */
async function scrapeUntil(ready: (families: Map<string, MetricFamily>) => boolean): Promise<Map<string, MetricFamily>> {
  for (;;) {
    const { families } = await scrape();
    if (ready(families)) return families;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // The refresher runs in the server, a round a second, so that its figures move within the test.
  server = await startTestServer({ metricsToken: TOKEN, workerInServer: true, workerIntervalSeconds: 1 });
});
afterAll(() => server?.close());

describe("the Prometheus text-format parser", () => {
  it("reads a well-formed exposition and refuses broken ones", () => {
    const good = [
      "# HELP a_total Things.",
      "# TYPE a_total counter",
      'a_total{kind="x\\"y",n="1"} 3',
      "# TYPE h histogram",
      'h_bucket{le="1"} 1',
      'h_bucket{le="+Inf"} 2',
      "h_sum 4.5",
      "h_count 2",
      "",
    ].join("\n");
    const families = parsePrometheusText(good);
    expect(sampleValue(families, "a_total", { kind: 'x"y' })).toBe(3);
    expect(families.get("h")?.type).toBe("histogram");
    const broken = {
      "unquoted label": "# TYPE a counter\na{k=v} 1\n",
      "negative counter": "# TYPE a counter\na -1\n",
      "series twice": "# TYPE a gauge\na 1\na 2\n",
      "TYPE after samples": "a 1\n# TYPE a gauge\n",
      "family split": "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n",
      "not cumulative": '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      "+Inf differs from count": '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 2\n',
      "bad value": "# TYPE a gauge\na one\n",
      "no final line feed": "# TYPE a gauge\na 1",
    };
    for (const [what, text] of Object.entries(broken)) expect(() => parsePrometheusText(text), what).toThrow();
  });
});

describe("GET /metrics", () => {
  it("counts requests by route pattern and status, and GraphQL operations by name and status", async () => {
    const brand = await signUp(server, "BRAND");
    const before = (await scrape()).families;
    const count = (families: Map<string, MetricFamily>, name: string, labels: Record<string, string>) => sampleValue(families, name, labels) ?? 0;

    for (let n = 0; n < 3; n++) expect((await server.http("/health")).status).toBe(200);
    const probe = await server.http("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query MetricsProbe { __typename }" }),
    });
    expect(probe.status).toBe(200);
    const missing = await server.gql(`query MetricsMissingCampaign { campaign(id: "campaign_AAAAAAAAAAAAAAAAAAAA") { id } }`, {}, brand.token);
    expect(missing.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    // A REST path with an id in its URL, and a URL no route matches.
    expect((await server.http("/participations/participation_secretlookingid1")).status).toBe(401);
    expect((await server.http("/no/such/path-d41d8cd9")).status).toBe(404);

    const { families: after, text } = await scrape();
    const delta = (name: string, labels: Record<string, string>) => count(after, name, labels) - count(before, name, labels);
    expect(delta("varmply_http_requests_total", { method: "GET", route: "/health", status: "200" })).toBe(3);
    expect(delta("varmply_http_request_duration_seconds_count", { method: "GET", route: "/health", status: "200" })).toBe(3);
    expect(delta("varmply_http_requests_total", { method: "POST", route: "/graphql", status: "200" })).toBe(2);
    expect(delta("varmply_http_requests_total", { method: "GET", route: "/participations/:participationId", status: "401" })).toBe(1);
    expect(delta("varmply_http_requests_total", { method: "GET", route: "(unmatched)", status: "404" })).toBe(1);
    expect(delta("varmply_graphql_operations_total", { operation: "MetricsProbe", type: "query", status: "ok" })).toBe(1);
    expect(delta("varmply_graphql_operations_total", { operation: "MetricsMissingCampaign", type: "query", status: "NOT_FOUND" })).toBe(1);
    expect(delta("varmply_graphql_operation_duration_seconds_count", { operation: "MetricsProbe", type: "query" })).toBe(1);
    // Route patterns only: no URL, id or path a client chose becomes a label.
    for (const raw of ["participation_secretlookingid1", "path-d41d8cd9", "campaign_AAAA"]) expect(text).not.toContain(raw);

    // The database: statements sent, and the pool (a PostgreSQL server's occupancy; PGlite has none).
    expect(delta("varmply_db_statements_total", { driver: server.driver })).toBeGreaterThan(0);
    expect(sampleValue(after, "varmply_db_pool_connections", { driver: server.driver })).toBe(server.driver === "postgres" ? server.server.app.config.databasePoolSize : 1);
    const inUse = sampleValue(after, "varmply_db_pool_connections_in_use", { driver: server.driver });
    if (server.driver === "postgres") expect(inUse).toBeGreaterThanOrEqual(0);
    else expect(inUse).toBeUndefined();
    // The process's own metrics.
    expect(after.get("process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(after.get("nodejs_eventloop_lag_seconds")?.type).toBe("gauge");
  });

  it("reports the scheduled refresher's rounds and the submissions it refreshed", async () => {
    // A tracked post nobody has fetched yet: the next round claims and refreshes it (simulated platform).
    const { brand, influencer, participationId } = await joinedParticipation(server);
    const { submission } = await submit(server, influencer, participationId);
    await review(server, brand, submission.id, "APPROVE");
    const families = await scrapeUntil((current) => (sampleValue(current, "varmply_refresher_succeeded_total") ?? 0) >= 1);
    expect(sampleValue(families, "varmply_refresher_rounds_total")).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, "varmply_refresher_claimed_total")).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, "varmply_refresher_failed_total")).toBe(0);
    expect(sampleValue(families, "varmply_refresher_last_round_end_timestamp_seconds")).toBeGreaterThan(0);
  });

  it("needs METRICS_TOKEN when one is set", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${TOKEN}`]) {
      const response = await server.http("/metrics", authorization ? { headers: { authorization } } : {});
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: string; requestId: string };
      expect(body.error).toBe("UNAUTHORIZED");
      expect(body.requestId).toBe(response.headers.get("x-request-id"));
    }
  });

  it("is absent with METRICS_ENABLED=false", async () => {
    const disabled = await startTestServer({ metricsEnabled: false });
    try {
      expect((await disabled.http("/metrics")).status).toBe(404);
      expect((await disabled.http("/health")).status).toBe(200);
    } finally {
      await disabled.close();
    }
  });
});
