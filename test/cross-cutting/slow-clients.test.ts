// Slow clients cannot hold connections: a body trickled one byte at a time is answered 408 in the path's
// documented shape once the request timeout passes, connections that never finish their headers are closed
// by the headers timeout (408, Varmply REST shape: no path was read), idle keep-alive connections are
// closed, and other clients are served all the while. The timeouts are small here; the defaults are in
// src/config.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { signUp } from "../support/factories.js";
import { expectErrorShape, openRaw, parseRawResponse, type RawConnection } from "../support/raw-http.js";

const REQUEST_TIMEOUT_MS = 1_500;
const HEADERS_TIMEOUT_MS = 1_000;
const KEEP_ALIVE_TIMEOUT_MS = 500;

let server: TestServer;
let host: string;
let token: string;

beforeAll(async () => {
  server = await startTestServer({
    httpRequestTimeoutMs: REQUEST_TIMEOUT_MS,
    httpHeadersTimeoutMs: HEADERS_TIMEOUT_MS,
    httpKeepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
  });
  host = new URL(server.url).host;
  // The REST path reads its body only after the caller is known.
  token = (await signUp(server, "INFLUENCER")).token;
});
afterAll(async () => {
  await server?.close();
});

/** Sends headers announcing `length` body bytes, then one byte every `everyMs` until the server closes. */
async function trickle(path: string, length = 1_000, everyMs = 100): Promise<{ connection: RawConnection; sent: () => number }> {
  const connection = await openRaw(server.url);
  connection.write(
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
  );
  let sent = 0;
  const timer = setInterval(() => {
    if (connection.socket.destroyed || sent >= length) return clearInterval(timer);
    connection.write(sent === 0 ? "{" : " ");
    sent++;
  }, everyMs);
  void connection.closed.then(() => clearInterval(timer));
  return { connection, sent: () => sent };
}

/** The server is still serving others: a quick GraphQL query answers. */
async function othersAreServed() {
  const { status, data } = await server.gql("{ __typename }");
  expect(status).toBe(200);
  expect(data).toEqual({ __typename: "Query" });
}

describe("a body trickled one byte at a time", () => {
  it.each(["/graphql", "/participations/participation_x/submissions", "/api/v1/legacy"])(
    "on %s is answered 408 in the path's shape after the request timeout, and the connection closed",
    async (path) => {
      const started = Date.now();
      const { connection, sent } = await trickle(path);
      // Others are served while it trickles.
      await othersAreServed();
      const received = await connection.closed;
      const elapsed = Date.now() - started;
      const response = parseRawResponse(received);
      console.log(`trickle to ${path}: ${sent()} bytes sent over ${(elapsed / 1000).toFixed(1)} s, then ${response.status}`);
      expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(sent()).toBeLessThan(1_000);
      expectErrorShape(path, { status: response.status, requestIdHeader: response.headers["x-request-id"] ?? null, body: JSON.parse(response.body) }, 408, "VALIDATION_ERROR");
      expect(response.headers.connection).toBe("close");
    },
  );
});

describe("connections that never finish their headers", () => {
  it("are all answered 408 and closed by the headers timeout, while other clients are served", async () => {
    const count = 50;
    const connections = await Promise.all(Array.from({ length: count }, () => openRaw(server.url)));
    for (const connection of connections) connection.write(`GET /health HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `);
    const started = Date.now();
    await othersAreServed();
    const answers = await Promise.all(connections.map((connection) => connection.closed));
    console.log(`${count} connections with unfinished headers all closed ${((Date.now() - started) / 1000).toFixed(1)} s after their first bytes`);
    for (const received of answers) {
      const response = parseRawResponse(received);
      // No path was read: the Varmply REST shape.
      expectErrorShape("/", { status: response.status, requestIdHeader: response.headers["x-request-id"] ?? null, body: JSON.parse(response.body) }, 408, "VALIDATION_ERROR");
    }
    await othersAreServed();
  });

  it("a connection that sends nothing at all is closed too", async () => {
    const connection = await openRaw(server.url);
    expect(parseRawResponse(await connection.closed).status).toBe(408);
  });
});

describe("an idle keep-alive connection", () => {
  it("is closed by the keep-alive timeout after its last answer", async () => {
    const connection = await openRaw(server.url);
    connection.write(`GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
    const received = await connection.closed;
    const response = parseRawResponse(received);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: "ok" });
    expect(response.headers["keep-alive"]).toMatch(/timeout=\d+/);
  });
});

describe("a normal client after all this", () => {
  it("is served", async () => {
    await vi.waitFor(othersAreServed);
  });
});
