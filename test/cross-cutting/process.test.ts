// `npm start` as a user runs it: the real entry point in its own process. On an empty database it seeds the
// demo world and prints the accounts; a demo account signs in; SIGTERM lets an in-flight request finish and
// exits 0 (releasing the PGlite data directory); a restart on the same data does not seed again.
import { mkdtempSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../support/server.js";
import { signIn, startServerProcess as start } from "../support/process.js";

let env: Record<string, string>;
let dataDir: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const encryptionKey = randomBytes(32).toString("base64");
  if (process.env.DATABASE_URL) {
    const database = await createScratchDatabase(process.env.DATABASE_URL, "varmply_test_process");
    dropDatabase = database.drop;
    env = { DATABASE_URL: database.url, ENCRYPTION_KEY: encryptionKey };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), "varmply-process-"));
    env = { PGLITE_DATA_DIR: dataDir, ENCRYPTION_KEY: encryptionKey };
  }
});
afterAll(async () => {
  await dropDatabase?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("seeds an empty database, serves the demo accounts, and stops cleanly on SIGTERM", async () => {
    const server = await start(env);
    try {
      expect(server.output()).toContain("Demo accounts (password for all: varmply-demo)");
      const brand = await signIn(server.base, "northwind@varmply.example");
      expect(brand.data?.signIn.user.role).toBe("BRAND");
      if (dataDir) expect(existsSync(join(dataDir, "varmply.lock"))).toBe(true);

      // A request in flight when SIGTERM arrives still gets its answer. SIGTERM goes out once the server has
      // logged the request's arrival (its URL carries a mark), not after a guessed delay.
      const mark = randomBytes(6).toString("hex");
      const inFlight = fetch(`${server.base}/graphql?inflight=${mark}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${brand.data!.signIn.accessToken}` },
        body: JSON.stringify({ query: "{ campaigns(first: 100) { totalCount edges { node { participations { totalCount } } } } }" }),
      });
      while (!server.output().includes(mark)) await new Promise((resolve) => setTimeout(resolve, 5));
      server.child.kill("SIGTERM");
      const answer = (await (await inFlight).json()) as { data?: { campaigns: { totalCount: number } } };
      expect(answer.data?.campaigns.totalCount).toBe(5);
      expect(await server.exited, server.output()).toBe(0);
      expect(server.output()).toContain("SIGTERM: finishing in-flight requests, then stopping");
      if (dataDir) expect(existsSync(join(dataDir, "varmply.lock"))).toBe(false);
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("does not seed again on a restart over the same data", async () => {
    const server = await start(env);
    try {
      expect(server.output()).not.toContain("Demo accounts");
      expect((await signIn(server.base, "maya@varmply.example")).data?.signIn.user.role).toBe("INFLUENCER");
    } finally {
      server.child.kill("SIGTERM");
      expect(await server.exited, server.output()).toBe(0);
    }
  });
});
