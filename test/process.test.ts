// `npm start` as a user runs it: the real entry point in its own process. On an empty database it seeds the
// demo world and prints the accounts; a demo account signs in; SIGTERM lets an in-flight request finish and
// exits 0 (releasing the PGlite data directory); a restart on the same data does not seed again.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "./support/server.js";

const ROOT = new URL("..", import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts src/main.ts and waits for its ready line; the port comes from Fastify's "listening" line. */
function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening && output.includes("Varmply API ready")) {
        clearTimeout(timer);
        resolve({ child, base: listening[1]!, output: () => output, exited });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
}

async function signIn(base: string, email: string) {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation($input: SignInInput!) { signIn(input: $input) { accessToken user { role } } }`,
      variables: { input: { email, password: "varmply-demo" } },
    }),
  });
  return (await response.json()) as { data?: { signIn: { accessToken: string; user: { role: string } } }; errors?: unknown };
}

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

      // A request in flight when SIGTERM arrives still gets its answer.
      const inFlight = fetch(`${server.base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${brand.data!.signIn.accessToken}` },
        body: JSON.stringify({ query: "{ campaigns(first: 100) { totalCount edges { node { participations { totalCount } } } } }" }),
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
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
