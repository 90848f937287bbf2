// One database handle for both drivers: PGlite (embedded, data on disk or in memory) without DATABASE_URL,
// postgres.js with a connection pool with it. Everything above this file sees the same Drizzle API.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import postgres from "postgres";
import * as tables from "../../schema/tables.js";

type Tables = typeof tables;
export type Db = PgDatabase<PgQueryResultHKT, Tables>;
export type Tx = PgTransaction<PgQueryResultHKT, Tables, ExtractTablesWithRelations<Tables>>;
/** Either the database or an open transaction: services take this so they compose inside transactions. */
export type Executor = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  driver: "pglite" | "postgres";
  /** SQL statements sent since start-up; tests read it to prove that nested queries are batched. */
  readonly statementCount: number;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL("../../schema/migrations", import.meta.url));
// Any constant shared by every process: serialises concurrent start-ups of processes on one database.
const MIGRATION_LOCK_ID = 7_401_100;

export interface DatabaseOptions {
  databaseUrl?: string;
  pgliteDataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let statementCount = 0;
  const logger = { logQuery: () => void statementCount++ };

  if (options.databaseUrl) {
    await migrateServer(options.databaseUrl);
    const client = postgres(options.databaseUrl, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      connection: { application_name: "varmply-api" },
    });
    const db = drizzlePostgres(client, { schema: tables, logger }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      get statementCount() {
        return statementCount;
      },
      ping: async () => void (await client`select 1`),
      close: () => client.end({ timeout: 5 }),
    };
  }

  const inMemory = options.pgliteDataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(options.pgliteDataDir, { recursive: true });
  const releaseLock = inMemory ? () => {} : lockDataDirectory(options.pgliteDataDir);
  const client = await PGlite.create(inMemory ? undefined : options.pgliteDataDir);
  const db = drizzlePglite(client, { schema: tables, logger }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return {
    db,
    driver: "pglite",
    get statementCount() {
      return statementCount;
    },
    ping: async () => void (await client.query("select 1")),
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is one process per data directory: a second one (a seeder, a worker, another server) would
 * silently corrupt the first's view. A lock file with the owner's pid makes that fail loudly instead;
 * a lock left by a process that no longer exists is taken over.
 */
function lockDataDirectory(directory: string): () => void {
  const file = join(directory, "varmply.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      const release = () => rmSync(file, { force: true });
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(file, "utf8"));
      if (isAlive(owner) && owner !== process.pid) {
        throw new Error(
          `The PGlite data directory ${directory} is in use by process ${owner}. Stop it first ` +
            `(PGlite allows one process per data directory), or use a PostgreSQL server via DATABASE_URL.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the PGlite data directory ${directory}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Applies migrations on one dedicated connection holding an advisory lock, so processes can start at once. */
async function migrateServer(databaseUrl: string): Promise<void> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** `execute` answers `{ rows }` on PGlite and an array on postgres.js; this reads both. */
export async function queryRows<T>(executor: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The Postgres error code of a failed query (Drizzle wraps driver errors and keeps them as `cause`). */
export function postgresErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = "23505";
