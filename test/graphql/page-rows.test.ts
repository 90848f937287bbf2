// The rows of a page loader (pagesByParent in src/shared/connection.ts) are built from arrays with their own
// decoders, timestamps travelling as epoch milliseconds: they must be exactly the rows Drizzle's own select
// answers, microseconds, nulls, arrays and times before 1970 included.
import "reflect-metadata";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { startTestServer, type TestServer } from "../support/server.js";
import { joinedParticipation } from "../support/factories.js";
import { pagesByParent } from "../../src/shared/connection.js";
import { newPublicId } from "../../src/shared/ids.js";
import { participations, submissions } from "../../schema/tables.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

it("answers the rows Drizzle's select answers, value for value", async () => {
  const db = server.server.app.database.db;
  const { participationId } = await joinedParticipation(server);
  const [participation] = await db.select({ id: participations.id }).from(participations).where(eq(participations.publicId, participationId));
  const times = ["2024-01-01 12:00:00.123999+00", "1969-12-31 23:59:59.9995+00", "2024-02-29 23:59:59.999999+00", "2024-03-01 00:00:00+00"];
  for (const [i, time] of times.entries()) {
    await db.insert(submissions).values({
      publicId: newPublicId("submission"),
      participationId: participation!.id,
      platform: "INSTAGRAM",
      contentUrl: `https://www.instagram.com/p/R${i}${Date.now()}/`,
      externalMediaId: `R${i}${Date.now()}`,
      declaredContentType: "POST",
      declaredHashtags: i % 2 ? [] : ["#one", "#two"],
      status: "PENDING",
      submittedAt: sql`${time}::timestamptz`,
      postedAt: i === 1 ? null : sql`${time}::timestamptz - interval '1 day'`,
    });
  }
  const [page] = await pagesByParent<typeof submissions.$inferSelect>(db, submissions, submissions.participationId, [participation!.id], { first: 10, afterId: null }, { order: "asc" });
  const drizzleRows = await db.select().from(submissions).where(eq(submissions.participationId, participation!.id)).orderBy(submissions.id);
  expect(page!.totalCount).toBe(times.length);
  const withoutPageColumns = page!.nodes.map(({ _parent, _total, _inPage, ...row }: Record<string, unknown>) => row);
  expect(withoutPageColumns).toEqual(drizzleRows);
  expect(page!.nodes.map((row) => row.submittedAt.toISOString())).toEqual([
    "2024-01-01T12:00:00.123Z",
    "1969-12-31T23:59:59.999Z",
    "2024-02-29T23:59:59.999Z",
    "2024-03-01T00:00:00.000Z",
  ]);
});
