// Only a missing or invisible object is NOT_FOUND (src/auth/access.ts): a lookup whose access check cannot
// reach the database answers SERVICE_UNAVAILABLE like any other outage, never NOT_FOUND. The database is
// made unable to answer for exactly one table: another connection holds an exclusive lock on `campaigns`
// (the last table the submission's access check reads, after the viewer, the submission and its
// participation), so that statement runs into the server's statement_timeout. Needs a second connection
// to the scratch database, so it runs on PostgreSQL (DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { startTestServer, type TestServer } from "../support/server.js";
import { joinedParticipation, submit, type Actor } from "../support/factories.js";

const SUBMISSION = `query($id: ID!) { submission(id: $id) { id status } }`;

describe.runIf(process.env.DATABASE_URL !== undefined)("a submission lookup whose access check loses the database", () => {
  let server: TestServer;
  let influencer: Actor;
  let submissionId: string;

  beforeAll(async () => {
    server = await startTestServer({ databaseStatementTimeoutMs: 500 });
    const setup = await joinedParticipation(server);
    influencer = setup.influencer;
    submissionId = (await submit(server, influencer, setup.participationId)).submission.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers SERVICE_UNAVAILABLE (503), not NOT_FOUND, and the submission again once the database answers", async () => {
    const locker = postgres(server.databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const holding = locker.begin(async (tx) => {
        await tx`lock table campaigns in access exclusive mode`;
        locked();
        await released;
      });
      await lockTaken;
      try {
        const during = await server.gql(SUBMISSION, { id: submissionId }, influencer.token);
        expect(during.errors?.[0]?.extensions?.code, JSON.stringify(during.errors)).toBe("SERVICE_UNAVAILABLE");
        expect(during.status).toBe(503);
        expect(during.data?.submission ?? null).toBeNull();
      } finally {
        release();
        await holding;
      }
      const after = await server.gql(SUBMISSION, { id: submissionId }, influencer.token);
      expect(after.errors).toBeUndefined();
      expect(after.data.submission).toMatchObject({ id: submissionId, status: "PENDING" });
    } finally {
      await locker.end({ timeout: 5 });
    }
  });
});
