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
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgSession, PgTransaction } from "drizzle-orm/pg-core";
import postgres from "postgres";
import * as tables from "../../schema/tables.js";
import { loadConfig, type Config } from "../config.js";

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
  /** The pool's occupancy (PostgreSQL server); undefined on PGlite, which has one connection and no pool. */
  pool(): PoolStats | undefined;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface PoolStats {
  size: number;
  /** Queries and transactions holding a connection. */
  inUse: number;
  /** Queries and transactions waiting for one. */
  waiting: number;
  /** Waits that gave up after the acquire timeout (503 SERVICE_UNAVAILABLE), since start-up. */
  acquireTimeouts: number;
}

const migrationsFolder = fileURLToPath(new URL("../../schema/migrations", import.meta.url));
// Any constant shared by every process: serialises concurrent start-ups of processes on one database.
const MIGRATION_LOCK_ID = 7_401_100;

export interface DatabaseOptions {
  databaseUrl?: string;
  pgliteDataDir: string;
  poolSize?: number;
  /** PostgreSQL server only; each defaults to the value src/config.ts gives it without environment. */
  timeouts?: Partial<DatabaseTimeouts>;
  /** PostgreSQL server only: send statements as named prepared statements (see `preparing`); default true. */
  preparedStatements?: boolean;
}

export type DatabaseTimeouts = Pick<
  Config,
  "databaseConnectTimeoutMs" | "databaseAcquireTimeoutMs" | "databaseStatementTimeoutMs" | "databaseIdleInTransactionTimeoutMs" | "readinessTimeoutMs"
>;

/**
 * Seconds between attempts to reconnect a pooled connection. postgres.js's default grows to 20 s and
 * queries queued behind it wait through it: during an outage each attempt should fail (and answer 503)
 * at once, and the first after the database's return should succeed.
 */
const RECONNECT_DELAY_SECONDS = 0.2;

