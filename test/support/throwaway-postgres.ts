// A PostgreSQL 15 cluster of the test's own, in a temporary directory on a free port, that the test may stop
// and start at will (never the shared server on 5432). initdb refuses to run as root: the cluster belongs to
// the postgres user, and every command runs as it.
import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

export interface ThrowawayCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** `pg_ctl stop -m immediate`: the server dies at once, as in a crash. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (if running) and deletes its directory. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as import("node:net").AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the postgres user (directly when the tests already run as someone else). */
async function asPostgres(binary: string, args: string[]): Promise<void> {
  const [command, commandArgs] = userInfo().uid === 0 ? ["runuser", ["-u", "postgres", "--", join(BIN, binary), ...args]] : [join(BIN, binary), args];
  await run(command, commandArgs as string[], { timeout: 60_000 });
}

/** Whether this machine can make one: PostgreSQL 15's binaries and, as root, a postgres user. */
export async function canCreateThrowawayCluster(): Promise<boolean> {
  try {
    await run(join(BIN, "initdb"), ["--version"]);
    if (userInfo().uid === 0) await run("id", ["-u", "postgres"]);
    return true;
  } catch {
    return false;
  }
}

export async function createThrowawayCluster(): Promise<ThrowawayCluster> {
  const directory = mkdtempSync(join(tmpdir(), "varmply-pg-"));
  const data = join(directory, "data");
  const logFile = join(directory, "server.log");
  const remove = () => rmSync(directory, { recursive: true, force: true });
  try {
    if (userInfo().uid === 0) {
      const { stdout } = await run("id", ["-u", "postgres"]);
      const { stdout: group } = await run("id", ["-g", "postgres"]);
      chownSync(directory, Number(stdout.trim()), Number(group.trim()));
    }
    await asPostgres("initdb", ["-D", data, "--auth=trust", "--username=postgres", "--no-sync", "--encoding=UTF8"]);
    const port = await freePort();
    // The socket lives in the cluster's directory: nothing is written to the shared /var/run/postgresql.
    const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1`;
    const start = () => asPostgres("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "60", "start"]);
    const stop = () => asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    await start();
    let running = true;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await stop();
        running = false;
      },
      async start() {
        await start();
        running = true;
      },
      async destroy() {
        try {
          if (running) await stop();
        } finally {
          remove();
        }
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
