// A database outage under write load, on a throwaway PostgreSQL cluster this file creates (never the shared
// server): while the database is down every request (GraphQL writes, REST reads, readiness) answers 503
// SERVICE_UNAVAILABLE in its path's shape, promptly, instead of hanging; once it is back, service resumes
// by itself; and no write the server acknowledged is lost or doubled. It makes its own cluster whatever
// DATABASE_URL says, so it runs once per CI run: in the run on PostgreSQL (DATABASE_URL set). Also there:
// the pool's own bounds (a request never waits indefinitely for a connection; statement_timeout).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import postgres from "postgres";
import { sql as statement } from "drizzle-orm";
import { isDatabaseUnavailable } from "../../src/graphql/format-error.js";
import { signUp, type Actor } from "../support/factories.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { expectErrorShape } from "../support/raw-http.js";
import { canCreateThrowawayCluster, createThrowawayCluster, type ThrowawayCluster } from "../support/throwaway-postgres.js";

/** Each request must answer within this; generous, so a busy machine does not fail the test. */
const ANSWER_BOUND_MS = 5_000;
const WRITERS = 5;

const CREATE_CAMPAIGN = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id title } } }`;

interface Answer {
  kind: "write" | "rest" | "ready";
  path: string;
  sentAt: number;
  ms: number;
  status: number;
  /** For writes: the title sent, and whether the server acknowledged it. */
  title?: string;
  acknowledged?: boolean;
  unavailable: boolean;
  body: unknown;
}

const runsOnce = process.env.DATABASE_URL !== undefined && (await canCreateThrowawayCluster());

describe.runIf(runsOnce)("PostgreSQL stopped and started under write load", () => {
  let cluster: ThrowawayCluster;
  let server: TestServer;
  let brand: Actor;

  beforeAll(async () => {
    cluster = await createThrowawayCluster();
    server = await startTestServer(
      { databaseConnectTimeoutMs: 1_000, databaseAcquireTimeoutMs: 1_000, readinessTimeoutMs: 500 },
      { databaseServerUrl: cluster.url, databasePrefix: "varmply_outage" },
    );
    brand = await signUp(server, "BRAND");
  });
  afterAll(async () => {
    try {
      await server?.close();
    } finally {
      await cluster?.destroy();
    }
  });

  it("answers 503 in shape while it is down, recovers by itself, and loses or doubles no acknowledged write", async () => {
    const answers: Answer[] = [];
    let running = true;

    /** Sends one request and records its answer; a request that does not answer within the bound fails the test. */
    async function send(kind: Answer["kind"], path: string, init: RequestInit, title?: string) {
      const sentAt = Date.now();
      const response = await fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(ANSWER_BOUND_MS * 4) });
      const body = (await response.json()) as any;
      const ms = Date.now() - sentAt;
      const unavailable = response.status === 503;
      if (!unavailable) expect(response.status, `${path}: ${JSON.stringify(body)}`).toBe(kind === "rest" ? 400 : 200);
      else expectErrorShape(path, { status: response.status, requestIdHeader: response.headers.get("x-request-id"), body }, 503, "SERVICE_UNAVAILABLE");
      const acknowledged = kind === "write" && !unavailable && body.data?.createCampaign?.campaign?.title === title;
      if (kind === "write" && !unavailable) expect(acknowledged, JSON.stringify(body)).toBe(true);
      answers.push({ kind, path, sentAt, ms, status: response.status, title, acknowledged, unavailable, body });
    }

    const headers = { "content-type": "application/json", authorization: `Bearer ${brand.token}` };
    const writer = async (worker: number) => {
      for (let i = 0; running && i < 20_000; i++) {
        const title = `outage ${worker}-${i}`;
        await send("write", "/graphql", { method: "POST", headers, body: JSON.stringify({ query: CREATE_CAMPAIGN, variables: { input: { title, currency: "USD" } } }) }, title);
      }
    };
    const prober = async () => {
      for (let i = 0; running && i < 20_000; i++) {
        // A malformed id is a 400 once the viewer is known; with the database down the viewer cannot be known.
        await send("rest", "/participations/not-an-id", { headers });
        await send("ready", "/health/ready", {});
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const load = [...Array.from({ length: WRITERS }, (_, worker) => writer(worker)), prober()];
    const acknowledgedSince = (time: number) => answers.filter((answer) => answer.acknowledged && answer.sentAt >= time).length;

    try {
      await vi.waitFor(() => expect(acknowledgedSince(0)).toBeGreaterThanOrEqual(20), { timeout: 30_000 });

      const stoppedAt = Date.now();
      await cluster.stop();
      const downAt = Date.now();
      // Down long enough for every kind of request to meet the outage several times.
      await vi.waitFor(
        () => {
          for (const kind of ["write", "rest", "ready"] as const) {
            expect(answers.filter((answer) => answer.kind === kind && answer.unavailable && answer.sentAt >= downAt).length).toBeGreaterThanOrEqual(5);
          }
        },
        { timeout: 30_000 },
      );
      const startingAt = Date.now();
      await cluster.start();
      const upAt = Date.now();
      await vi.waitFor(() => expect(acknowledgedSince(upAt)).toBeGreaterThanOrEqual(1), { timeout: 30_000, interval: 10 });
      const backAt = Math.min(...answers.filter((answer) => answer.acknowledged && answer.sentAt >= upAt).map((answer) => answer.sentAt + answer.ms));
      await vi.waitFor(() => expect(acknowledgedSince(upAt)).toBeGreaterThanOrEqual(20), { timeout: 30_000 });
      running = false;
      await Promise.all(load);

      // While it was down (from the moment the stop completed until the start began) everything was 503.
      const duringOutage = answers.filter((answer) => answer.sentAt >= downAt && answer.sentAt + answer.ms <= startingAt);
      expect(duringOutage.filter((answer) => !answer.unavailable)).toEqual([]);
      const first503 = Math.min(...answers.filter((answer) => answer.unavailable && answer.sentAt >= stoppedAt).map((answer) => answer.sentAt + answer.ms));
      const slowest = Math.max(...answers.map((answer) => answer.ms));
      expect(slowest).toBeLessThan(ANSWER_BOUND_MS);

      // Every acknowledged write is in the database exactly once.
      const acknowledged = answers.filter((answer) => answer.acknowledged).map((answer) => answer.title!);
      const sql = postgres(server.databaseUrl!, { max: 1, onnotice: () => {} });
      const rows = await sql<{ title: string; copies: number }[]>`select title, count(*)::int as copies from campaigns where title like 'outage %' group by title`;
      await sql.end();
      const copies = new Map(rows.map((row) => [row.title, row.copies]));
      const lost = acknowledged.filter((title) => !copies.has(title));
      const doubled = rows.filter((row) => row.copies > 1);

      const fiveHundreds = answers.filter((answer) => answer.status >= 500);
      console.log(
        [
          `outage under write load: ${answers.length} requests sent (${answers.filter((a) => a.kind === "write").length} writes), ` +
            `${fiveHundreds.length} answered 5xx (all 503: ${fiveHundreds.every((a) => a.status === 503)}), ${duringOutage.length} while the database was down`,
          `acknowledged writes: ${acknowledged.length}, lost: ${lost.length}, doubled: ${doubled.length}; unacknowledged writes that landed anyway: ${rows.length - acknowledged.length}`,
          `database stop took ${((downAt - stoppedAt) / 1000).toFixed(2)} s; first 503 ${((first503 - stoppedAt) / 1000).toFixed(2)} s after the stop began; ` +
            `back to service ${((backAt - upAt) / 1000).toFixed(2)} s after the database was up again (its start took ${((upAt - startingAt) / 1000).toFixed(2)} s); slowest answer ${(slowest / 1000).toFixed(2)} s`,
        ].join("\n"),
      );
      expect(lost).toEqual([]);
      expect(doubled).toEqual([]);
      expect(fiveHundreds.filter((answer) => answer.status !== 503)).toEqual([]);
    } finally {
      running = false;
      await Promise.allSettled(load);
    }
  });
});

describe.runIf(process.env.DATABASE_URL !== undefined)("the pool's bounds on a PostgreSQL server", () => {
  let server: TestServer;
  let brand: Actor;
  beforeAll(async () => {
    server = await startTestServer({ databasePoolSize: 1, databaseAcquireTimeoutMs: 300, databaseStatementTimeoutMs: 300 });
    brand = await signUp(server, "BRAND");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a request that finds every connection taken answers 503 after the acquire timeout, and is served once one is free", async () => {
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // The pool's only connection, held by a transaction until the test lets it go.
    const transaction = server.server.app.database.db.transaction(async () => {
      holding();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await held;
    try {
      const blocked = await server.gql(`{ viewer { id } }`, {}, brand.token);
      expect(blocked.status).toBe(503);
      expect(blocked.errors?.[0]?.extensions.code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      release();
      await transaction;
    }
    const served = await server.gql(`{ viewer { id } }`, {}, brand.token);
    expect(served.data?.viewer.id).toBe(brand.id);
  });

  it("a statement over the statement timeout is cancelled by the database, and counts as unavailable", async () => {
    const failure = await server.server.app.database.db.execute(statement`select pg_sleep(5)`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeDefined();
    expect(isDatabaseUnavailable(failure)).toBe(true);
  });
});
