// What a request's log lines say about it: the request id under one key (`requestId`) in Fastify's lines and
// ours, the GraphQL operation and the signed-in user's public id on the access log line ("request completed"),
// and the caller's W3C trace context (`traceparent`) on every line of the request when it is well formed.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { joinedParticipation, signUp } from "../support/factories.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({}, { captureLog: true });
});
afterAll(() => server?.close());

type LogLine = Record<string, unknown> & { msg?: string };

/** The captured log lines of one request, by its id. */
function linesOf(requestId: string): LogLine[] {
  return server
    .log()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.requestId === requestId);
}

const completedLine = (requestId: string) => linesOf(requestId).find((line) => line.msg === "request completed");

const newRequestId = () => `test-${randomBytes(6).toString("hex")}`;
const traceId = () => randomBytes(16).toString("hex");
const spanId = () => randomBytes(8).toString("hex");

async function graphql(query: string, headers: Record<string, string>) {
  const response = await server.http("/graphql", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
}

describe("access log lines", () => {
  it("carry the request id as requestId, the operation, the user's public id and the caller's trace", async () => {
    const brand = await signUp(server, "BRAND");
    const requestId = newRequestId();
    const [trace, parent] = [traceId(), spanId()];
    await graphql("query AccessLogViewer { viewer { id } }", {
      authorization: `Bearer ${brand.token}`,
      "x-request-id": requestId,
      traceparent: `00-${trace}-${parent}-01`,
    });

    const lines = linesOf(requestId);
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(["incoming request", "request completed"]));
    for (const line of lines) expect(line).toMatchObject({ requestId, traceId: trace, parentId: parent });
    expect(completedLine(requestId)).toMatchObject({ operationName: "AccessLogViewer", userId: brand.id, res: { statusCode: 200 } });
    // Fastify's default key is gone, and the user is named by public id only.
    expect(server.log()).not.toContain('"reqId"');
    expect(JSON.stringify(lines)).not.toContain(brand.email);
  });

  it("name an anonymous operation as such and have no user without a token", async () => {
    const requestId = newRequestId();
    await graphql("{ __typename }", { "x-request-id": requestId });
    const line = completedLine(requestId);
    expect(line).toMatchObject({ operationName: "(anonymous)" });
    expect(line).not.toHaveProperty("userId");
    expect(line).not.toHaveProperty("traceId");
  });

  it("carry the operation and user of a REST path, which runs a GraphQL operation in-process", async () => {
    const { influencer, participationId } = await joinedParticipation(server);
    const requestId = newRequestId();
    const response = await server.http(`/participations/${participationId}`, { headers: { authorization: `Bearer ${influencer.token}`, "x-request-id": requestId } });
    expect(response.status).toBe(200);
    expect(completedLine(requestId)).toMatchObject({ operationName: "RestParticipation", userId: influencer.id, res: { statusCode: 200 } });
  });

  it("ignore a malformed traceparent, and the request is served as usual", async () => {
    const malformed = [
      `00-${traceId().toUpperCase()}-${spanId()}-01`, // upper-case hex
      `00-${"0".repeat(32)}-${spanId()}-01`, // all-zero trace id
      `00-${traceId()}-${"0".repeat(16)}-01`, // all-zero parent id
      `ff-${traceId()}-${spanId()}-01`, // the forbidden version
      `00-${traceId()}-${spanId()}-01-extra`, // version 00 has exactly four fields
      `00-${traceId().slice(1)}-${spanId()}-01`, // a short trace id
      "not a traceparent",
    ];
    for (const traceparent of malformed) {
      const requestId = newRequestId();
      const body = await graphql("query Untraced { __typename }", { "x-request-id": requestId, traceparent });
      expect(body.data).toEqual({ __typename: "Query" });
      const line = completedLine(requestId);
      expect(line, traceparent).toBeDefined();
      expect(line, traceparent).not.toHaveProperty("traceId");
    }
    // A later version may append fields: its first four are read.
    const requestId = newRequestId();
    const trace = traceId();
    await graphql("query FutureTrace { __typename }", { "x-request-id": requestId, traceparent: `cc-${trace}-${spanId()}-01-what-comes-next` });
    expect(completedLine(requestId)).toMatchObject({ traceId: trace });
  });
});

describe("GraphQL error log lines", () => {
  it("use the same requestId key, with the caller's trace", async () => {
    // Every new account now breaks a rule of the database's own, so signUp fails unexpectedly (logged at error).
    await server.server.app.database.db.execute(sql.raw(`alter table users add constraint test_access_log_no_new_users check (false) not valid`));
    const requestId = newRequestId();
    const trace = traceId();
    const body = await graphql(
      `mutation AccessLogSignUp { signUp(input: { email: "log-${randomBytes(4).toString("hex")}@example.test", password: "correct horse battery", role: BRAND, displayName: "Logged" }) { accessToken } }`,
      { "x-request-id": requestId, traceparent: `00-${trace}-${spanId()}-00` },
    );
    expect(body.errors?.[0]?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
    const failure = linesOf(requestId).find((line) => line.msg === "GraphQL operation failed");
    expect(failure, server.log()).toMatchObject({ requestId, traceId: trace, level: 50 });
    expect(completedLine(requestId)).toMatchObject({ operationName: "AccessLogSignUp" });
  });
});
