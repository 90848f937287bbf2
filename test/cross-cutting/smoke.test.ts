import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { joinedParticipation, submit } from "../support/factories.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe("server", () => {
  it("answers health, readiness and JWKS, with a request id on every response", async () => {
    const health = await server.http("/health");
    expect(health.status).toBe(200);
    expect(health.headers.get("x-request-id")).toMatch(/.+/);
    expect((await server.http("/health/ready")).status).toBe(200);
    const jwks = (await (await server.http("/.well-known/jwks.json")).json()) as { keys: { kid: string; alg: string }[] };
    expect(jwks.keys[0]).toMatchObject({ alg: "EdDSA", kid: expect.any(String) });
  });

  it("echoes a well-formed incoming X-Request-ID", async () => {
    const response = await server.http("/health", { headers: { "x-request-id": "trace-123" } });
    expect(response.headers.get("x-request-id")).toBe("trace-123");
  });

  it("runs the basic submit path", async () => {
    const { influencer, participationId } = await joinedParticipation(server);
    const result = await submit(server, influencer, participationId);
    expect(result.submission.status).toBe("PENDING");
    expect(result.participation.status).toBe("PARTICIPATION_STATUS_CONTENT_SUBMITTED");
  });
});
