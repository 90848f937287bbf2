// SIGTERM to `npm start` (what a container stop sends) under load: it reaches the server, which drains.
// A request in flight when the signal arrives gets its answer; requests that arrive during the drain get
// 503 in their path's shape (or find the port closed); no request the server received is cut off by a
// reset; npm exits 0 and the port is closed afterwards. (A connection still in the kernel's accept queue
// when the port closes is reset by the kernel: those requests never reached the server, which the server's
// log shows, and count as refused.)
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServerProcess, type StartedProcess } from "../support/process.js";
import { expectErrorShape, openRaw, parseRawResponse } from "../support/raw-http.js";

let dataDir: string;
let server: StartedProcess | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "varmply-shutdown-"));
});
afterAll(() => {
  server?.child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

type Outcome = "served" | "turned away" | "refused" | "reset";

interface LoadResult {
  outcome: Outcome;
  path: string;
  requestId: string;
  detail?: string;
}

const PATHS = ["/graphql", "/health/ready", "/participations/participation_x"];

/** One request of the load; a 503 must be in its path's documented shape. */
async function loadRequest(base: string, path: string, requestId: string): Promise<LoadResult> {
  try {
    const response =
      path === "/graphql"
        ? await fetch(`${base}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-request-id": requestId },
            body: JSON.stringify({ query: "{ __typename }" }),
          })
        : await fetch(`${base}${path}`, { headers: { "x-request-id": requestId } });
    const body = await response.json();
    if (response.status === 503) {
      expectErrorShape(path, { status: response.status, requestIdHeader: response.headers.get("x-request-id"), body }, 503, "SERVICE_UNAVAILABLE");
      return { outcome: "turned away", path, requestId };
    }
    // The REST path without a token is a 401: served all the same.
    expect([200, 401], `${path}: ${JSON.stringify(body)}`).toContain(response.status);
    return { outcome: "served", path, requestId };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") return { outcome: "refused", path, requestId };
    return { outcome: "reset", path, requestId, detail: `${code ?? ""} ${(error as Error).message}` };
  }
}

describe("SIGTERM to npm start under load", () => {
  it("finishes in-flight requests, turns new ones away in shape, and exits 0", async () => {
    server = await startServerProcess({ PGLITE_DATA_DIR: dataDir, SEED_DEMO_DATA: "false", ENCRYPTION_KEY: randomBytes(32).toString("base64") }, "npm");
    const { base } = server;
    const host = new URL(base).host;

    // A request in flight: headers sent (so it is being handled), body held back until the drain has begun.
    const query = JSON.stringify({ query: "{ __typename }" });
    const inFlight = await openRaw(base);
    inFlight.write(`POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${query.length}\r\n\r\n${query.slice(0, 5)}`);

    // Steady load from a few clients until the server is gone.
    const results: LoadResult[] = [];
    let signalled = false;
    const afterSignal: LoadResult[] = [];
    const workers = Array.from({ length: 6 }, async (_, worker) => {
      for (let i = 0; i < 5_000; i++) {
        const result = await loadRequest(base, PATHS[(worker + i) % PATHS.length]!, `load-${worker}-${i}`);
        (signalled ? afterSignal : results).push(result);
        if (result.outcome === "refused") return;
      }
    });
    await vi.waitFor(() => expect(results.filter((result) => result.outcome === "served").length).toBeGreaterThan(30), { timeout: 30_000 });

    const signalledAt = Date.now();
    server.child.kill("SIGTERM"); // to npm itself, as a container runtime does
    signalled = true;
    await vi.waitFor(() => expect(server!.output()).toContain("SIGTERM: finishing in-flight requests"), { timeout: 10_000, interval: 10 });
    inFlight.write(query.slice(5));
    const inFlightResponse = parseRawResponse(await inFlight.closed.then((text) => text));
    expect(inFlightResponse.status, inFlightResponse.body).toBe(200);
    expect(JSON.parse(inFlightResponse.body)).toEqual({ data: { __typename: "Query" } });

    expect(await server.exited, server.output()).toBe(0);
    const stoppedAfter = (Date.now() - signalledAt) / 1000;
    await Promise.all(workers);

    // A reset request the server never logged was never received: the kernel refused it as the port closed.
    const received = (result: LoadResult) => server!.output().includes(`"reqId":"${result.requestId}"`);
    for (const result of [...results, ...afterSignal]) if (result.outcome === "reset" && !received(result)) result.outcome = "refused";
    const all = [...results, ...afterSignal];
    const count = (outcome: Outcome, list = all) => list.filter((result) => result.outcome === outcome).length;
    console.log(
      `shutdown under load: ${all.length} requests, ${count("served")} served, after SIGTERM ${count("served", afterSignal)} served, ` +
        `${count("turned away")} answered 503, ${count("refused")} refused, ${count("reset")} reset after the server received them; ` +
        `npm exited 0 ${stoppedAfter.toFixed(2)} s after SIGTERM`,
    );
    expect(all.filter((result) => result.outcome === "reset")).toEqual([]);
    expect(count("served", results)).toBe(results.length);

    // The port is closed: nobody is left serving.
    const port = Number(new URL(base).port);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => (socket.destroy(), resolve(false)));
      socket.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