/** A database failure the server answers 503 for (src/graphql/format-error.ts reads `code`). */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly code: "CONNECTION_ACQUIRE_TIMEOUT" | "READINESS_TIMEOUT",
    message: string,
  ) {
    super(message);
    this.name = "DatabaseUnavailableError";
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let statementCount = 0;
  const logger = { logQuery: () => void statementCount++ };

  if (options.databaseUrl) {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    await migrateServer(options.databaseUrl, timeouts);
    const poolSize = options.poolSize ?? 10;
    const client = postgres(options.databaseUrl, {
      max: poolSize,
      onnotice: () => {},
      connect_timeout: timeouts.databaseConnectTimeoutMs / 1000,
      backoff: () => RECONNECT_DELAY_SECONDS,
      connection: {
        application_name: "varmply-api",
        statement_timeout: timeouts.databaseStatementTimeoutMs,
        idle_in_transaction_session_timeout: timeouts.databaseIdleInTransactionTimeoutMs,
      },
    });
    // A connection attempt has connect_timeout to succeed, plus the pause before it is made.
    const startTimeoutMs = timeouts.databaseConnectTimeoutMs + RECONNECT_DELAY_SECONDS * 1000 + 100;
    const gate = new ConnectionGate(poolSize, timeouts.databaseAcquireTimeoutMs);
    const prepare = options.preparedStatements ?? true;
    const db = drizzlePostgres(gated(client, gate, startTimeoutMs, prepare), { schema: tables, logger }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      get statementCount() {
        return statementCount;
      },
      pool: () => gate.stats(),
      // Not gated: readiness asks whether the database answers, not whether the pool has room.
      ping: () => withDeadline(client`select 1`.then(() => undefined), timeouts.readinessTimeoutMs),
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
    pool: () => undefined,
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
async function migrateServer(databaseUrl: string, timeouts: DatabaseTimeouts): Promise<void> {
  // No statement timeout here: a migration may rewrite a large table.
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: timeouts.databaseConnectTimeoutMs / 1000 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

const DEFAULT_TIMEOUTS: DatabaseTimeouts = loadConfig({});

/**
 * A bound on the wait for a pool connection. postgres.js queues a query that finds no free connection
 * until one is, however long that takes, and cannot safely drop a query once queued (one handed to a
 * connecting connection would strand that connection). So at most `size` queries and transactions are
 * let into postgres.js at a time, one per connection (abandoned ones aside, see `gated`), and the rest wait
 * here, where leaving is safe: one that waits longer than the acquire timeout fails as SERVICE_UNAVAILABLE
 * without having run.
 */
class ConnectionGate {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  private acquireTimeouts = 0;

  constructor(
    private readonly size: number,
    private readonly acquireTimeoutMs: number,
  ) {
    this.free = size;
  }

  stats(): PoolStats {
    return { size: this.size, inUse: this.size - this.free, waiting: this.waiting.length, acquireTimeouts: this.acquireTimeouts };
  }

  async run<T>(work: () => PromiseLike<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        this.acquireTimeouts++;
        reject(new DatabaseUnavailableError("CONNECTION_ACQUIRE_TIMEOUT", `No database connection became free within ${this.acquireTimeoutMs} ms`));
      }, this.acquireTimeoutMs);
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * The postgres.js client as Drizzle sees it, with its two entry points passing through the gate:
 * `unsafe` (every Drizzle statement; Drizzle only awaits it, after an optional `.values()`) and `begin`
 * (a transaction holds its connection, so its permit, until it ends). postgres.js's own `begin` calls the
 * real `unsafe`, so a transaction takes one permit, not two.
 *
 * Inside the gate, a statement or transaction that has not started on a connection within `startTimeoutMs`
 * fails too: while the database restarts, a connection attempt can be accepted and then wait for the
 * server's answer, and postgres.js may keep a query waiting across several attempts. It is abandoned, not
 * cancelled (see ConnectionGate): an abandoned transaction rolls back before running anything, an abandoned
 * single statement may still run later, as a statement whose answer was lost in an outage may have.
 */
function gated(client: postgres.Sql, gate: ConnectionGate, startTimeoutMs: number, prepare: boolean): postgres.Sql {
  const clientUnsafe = prepare ? preparing(client) : client.unsafe.bind(client);
  const unsafe = (...args: Parameters<postgres.Sql["unsafe"]>) => {
    let asValues = false;
    let result: Promise<unknown> | undefined;
    const run = () =>
      (result ??= gate.run(() => {
        const query = clientUnsafe(...args);
        // postgres.js sets `state` when it writes the query to a connection.
        const started = () => (query as unknown as { state: unknown }).state != null;
        return startWithin(asValues ? query.values() : query, started, startTimeoutMs);
      }));
    const pending = {
      values() {
        asValues = true;
        return pending;
      },
      then: (fulfilled?: (value: unknown) => unknown, rejected?: (reason: unknown) => unknown) => run().then(fulfilled, rejected),
      catch: (rejected?: (reason: unknown) => unknown) => run().catch(rejected),
      finally: (settled?: () => void) => run().finally(settled),
    };
    return pending;
  };
  const begin = (...args: unknown[]) =>
    gate.run(() => {
      const body = args.pop() as (sql: postgres.TransactionSql) => unknown;
      let started = false;
      let abandoned = false;
      const transaction = (client.begin as (...a: unknown[]) => Promise<unknown>)(...args, (sql: postgres.TransactionSql) => {
        if (abandoned) throw new DatabaseUnavailableError("CONNECTION_ACQUIRE_TIMEOUT", "The transaction was abandoned before it started");
        started = true;
        return body(prepare ? withUnsafe(sql, preparing(sql)) : sql);
      });
      return startWithin(transaction, () => started, startTimeoutMs, () => (abandoned = true));
    });
  return new Proxy(client, {
    get(target, property) {
      if (property === "unsafe") return unsafe;
      if (property === "begin") return begin;
      return Reflect.get(target, property, target);
    },
  });
}

/**
 * Statements with at most this many parameters are prepared. Drizzle's texts are fixed per call site (key
 * sets travel as one array parameter, src/db/array-param.ts), but a multi-row insert's text grows with its
 * rows: those stay unnamed, so the statements a connection keeps stay a bounded set.
 */
const MAX_PREPARED_PARAMETERS = 32;

/**
 * `unsafe` sending Drizzle's statements as named prepared statements. Drizzle asks postgres.js for unnamed
 * ones, which cost a Parse/Describe round trip and a Bind/Execute one on every run; a named statement is
 * parsed once per connection and then bound and executed in one (docs/performance.md measured the difference).
 * postgres.js re-prepares a statement the server no longer has or whose result type changed.
 */
function preparing(client: Pick<postgres.Sql, "unsafe">): postgres.Sql["unsafe"] {
  return ((query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
    client.unsafe(query, params as never, { ...options, prepare: (params?.length ?? 0) <= MAX_PREPARED_PARAMETERS })) as postgres.Sql["unsafe"];
}

/** `sql` with `unsafe` replaced, everything else its own. */
function withUnsafe<T extends postgres.Sql | postgres.TransactionSql>(sql: T, unsafe: postgres.Sql["unsafe"]): T {
  return new Proxy(sql, { get: (target, property) => (property === "unsafe" ? unsafe : Reflect.get(target, property, target)) });
}

/** `work`, unless it has not `started` after `ms`: then a DatabaseUnavailableError, and `abandon` is called. */
function startWithin<T>(work: PromiseLike<T>, started: () => boolean, ms: number, abandon?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (started()) return;
      abandon?.();
      reject(new DatabaseUnavailableError("CONNECTION_ACQUIRE_TIMEOUT", `No database connection could be used within ${ms} ms`));
    }, ms);
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** `work`, or a DatabaseUnavailableError once `ms` have passed (what `work` does afterwards is ignored). */
function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError("READINESS_TIMEOUT", `The database did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => {}); // a late failure after the deadline is not an unhandled rejection
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const builtOnce = new WeakMap<object, Map<string, unknown>>();

/**
 * What `build` makes, once per database handle (or transaction) and name: a statement built once instead of
 * on every request, for the statements most requests send (the viewer's row, a participation with its
 * campaign, the pages of a list). Drizzle builds a statement's text by walking its columns and parts, each
 * time: a tenth of a small request's CPU.
 */
export function oncePerDatabase<T>(executor: object, name: string, build: () => T): T {
  let byName = builtOnce.get(executor);
  if (!byName) builtOnce.set(executor, (byName = new Map()));
  let built = byName.get(name) as T | undefined;
  if (built === undefined) byName.set(name, (built = build()));
  return built;
}

/**
 * A raw statement whose text is built once per executor and name (its values are `sql.placeholder(...)`s),
 * answering rows as arrays in its column order, through Drizzle's session (the way its own selects read
 * rows, on both drivers): no text built and no object per row made per request.
 */
export function preparedArrays(executor: Executor, name: string, build: () => ReturnType<typeof sql>): (values: Record<string, unknown>) => Promise<unknown[][]> {
  return oncePerDatabase(executor, `arrays:${name}`, () => {
    const { session, dialect } = executor as unknown as { session: PgSession; dialect: PgDialect };
    const prepared = session.prepareQuery(dialect.sqlToQuery(build()), undefined, undefined, true, (rows) => rows);
    return (values: Record<string, unknown>) => prepared.execute(values) as Promise<unknown[][]>;
  });
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
